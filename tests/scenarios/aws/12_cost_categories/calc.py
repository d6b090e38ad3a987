#!/usr/bin/env python3
"""Expected rows of scenario 12 (python3 calc.py writes expected/*.csv; --check compares). The model
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
    cats = {(r["usage_start"], tuple(r["resource_ids"])): r["cost_category"] for r in res.rows()}
    assert cats == {
        (d1, ("i-0a1000001201",)): {"team": "web", "Charge type": "usage"},
        (d1, ("i-0a1000001202",)): {"team": "web"},
        (d1, ("i-0a1000001203",)): {},
        (d2, ("i-0a1000001201",)): {"team": "api", "Charge type": "usage"},
        (d2, ("i-0a1000001202",)): {"team": "web"},
        (d2, ("i-0a1000001203",)): {},
    }, cats
    row = res.pick(m.EC2, resource_id="i-0a1000001201")
    assert row["cost_category"] == {"team": "api", "Charge type": "usage"}  # from 10-02, the latest day
    m.close(row["unblended_cost"], 48 * 0.148, "both days")
    assert res.pick(m.EC2, resource_id="i-0a1000001203")["cost_category"] == {}


m.main(HERE, checks)
