#!/usr/bin/env python3
"""Expected rows of scenario 17 (python3 calc.py > expected.csv). Role -> unallocated namespace."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

ROLES = {"master-1": "Platform unallocated", "infra-1": "Platform unallocated", "both-1": "Platform unallocated",
         "worker-1": "Worker unallocated", "tagged-master": "Worker unallocated", "infra-real": "Worker unallocated"}


def checks(rows):
    for node, namespace in ROLES.items():
        free = km.pick(rows, node=node, namespace=namespace)
        assert free["cost_category"] == ("Platform" if namespace.startswith("Platform") else None)
    km.check(km.pick(rows, node="master-1", namespace="Platform unallocated")["pod_usage_cpu_core_hours"],
             96 - 2 * 12, "two namespaces on master-1")
    # both-1's pod row (generator 2) and master-1's (generator 1) are two Pod rows of openshift-kube-apiserver
    assert len([r for r in rows if r["namespace"] == "openshift-kube-apiserver"]) == 2


km.main(HERE, checks)
