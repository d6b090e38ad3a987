#!/usr/bin/env python3
"""Expected rows of scenario 10 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    assert sorted(r["namespace"] for r in res.rows(resource_id="i-0a0b0c0d00001001")) == [
        "Worker unallocated", "other", "shop"]  # the node's own instance, by cpu
    row = res.pick(resource_id="i-0a0b0c0d000010aa")  # team: blue matched nothing
    assert row["namespace"] == "shop" and row["resource_id"] == "i-0a0b0c0d000010aa"
    m.close(row["unblended_cost"], 24 * 0.1, "whole instance to the labelled namespace")
    m.close(row["usage_amount"], 24.0, "k = c = 1")
    assert row["tags"] == {"app": "web", "env": "prod"}  # team is not an enabled OpenShift key, so not a label
    assert not res.rows(resource_id="i-0a0b0c0d000010bb")
    m.assert_conserved(res, ["i-0a0b0c0d000010aa", "i-0a0b0c0d00001001"])
    m.assert_conserved(res, ["i-0a0b0c0d000010bb"], factor=0.0)  # not attributed at all


m.main(HERE, checks)
