#!/usr/bin/env python3
"""Expected rows of scenario 02 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

COVERED, ON_DEMAND = "i-0a1000000201", "i-0a1000000202"


def checks(res):
    covered = res.pick(instance_type="m5.xlarge", tags={"app": "api"})
    m.close(covered["usage_amount"], 24.0, "covered hours")
    m.close(covered["unblended_cost"], 24 * 0.192, "the daily summary keeps covered unblended cost")
    m.close(covered["savingsplan_effective_cost"], 24 * 0.1152, "effective cost")
    m.close(covered["calculated_amortized_cost"], 24 * 0.1152, "SavingsPlanCoveredUsage: amortized = effective")
    m.close(covered["public_on_demand_cost"], 24 * 0.192, "on-demand equivalent")
    negation = res.pick(instance_type="m5.xlarge", tags={})
    assert negation["resource_ids"] == [""] and negation["resource_count"] == 1  # '' is a distinct id
    assert negation["usage_amount"] == 0.0  # SavingsPlanNegation usage is not counted
    m.close(negation["unblended_cost"], -24 * 0.192, "negation")
    m.close(negation["blended_cost"], -24 * 0.192, "negation")
    m.close(negation["unblended_rate"], -0.192, "negative rate")
    assert negation["calculated_amortized_cost"] == 0.0 and negation["savingsplan_effective_cost"] == 0.0
    assert negation["cost_category"] == {}
    # covered + negation: the plan's hours cost nothing unblended, the amortized cost is the effective cost
    m.close(covered["unblended_cost"] + negation["unblended_cost"], 0.0, "covered + negation")
    on_demand = res.pick(instance_type="m5.large")
    m.close(on_demand["calculated_amortized_cost"], 24 * 0.096, "Usage: amortized = unblended")
    assert len(res.rows()) == 3
    ec2 = res.pick(m.EC2, resource_id=COVERED)
    assert ec2["unblended_cost"] == 0.0 and ec2["blended_cost"] == 0.0  # covered usage zeroed
    m.close(ec2["savingsplan_effective_cost"], 24 * 0.1152, "EC2 effective cost")
    m.close(ec2["calculated_amortized_cost"], 24 * 0.1152, "EC2 amortized")
    m.close(ec2["usage_amount"], 24.0, "EC2 hours")
    m.close(ec2["unblended_rate"], 0.192, "the rate is not zeroed")
    m.close(res.pick(m.EC2, resource_id=ON_DEMAND)["unblended_cost"], 24 * 0.096, "on demand")
    assert len(res.rows(m.EC2)) == 2


m.main(HERE, checks)
