#!/usr/bin/env python3
"""Expected rows of scenario 31 (python3 calc.py > expected.csv). Koku's label-string parser."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

NODE = {"app_tier": "frontend", "dup": "second", "plainkey": "v", "empty": "", "double": "x"}


def checks(rows):
    pod = km.pick(rows, data_source="Pod", namespace="parse")
    assert pod["pod_labels"] == dict(NODE, ns="ok", app="web"), pod["pod_labels"]
    st = km.pick(rows, data_source="Storage")
    assert st["volume_labels"] == dict(NODE, ns="ok", pv_owner="ops", dup="pv", pvc_ok="yes",
                                       **{"weird key": "spaced value"}), st["volume_labels"]


km.main(HERE, checks)
