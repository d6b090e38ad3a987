#!/usr/bin/env python3
"""Expected rows of scenario 06 (python3 calc.py > expected.csv). Category per namespace by LIKE."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

EXPECTED = {
    "openshift": "Platform",             # seed 'openshift' (exact)
    "openshift-monitoring": "Platform",  # seed 'openshift-%'
    "kube-system": "Platform",           # seed 'kube-%'
    "openshiftx": None,                  # neither 'openshift' nor 'openshift-%'
    "kube_proxy": None,                  # '-' in 'kube-%' is literal
    "team-a": "Teams",                   # '_' matches '-'
    "teamXa": "Teams",                   # ... and any other single character
    "team-ab": None,                     # but exactly one
    "Billing-api": "Billing",
    "billing-api": None,                 # LIKE is case-sensitive
    "sale_eu": None,                     # Trino LIKE has no escape character: '\' must appear literally
    "sale\\Xeu": "Sales",                # 'sale' '\' any-char '%'
    "default": None,
    "Worker unallocated": None,
}


def checks(rows):
    assert len(rows) == len(EXPECTED), rows
    for namespace, category in EXPECTED.items():
        assert km.pick(rows, namespace=namespace)["cost_category"] == category, namespace


km.main(HERE, checks)
