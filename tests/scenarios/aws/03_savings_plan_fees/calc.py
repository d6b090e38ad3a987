#!/usr/bin/env python3
"""Expected rows of scenario 03 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

PLAN = "arn:aws:savingsplans::900000000001:savingsplan/0a1000000303"


def checks(res):
    d1, d2 = dt.date(2026, 10, 1), dt.date(2026, 10, 2)
    fees1 = res.pick(usage_start=d1, product_code="ComputeSavingsPlans")
    m.close(fees1["unblended_cost"], 120.0 + 3.0, "upfront + recurring fee")
    m.close(fees1["calculated_amortized_cost"], 0.0 + 0.2352, "fees: amortized = effective cost (upfront has none)")
    m.close(fees1["usage_amount"], 1 + 24, "fee usage")
    assert fees1["resource_ids"] == [PLAN] and fees1["region"] == "global"
    assert fees1["availability_zone"] is None and fees1["unit"] is None and fees1["instance_type"] is None
    assert fees1["unblended_rate"] == 0.0 and fees1["tags"] == {} and fees1["cost_category"] == {}
    fees2 = res.pick(usage_start=d2, product_code="ComputeSavingsPlans")
    m.close(fees2["unblended_cost"], 3.0, "recurring fee")
    m.close(fees2["calculated_amortized_cost"], 0.2352, "recurring fee amortized")
    for day in (d1, d2):
        usage = res.pick(usage_start=day, instance_type="m5.large")
        m.close(usage["usage_amount"], 12 + 12, "two 12-hour line items")
        m.close(usage["unblended_cost"], 2 * 1.152, "two 12-hour line items")
        m.close(usage["calculated_amortized_cost"], 2 * 1.152, "Usage: amortized = unblended")
        covered = res.pick(usage_start=day, instance_type="m5.xlarge", tags={"app": "batch"})
        m.close(covered["calculated_amortized_cost"], 2.7648, "covered: amortized = effective")
        negation = res.pick(usage_start=day, instance_type="m5.xlarge", tags={})
        assert negation["usage_amount"] == 0.0 and negation["calculated_amortized_cost"] == 0.0
        # what the day costs: on demand + the plan's commitment (3.0 = 2.7648 used + 0.2352 unused)
        total = sum(r["calculated_amortized_cost"] for r in res.rows(usage_start=day))
        m.close(total, 2.304 + 3.0, "amortized day total")
    assert len(res.rows()) == 8
    assert [r["resource_id"] for r in sorted(res.rows(m.EC2), key=lambda r: r["resource_id"])] == [
        "i-0a1000000301", "i-0a1000000302"]  # the fee rows are no EC2 compute
    covered = res.pick(m.EC2, resource_id="i-0a1000000302")
    assert covered["unblended_cost"] == 0.0
    m.close(covered["calculated_amortized_cost"], 2 * 2.7648, "EC2 amortized")


m.main(HERE, checks)
