#!/usr/bin/env python3
"""Expected rows of scenario 13 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    sp = 24 * 0.12
    neg = res.aws_daily(lineitem_lineitemtype="SavingsPlanNegation")
    assert len(neg) == 1 and neg[0]["lineitem_resourceid"] == "" and neg[0]["resourcetags"] == "{}"
    m.close(neg[0]["lineitem_unblendedcost"], -24 * 0.2, "negation rows are in the CUR")
    assert len(res.rows()) == 2  # shop and Worker unallocated, nothing from the negation
    shop = res.pick(namespace="shop")
    assert shop["unblended_cost"] == 0.0 and shop["blended_cost"] == 0.0 and shop["markup_cost"] == 0.0
    m.close(shop["savingsplan_effective_cost"], 24 / 96 * sp, "effective cost split by cpu")
    m.close(shop["calculated_amortized_cost"], 24 / 96 * sp, "amortized = effective cost (Q4)")
    m.close(shop["markup_cost_savingsplan"], 24 / 96 * sp * 0.05, "markup on the effective cost")
    m.close(shop["markup_cost_amortized"], 24 / 96 * sp * 0.05, "markup on the amortized cost")
    day = res.pick("reporting_ocpaws_cost_summary_p")
    m.close(day["savingsplan_effective_cost"], sp, "effective cost conserved")
    assert day["unblended_cost"] == 0.0
    m.assert_conserved(res, ["i-0a0b0c0d00001301"])


m.main(HERE, checks)
