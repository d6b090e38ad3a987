#!/usr/bin/env python3
"""Expected rows of scenario 36 (python3 calc.py > expected.csv). Roles are looked up across clusters; the max wins."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    a = [r for r in rows if r["cluster_id"] == "scen-36-a"]
    b = [r for r in rows if r["cluster_id"] == "scen-36-b"]
    assert km.pick(a, node="cp-1", data_source="Pod", namespace="Worker unallocated")["cost_category"] is None, \
        "A's master turned Worker unallocated on A's second run"
    assert not [r for r in a if r["namespace"] == "Platform unallocated"]
    km.pick(b, node="cp-1", namespace="Worker unallocated")
    odd = km.pick(a, node="odd-1", namespace=None)
    assert odd["cost_category"] is None, "max('zz-custom', 'worker') = 'zz-custom': no namespace"
    km.check(odd["pod_usage_cpu_core_hours"], 96 - 12)


km.main(HERE, checks)
