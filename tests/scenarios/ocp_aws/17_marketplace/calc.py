#!/usr/bin/env python3
"""Expected rows of scenario 17 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

ROSA = "Red Hat OpenShift Service on AWS"


def checks(res):
    raw = res.aws_daily(bill_billingentity="AWS Marketplace")[0]
    assert raw["lineitem_productcode"] == "5hnnev4d0v7mapf09j0v8of0o2"
    fee = res.rows(product_code=ROSA)
    assert sorted(r["namespace"] for r in fee) == ["Worker unallocated", "shop"]
    shop = next(r for r in fee if r["namespace"] == "shop")
    m.close(shop["unblended_cost"], 24 / 96 * 24 * 0.05, "fee split by cpu like compute")
    assert shop["resource_id"] == "arn:aws:ec2:us-east-1a:900000000001:instance/i-0a0b0c0d00001701"
    assert shop["instance_type"] is None and shop["product_family"] is None
    svc = res.pick("reporting_ocpaws_cost_summary_by_service_p", product_code=ROSA)
    m.close(svc["unblended_cost"], 24 * 0.05, "by-service row under the product name")
    assert len(res.rows("reporting_ocpaws_compute_summary_p")) == 1  # only the EC2 instance
    m.assert_conserved(res, ["i-0a0b0c0d00001701",
                             "arn:aws:ec2:us-east-1a:900000000001:instance/i-0a0b0c0d00001701"])


m.main(HERE, checks)
