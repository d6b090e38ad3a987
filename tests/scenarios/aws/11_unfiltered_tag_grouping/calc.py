#!/usr/bin/env python3
"""Expected rows of scenario 11 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    rows = sorted(res.rows(), key=lambda r: -r["resource_count"])
    assert len(rows) == 2
    red, blue = rows
    assert red["resource_ids"] == ["i-0a1000001101", "i-0a1000001103"] and red["resource_count"] == 2
    assert blue["resource_ids"] == ["i-0a1000001102"] and blue["resource_count"] == 1
    assert red["tags"] == blue["tags"] == {"app": "shop"}
    m.close(red["unblended_cost"], 2 * 24 * 0.068, "two instances")
    m.close(red["usage_amount"], 48.0, "two instances")
    m.close(blue["unblended_cost"], 24 * 0.068, "one instance")
    assert len(res.rows(m.EC2)) == 3


m.main(HERE, checks)
