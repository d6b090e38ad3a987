#!/usr/bin/env python3
"""Expected rows of scenario 14 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    s3 = 24 * 50 * 0.02
    a = res.rows(cluster_id="ocp-aws-14a")
    b = res.rows(cluster_id="ocp-aws-14b")
    assert sorted(r["namespace"] for r in a) == ["Worker unallocated", "shop", "shop"]
    assert sorted(r["namespace"] for r in b) == ["Worker unallocated", "ops", "shop", "shop"]
    for rows in (a, b):
        bucket = next(r for r in rows if r["product_code"] == "AmazonS3")
        m.close(bucket["unblended_cost"], s3 / 2, "bucket split over the two clusters that have shop")
        m.close(bucket["usage_amount"], 24 * 50 / 2, "usage / (k x c)")
    m.close(res.pick(cluster_id="ocp-aws-14b", namespace="ops")["unblended_cost"], 2 / 8 * 24 * 0.4, "B ops 2/8")
    m.close(res.pick(cluster_id="ocp-aws-14a", namespace="Worker unallocated")["unblended_cost"],
            3 / 4 * 24 * 0.2, "A unallocated 3/4")
    assert not any(r["resource_id"] == "i-0a0b0c0d000014b1" for r in a)  # no cross-cluster compute
    days = res.rows("reporting_ocpaws_cost_summary_p")
    assert sorted(r["cluster_id"] for r in days) == ["ocp-aws-14a", "ocp-aws-14b"]
    m.close(sum(r["unblended_cost"] for r in days), 24 * 0.2 + 24 * 0.4 + s3, "account total conserved")
    m.assert_conserved(res, ["i-0a0b0c0d000014a1", "i-0a0b0c0d000014b1",
                             "arn:aws:ec2:us-east-1d:900000000001:snapshot/snap-0a0b0c0d000014cc"])


m.main(HERE, checks)
