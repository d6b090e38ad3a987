#!/usr/bin/env python3
"""Expected rows of scenario 15 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

R1, R2 = "i-0a1000001501", "i-0a1000001502"


def checks(res):
    days = sorted({r["usage_start"] for r in res.rows()})
    assert days == [dt.date(2026, 9, 29), dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 2)]
    assert len(res.rows()) == 4  # in September both instances share each day's row (same type, tags, AZ)
    sept_day = res.pick(usage_start=dt.date(2026, 9, 30))
    assert sept_day["resource_ids"] == [R1, R2] and sept_day["resource_count"] == 2
    m.close(sept_day["unblended_cost"], 24 * (0.0408 + 0.0816), "both instances")
    sept = res.pick(m.EC2, resource_id=R1, usage_start=dt.date(2026, 9, 29))
    assert sept["usage_end"] == dt.date(2026, 9, 30)
    m.close(sept["unblended_cost"], 48 * 0.0408, "September part")
    octo = res.pick(m.EC2, resource_id=R1, usage_start=dt.date(2026, 10, 1))
    assert octo["usage_end"] == dt.date(2026, 10, 2)
    m.close(octo["usage_amount"], 48.0, "October part")
    m.close(res.pick(m.EC2, resource_id=R2)["unblended_cost"], 48 * 0.0816, "September only")
    assert len(res.rows(m.EC2)) == 3


m.main(HERE, checks)
