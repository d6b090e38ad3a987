#!/usr/bin/env python3
"""Expected rows of scenario 12 (python3 calc.py > expected.csv). Right-wins merge of node, namespace, pod (or PV, PVC) labels."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pod = km.pick(rows, data_source="Pod", namespace="payments")
    assert pod["pod_labels"] == {"env": "pod", "owner": "namespace", "tier": "namespace", "zone": "node",
                                 "rack": "node", "app": "pay"}, pod["pod_labels"]
    st = km.pick(rows, data_source="Storage")
    assert st["volume_labels"] == {"env": "pvc", "disk": "pvc", "tier": "pv", "rack": "pv", "owner": "namespace",
                                   "zone": "node"}, st["volume_labels"]
    assert pod["all_labels"] == pod["pod_labels"] and st["all_labels"] == st["volume_labels"]


km.main(HERE, checks)
