#!/usr/bin/env python3
"""Expected rows of scenario 18 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    day = 24 * 0.196
    assert len(res.rows()) == 3
    m.close(res.pick(usage_start=dt.date(2026, 10, 1))["markup_cost"], day * 0.1, "first run's day")
    for d in (2, 3):
        m.close(res.pick(usage_start=dt.date(2026, 10, d))["markup_cost"], day * 0.25, "second run's days")
    (row,) = res.rows(m.EC2)
    m.close(row["unblended_cost"], 3 * day, "the month")
    m.close(row["markup_cost"], 3 * day * 0.25, "rewritten by the second run")
    m.close(row["markup_cost_blended"], 3 * day * 0.25, "rewritten by the second run")


m.main(HERE, checks)
