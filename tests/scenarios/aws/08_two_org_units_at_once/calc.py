#!/usr/bin/env python3
"""Expected rows of scenario 08 (python3 calc.py writes expected/*.csv; --check compares). The model
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
    assert [r["org_unit_id"] for r in res.rows(usage_start=d1)] == ["ou-a"]
    day2 = res.rows(usage_start=d2)
    assert sorted(r["org_unit_id"] for r in day2) == ["ou-a", "ou-b"]
    for r in day2:
        m.close(r["unblended_cost"], 24 * 0.0832, "the full day on each OU row")
    # conservation holds except for the duplicated day-2 row
    day_cost = 24 * 0.0832
    m.assert_conserved(res, extra={"unblended_cost": day_cost, "blended_cost": day_cost,
                                   "calculated_amortized_cost": day_cost, "public_on_demand_cost": day_cost})
    (row,) = res.rows(m.EC2)
    m.close(row["unblended_cost"], 48 * 0.0832, "EC2 is not duplicated")
    assert row["account_alias"] == "Team B"


m.main(HERE, checks, conserved=False)
