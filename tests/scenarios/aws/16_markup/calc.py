#!/usr/bin/env python3
"""Expected rows of scenario 16 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def text(row, column):
    return m.text_of(column, row[column])


def checks(res):
    day = 24 * 0.0123456789  # 0.2962962936
    on_demand = res.pick(instance_type="t3.nano")
    assert text(on_demand, "unblended_cost") == "0.296296294"
    assert text(on_demand, "markup_cost") == "0.029629629"  # 0.02962962936 at 9 decimals
    assert text(on_demand, "markup_cost_blended") == "0.029629629360000"  # from the unrounded sum, 15 decimals
    assert text(on_demand, "markup_cost_amortized") == "0.029629629"
    assert text(on_demand, "markup_cost_savingsplan") == "0.000000000000000"
    m.close(on_demand["markup_cost"], day * 0.1, "markup", rel=1e-12)
    covered = res.pick(instance_type="t3a.nano", tags={"app": "calc"})
    assert text(covered, "savingsplan_effective_cost") == "0.148148146"  # 24 x 0.0061728394 = 0.1481481456
    assert text(covered, "markup_cost_savingsplan") == "0.014814814560000"
    assert text(covered, "markup_cost_amortized") == "0.014814815"
    negation = res.pick(instance_type="t3a.nano", tags={})
    assert text(negation, "markup_cost") == "-0.029629629"
    assert text(negation, "markup_cost_blended") == "-0.029629629360000"
    ec2 = res.pick(m.EC2, resource_id="i-0a1000001602")
    assert text(ec2, "markup_cost") == "0.000000000" and text(ec2, "markup_cost_savingsplan") == "0.014814814560000"
    assert text(res.pick(m.EC2, resource_id="i-0a1000001601"), "markup_cost_blended") == "0.029629629360000"


m.main(HERE, checks)
