#!/usr/bin/env python3
"""Expected rows of scenario 01 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

EC2 = "i-0a1000000101"
VOL = "vol-0a100000010a"


def checks(res):
    volume_hour = round(100 * (0.1 / (31 * 24)), 10)  # nise: size x rate / hours in October, 10 decimals
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 2)):
        ec2 = res.pick(usage_start=day, product_family="Compute Instance")
        m.close(ec2["usage_amount"], 24.0, "24 instance hours")
        m.close(ec2["unblended_cost"], 24 * 0.096, "24 x $0.096")
        assert m.numeric(ec2["unblended_cost"], 9) == "2.304000000"
        m.close(ec2["unblended_rate"], 0.096, "rate = max")
        m.close(ec2["calculated_amortized_cost"], ec2["unblended_cost"], "Usage: amortized = unblended")
        assert ec2["savingsplan_effective_cost"] == 0.0 and ec2["markup_cost"] == 0.0
        assert ec2["resource_ids"] == [EC2] and ec2["resource_count"] == 1
        assert ec2["tags"] == {"app": "shop", "Name": "web-1"}, ec2["tags"]  # team is disabled
        assert ec2["cost_category"] == {"team": "web"}
        assert ec2["account_alias"] == "900000000001" and ec2["org_unit_id"] is None
        assert ec2["product_code"] == "AmazonEC2" and ec2["instance_type"] == "m5.large"
        assert ec2["availability_zone"] == "us-east-1a" and ec2["region"] == "us-east-1" and ec2["unit"] == "Hrs"
        vol = res.pick(usage_start=day, product_family="Storage")
        m.close(vol["unblended_cost"], 24 * volume_hour, "24 hourly EBS line items")
        assert vol["instance_type"] is None and vol["availability_zone"] is None  # nise writes no AZ for EBS
        assert vol["tags"] == {"app": "shop"} and vol["resource_ids"] == [VOL]
    assert len(res.rows()) == 4
    # EC2 compute: one row for the instance over its days of the month, the volume is not a compute instance
    (row,) = res.rows(m.EC2)
    assert row["resource_id"] == EC2 and row["usage_start"] == dt.date(2026, 10, 1)
    assert row["usage_end"] == dt.date(2026, 10, 2)
    m.close(row["usage_amount"], 48.0, "48 hours")
    m.close(row["unblended_cost"], 48 * 0.096, "two days")
    assert row["instance_name"] == "web-1" and row["vcpu"] == 2 and row["memory"] == "8 GiB"
    assert row["operating_system"] == "Red Hat Enterprise Linux" and row["tags"] == {"app": "shop", "Name": "web-1"}


m.main(HERE, checks)
