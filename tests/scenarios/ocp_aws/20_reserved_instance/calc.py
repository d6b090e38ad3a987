#!/usr/bin/env python3
"""Expected rows of scenario 20 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    raw = res.aws_daily(lineitem_lineitemtype="DiscountedUsage")
    assert len(raw) == 1 and raw[0]["lineitem_unblendedcost"] == 0.0
    rows = res.rows()
    assert sorted(r["namespace"] for r in rows) == ["Worker unallocated", "shop"]
    for r in rows:
        for c in m.COST_COLUMNS:
            assert r[c] == 0.0, (c, r[c])
        m.close(r["usage_amount"], 12.0, "24 hours / 2 rows")
    m.assert_conserved(res, ["i-0a0b0c0d00002001"])


m.main(HERE, checks)
