#!/usr/bin/env python3
"""Expected rows of scenario 02 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    cost = 24 * 0.2
    cache, batch = res.pick(namespace="cache"), res.pick(namespace="batch")
    free = res.pick(namespace="Worker unallocated")
    # effective memory = max(usage, request) GiB x 24 h over 16 GiB x 24 h (cpu would give 1/4 and 2/4)
    m.close(cache["unblended_cost"], 8 * 24 / (16 * 24) * cost, "cache 8/16")
    m.close(batch["unblended_cost"], 2 * 24 / (16 * 24) * cost, "batch 2/16")
    m.close(free["unblended_cost"], 6 * 24 / (16 * 24) * cost, "unallocated 6/16")
    m.close(cache["unblended_cost"] + batch["unblended_cost"] + free["unblended_cost"], cost, "conserved")
    for row in (cache, batch, free):
        m.close(row["usage_amount"], 24 / 3, "24 instance hours / 3 rows")
    assert cache["tags"] == {"app": "redis", "env": "prod"} and free["tags"] is None
    m.assert_conserved(res, ["i-0a0b0c0d00000201"])


m.main(HERE, checks)
