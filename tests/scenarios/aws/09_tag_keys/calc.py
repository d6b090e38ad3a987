#!/usr/bin/env python3
"""Expected rows of scenario 09 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    tags = {tuple(r["resource_ids"]): r["tags"] for r in res.rows()}
    assert tags == {
        ("i-0a1000000901",): {"app": "shop", "Name": "web-9", "env": "prod", "cost-center": "cc-100"},
        ("i-0a1000000902",): {},
        ("i-0a1000000903",): {"app": 'a, "quoted" \\ value', "Name": "Zürich-café"},
        ("i-0a1000000904",): {"env": "dev"},
    }, tags
    for r in res.rows():
        m.close(r["unblended_cost"], 24 * 0.0136, "one instance day")
    names = {r["resource_id"]: r["instance_name"] for r in res.rows(m.EC2)}
    assert names == {"i-0a1000000901": "web-9", "i-0a1000000902": None, "i-0a1000000903": "Zürich-café",
                     "i-0a1000000904": None}, names
    assert res.pick(m.EC2, resource_id="i-0a1000000902")["tags"] == {}


m.main(HERE, checks)
