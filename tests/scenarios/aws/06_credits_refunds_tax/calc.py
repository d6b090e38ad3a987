#!/usr/bin/env python3
"""Expected rows of scenario 06 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    d1, d2 = dt.date(2026, 10, 1), dt.date(2026, 10, 2)
    credit_tax = res.pick(usage_start=d1, product_family=None)
    m.close(credit_tax["unblended_cost"], -1.5 + 0.4107, "credit + tax")
    m.close(credit_tax["calculated_amortized_cost"], -1.5 + 0.4107, "Credit/Tax: amortized = unblended")
    assert credit_tax["resource_ids"] == [""] and credit_tax["resource_count"] == 1
    for column in ("availability_zone", "region", "instance_type", "unit", "tax_type"):
        assert credit_tax[column] is None, column
    assert credit_tax["tags"] == {} and credit_tax["usage_amount"] == 0.0
    refund = res.pick(usage_start=d2, product_code="AmazonS3")
    m.close(refund["unblended_cost"], -0.75, "refund")
    m.close(refund["blended_cost"], -0.75, "refund blended")
    credit = res.pick(usage_start=d2, product_code="AmazonEC2", product_family=None)
    m.close(credit["unblended_cost"], -2.25, "day 2 credit")
    for day in (d1, d2):
        usage = res.pick(usage_start=day, product_family="Compute Instance")
        m.close(usage["unblended_cost"], 2 * 1.284, "two 12-hour line items")
    assert len(res.rows()) == 5
    day2 = sum(r["unblended_cost"] for r in res.rows(usage_start=d2))
    m.close(day2, 2.568 - 0.75 - 2.25, "day 2 is negative", rel=1e-9)
    (row,) = res.rows(m.EC2)
    m.close(row["unblended_cost"], 4 * 1.284, "EC2: usage only, no credit")


m.main(HERE, checks)
