#!/usr/bin/env python3
"""Expected rows of scenario 19 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

R1, R2 = "i-0a1000001901", "i-0a1000001902"


def checks(res):
    small, medium = 24 * 0.0208, 24 * 0.0416
    for d, markup in ((1, 0.2), (2, 0.2), (3, 0.3)):
        m.close(res.pick(usage_start=dt.date(2026, 10, d), instance_type="t3.small")["markup_cost"], small * markup,
                f"10-0{d}")
    m.close(res.pick(instance_type="t3.medium")["markup_cost"], medium * 0.3, "10-03")
    assert len(res.rows()) == 4
    (r1,) = res.rows(m.EC2, resource_id=R1)
    m.close(r1["markup_cost"], 3 * small * 0.2, "replaced by run 2 with the whole month")
    stale, fresh = sorted(res.rows(m.EC2, resource_id=R2), key=lambda r: r["markup_cost"])
    assert stale["usage_start"] == fresh["usage_start"] == dt.date(2026, 10, 3)
    m.close(stale["markup_cost"], medium * 0.1, "run 1's row survives (usage_start after run 2's end)")
    m.close(fresh["markup_cost"], medium * 0.2, "run 2 inserts it again")
    m.close(stale["unblended_cost"], fresh["unblended_cost"], "same cost twice")


m.main(HERE, checks)
