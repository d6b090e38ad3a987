#!/usr/bin/env python3
"""Expected rows of scenario 18 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    c7, c78 = 24 * 0.1, 24 * 0.2
    r7 = {r["namespace"]: r for r in res.rows(resource_id="i-7")}
    assert sorted(r7) == ["Worker unallocated", "alpha"]
    m.close(r7["alpha"]["unblended_cost"], 24 / 96 * c7, "i-7 alpha")
    m.close(r7["Worker unallocated"]["unblended_cost"], 72 / 96 * c7, "i-7 unallocated")
    r78 = {r["namespace"]: r for r in res.rows(resource_id="i-78")}
    assert sorted(r78) == ["Worker unallocated", "alpha", "beta"]  # alpha runs on node i-7 only
    m.close(r78["alpha"]["unblended_cost"], 24 / 96 * c78, "i-78 leaks into alpha by substring")
    m.close(r78["beta"]["unblended_cost"], 48 / 96 * c78, "i-78 beta")
    m.close(r78["Worker unallocated"]["unblended_cost"], (72 + 48) / 96 * c78, "both nodes' unallocated in one group")
    assert r78["Worker unallocated"]["node"] == "node-b"  # max(node)
    m.close(sum(r["unblended_cost"] for r in r78.values()), 2 * c78, "i-78 attributed twice")
    for r in r78.values():
        m.close(r["usage_amount"], 24 / 3, "usage / 3 rows")
    m.assert_conserved(res, ["i-7"])
    m.assert_conserved(res, ["i-78"], factor=2.0)  # Q1: twice


m.main(HERE, checks)
