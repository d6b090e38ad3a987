#!/usr/bin/env python3
"""Expected rows of scenario 05 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

ARN = "arn:aws:ec2:us-east-1a:900000000001:instance/i-0a1000000502"


def checks(res):
    rosa = res.pick(product_code="Red Hat OpenShift Service on AWS")
    # RHEL 7 has the ROSA row's parquet keys (product name is a max there, not a key): one row, the larger name
    m.close(rosa["unblended_cost"], 24 * 1 * 0.05 + 24 * 0.0135, "ROSA + RHEL 7 fees")
    assert not res.rows(product_code="Red Hat Enterprise Linux 7")
    assert rosa["product_family"] is None and rosa["instance_type"] is None and rosa["unit"] == "Hrs"
    assert rosa["resource_ids"] == ["arn:aws:ec2:us-east-1a:900000000001:instance/i-0a1000000501"]
    rhel = res.pick(product_code="Red Hat Enterprise Linux 8")
    m.close(rhel["usage_amount"], 24 * 2, "two units an hour")
    m.close(rhel["unblended_cost"], 24 * 2 * 0.0312, "RHEL fee")
    m.close(rhel["public_on_demand_cost"], 24 * 2 * 0.0312, "nise writes the cost as on-demand cost")
    assert rhel["public_on_demand_rate"] == 0.0  # nise writes no on-demand rate for Marketplace rows
    aws_entity = res.pick(instance_type="t3.small")
    assert aws_entity["product_code"] == "AmazonEC2" and aws_entity["product_family"] == "Compute Instance"
    m.close(aws_entity["unblended_cost"], 24 * 0.1158, "AWS-sold Marketplace usage")
    assert res.pick(instance_type="m5.xlarge")["product_code"] == "AmazonEC2"
    assert len(res.rows()) == 4
    row = res.pick(m.EC2, resource_id=ARN)
    assert row["vcpu"] is None and row["memory"] is None and row["operating_system"] is None
    assert row["instance_type"] == "t3.small" and row["tags"] == {"app": "rhel-ha"}
    assert len(res.rows(m.EC2)) == 2


m.main(HERE, checks)
