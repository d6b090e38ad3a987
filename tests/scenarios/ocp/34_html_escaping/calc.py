#!/usr/bin/env python3
"""Expected rows of scenario 34 (python3 calc.py > expected.csv). Names are HTML-escaped at ingest, labels are not."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

NODE = "edge&lt;1&gt;&amp;co"


def checks(rows):
    rd = km.pick(rows, data_source="Pod", namespace="r&amp;d")
    assert rd["node"] == NODE
    assert rd["pod_labels"] == {"zone": "<a&b>", "dept": "r&d", "app": '"quoted"'}, "labels keep raw text"
    assert rd["cost_category"] == "Escaped name", "the pattern sees 'r&amp;d'"
    km.pick(rows, data_source="Pod", namespace="o&#x27;neil")
    st = km.pick(rows, data_source="Storage")
    assert (st["namespace"], st["node"], st["persistentvolumeclaim"], st["persistentvolume"], st["storageclass"]) == (
        "r&amp;d", NODE, "data&amp;logs", "pv&lt;1&gt;", "fast&amp;cheap")
    assert st["volume_labels"] == {"zone": "<a&b>", "dept": "r&d"}, "node/namespace labels joined via escaped names"
    km.check(km.pick(rows, namespace="Worker unallocated")["pod_usage_cpu_core_hours"], 96 - 18)


km.main(HERE, checks)
