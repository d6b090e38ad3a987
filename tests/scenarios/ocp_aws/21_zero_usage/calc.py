#!/usr/bin/env python3
"""Expected rows of scenario 21 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

NODE = "i-0a0b0c0d00002101"


def checks(res):
    day_cost = 24 * 0.2
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 3)):
        rows = res.rows(usage_start=day)
        assert sorted(r["namespace"] for r in rows) == ["Worker unallocated", "batch", "shop"]
        # effective usage: batch max(1e-20, 1) = 1 core, shop max(2, 1) = 2 cores, of 4 (96 core-hours a day)
        m.close(res.pick(usage_start=day, namespace="batch")["unblended_cost"], 24 / 96 * day_cost, "idle pod 1/4")
        m.close(res.pick(usage_start=day, namespace="shop")["unblended_cost"], 48 / 96 * day_cost, "busy pod 2/4")
        m.close(res.pick(usage_start=day, namespace="Worker unallocated")["unblended_cost"], 24 / 96 * day_cost,
                "unallocated 1/4")
        m.close(sum(r["unblended_cost"] for r in rows), day_cost, "day conserved")
        for r in rows:
            m.close(r["usage_amount"], 24 / 3, "three compute rows share the instance-hours")
    assert not res.rows(usage_start=dt.date(2026, 10, 2))  # idle day: billed, but no OpenShift row
    days = res.rows("reporting_ocpaws_cost_summary_p")
    assert sorted(r["usage_start"] for r in days) == [dt.date(2026, 10, 1), dt.date(2026, 10, 3)]
    m.close(sum(r["unblended_cost"] for r in days), 2 * day_cost, "two of three billed days attributed")
    m.assert_conserved(res, [NODE], factor=2 / 3)


m.main(HERE, checks)
