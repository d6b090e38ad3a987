#!/usr/bin/env python3
"""Expected rows of scenario 03 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    cost = 24 * 0.123
    assert len(res.rows()) == 6
    for row in res.rows():
        share = {"cache": 1 / 4, "batch": 2 / 4, "Worker unallocated": 1 / 4}[row["namespace"]]  # cpu requests
        m.close(row["unblended_cost"], share * cost, row["namespace"])
        for c, mk in m.MARKUPS.items():
            m.close(row[mk], row[c] * 0.1, f"{mk} = {c} x 0.1")
    for day in res.rows("reporting_ocpaws_cost_summary_p"):
        m.close(day["unblended_cost"], cost, "conserved")
        m.close(day["markup_cost"], cost * 0.1, "markup of the day")
        m.close(day["markup_cost_amortized"], cost * 0.1, "amortized markup")
    m.assert_conserved(res, ["i-0a0b0c0d00000301"])  # markup columns = 0.1 x the billed cost


m.main(HERE, checks)
