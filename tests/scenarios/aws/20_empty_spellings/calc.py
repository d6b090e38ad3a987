#!/usr/bin/env python3
"""Expected rows of scenario 20 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    empty = [r for r in res.rows() if r["product_family"] is None]
    assert len(empty) == 2  # one per product name
    merged = next(r for r in empty if r["resource_count"] == 2)
    assert merged["resource_ids"] == ["", "i-0a1000002001"]
    for column in ("availability_zone", "region", "instance_type", "unit"):
        assert merged[column] is None, column
    m.close(merged["unblended_cost"], 0.5 + 0.25, "'' and the NA spellings are one group")
    m.close(merged["usage_amount"], 1 + 2, "usage")
    m.close(merged["unblended_rate"], 0.5, "max rate")
    ecr = next(r for r in empty if r["resource_count"] == 1)
    assert ecr["resource_ids"] == ["i-0a1000002002"] and ecr["product_code"] == "AmazonEC2"
    metal = res.pick(instance_type="m5.metal")
    assert metal["tags"] == {}  # None and NA tag values are dropped when Koku reads the CSV
    no_id = res.pick(instance_type="m5.large")
    assert no_id["resource_ids"] == [""] and no_id["resource_count"] == 1
    assert len(res.rows()) == 4
    (row,) = res.rows(m.EC2)
    assert row["resource_id"] == "i-0a1000002003" and row["instance_type"] == "m5.metal"
    assert row["vcpu"] is None and row["memory"] is None and row["operating_system"] is None
    assert row["instance_name"] is None and row["tags"] == {}
    m.close(row["unblended_cost"], 24 * 4.608, "bare metal day")


m.main(HERE, checks)
