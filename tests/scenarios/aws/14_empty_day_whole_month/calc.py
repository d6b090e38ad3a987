#!/usr/bin/env python3
"""Expected rows of scenario 14 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    assert m.date_range_pair(dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == [
        (dt.date(2026, 10, a), dt.date(2026, 10, b)) for a, b in ((1, 6), (7, 11), (12, 16), (17, 21), (22, 26),
                                                                  (27, 31))]
    assert sorted(r["usage_start"].day for r in res.rows()) == [1, 3, 9]
    for r in res.rows():
        m.close(r["unblended_cost"], 24 * 0.0168, "one day")
    (row,) = res.rows(m.EC2)
    assert row["usage_start"] == dt.date(2026, 10, 1) and row["usage_end"] == dt.date(2026, 10, 9)
    m.close(row["usage_amount"], 72.0, "three days of hours")
    m.close(row["unblended_cost"], 72 * 0.0168, "three days")


m.main(HERE, checks)
