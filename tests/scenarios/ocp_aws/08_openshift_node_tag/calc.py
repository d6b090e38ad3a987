#!/usr/bin/env python3
"""Expected rows of scenario 08 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    cost = 24 * 0.3
    rows = [r for r in res.rows() if r["resource_id"] != "i-0a0b0c0d00000801"]
    assert sorted((r["namespace"], r["data_source"]) for r in rows) == [
        ("batch", "Pod"), ("shop", "Pod"), ("shop", "Storage")], rows
    for r in rows:
        m.close(r["unblended_cost"], cost / 3, "even split over 3 (namespace, data source) groups")
        m.close(r["usage_amount"], 24 / 3, "usage / (k x c)")
        assert r["resource_id"] == "i-0a0b0c0d0000089f" and r["node"] == "worker-8"
    assert res.pick(namespace="shop", data_source="Pod", resource_id="i-0a0b0c0d0000089f")["tags"] == {"app": "web", "env": "prod"}
    storage = res.pick(data_source="Storage")
    node = res.rows(resource_id="i-0a0b0c0d00000801")  # the node's own instance: compute rows incl. Q6's NULL row
    assert sorted((r["namespace"], r["unblended_cost"] is None) for r in node) == [
        ("Worker unallocated", False), ("batch", False), ("shop", False), ("shop", True)]
    assert storage["tags"] == {"app": "web-data", "env": "prod"} and storage["persistentvolumeclaim"] == "web-data"
    m.close(sum(r["unblended_cost"] for r in rows), cost, "tag-matched cost conserved (one cluster)")
    m.assert_conserved(res, ["i-0a0b0c0d0000089f", "i-0a0b0c0d00000801"])


m.main(HERE, checks)
