#!/usr/bin/env python3
"""Expected rows of scenario 04 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

RI, ON_DEMAND = "i-0a1000000401", "i-0a1000000402"


def checks(res):
    d1, d2 = dt.date(2026, 10, 1), dt.date(2026, 10, 2)
    merged = res.pick(usage_start=d1)
    assert merged["resource_ids"] == ["", RI, ON_DEMAND] and merged["resource_count"] == 3
    m.close(merged["usage_amount"], 24 + 24 + 24, "RIFee + DiscountedUsage + Usage hours")
    m.close(merged["unblended_cost"], 1.44 + 0 + 2.304, "RI fee + 0 + on demand")
    m.close(merged["calculated_amortized_cost"], 1.44 + 2.304, "RIFee/DiscountedUsage: amortized = unblended")
    m.close(merged["public_on_demand_cost"], 2.304 + 2.304, "the RI hours keep their on-demand price")
    assert merged["normalization_factor"] == 4.0 and merged["normalized_usage_amount"] == 192.0
    assert merged["savingsplan_effective_cost"] == 0.0
    fee = res.pick(usage_start=d2, availability_zone=None)
    assert fee["resource_ids"] == [""] and fee["resource_count"] == 1 and fee["normalization_factor"] == 0.0
    m.close(fee["calculated_amortized_cost"], 1.44, "regional RI fee")
    used = res.pick(usage_start=d2, availability_zone="us-east-1a")
    assert used["resource_ids"] == [RI, ON_DEMAND]
    assert len(res.rows()) == 3
    ri = res.pick(m.EC2, resource_id=RI)
    assert ri["unblended_cost"] == 0.0 and ri["calculated_amortized_cost"] == 0.0
    m.close(ri["public_on_demand_cost"], 2 * 2.304, "EC2: on-demand equivalent of the RI hours")
    m.close(ri["normalized_usage_amount"], 2 * 96.0, "EC2 normalized usage")
    m.close(res.pick(m.EC2, resource_id=ON_DEMAND)["unblended_cost"], 2 * 2.304, "EC2 on demand")
    assert len(res.rows(m.EC2)) == 2


m.main(HERE, checks)
