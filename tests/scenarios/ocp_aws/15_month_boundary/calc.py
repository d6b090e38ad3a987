#!/usr/bin/env python3
"""Expected rows of scenario 15 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    hourly = round(30 * (0.1 / 744), 10)  # October: 31 days x 24 hours
    assert round(hourly / (0.1 / (31 * 24))) == 30
    assert {r["usage_start"] for r in res.rows()} == {dt.date(2026, 10, 30), dt.date(2026, 10, 31)}
    assert res.aws_daily(usage_day=dt.date(2026, 11, 1))  # November is in the CUR but not summarised
    for day in (dt.date(2026, 10, 30), dt.date(2026, 10, 31)):
        pvc = res.pick(data_source="Storage", namespace="shop", usage_start=day)
        un = res.pick(namespace="Storage unattributed", usage_start=day)
        m.close(pvc["unblended_cost"], 10 / 30 * 24 * hourly, "PVC 10/30")
        m.close(un["unblended_cost"], 20 / 30 * 24 * hourly, "unattributed 20/30")
        shop = res.pick(namespace="shop", data_source="Pod", usage_start=day, tags={"app": "web", "env": "prod"})
        m.close(shop["unblended_cost"], 24 / 96 * 24 * 0.2, "compute 24/96")
    m.assert_conserved(res, ["i-0a0b0c0d00001501", "vol-0a0b0c0d0000150a"])


m.main(HERE, checks)
