#!/usr/bin/env python3
"""Expected rows of scenario 03 (python3 calc.py > expected.csv). Pods of one namespace and label set are summed into one row."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    pods = [r for r in rows if r["data_source"] == "Pod" and r["namespace"] != "Worker unallocated"]
    assert len(pods) == 4, "frontend (web-1 + web-2), backend api, backend queue-worker, cache"
    web = km.pick(rows, namespace="frontend")
    # web-1 runs 3600 s/h at 0.25 core, web-2 1800 s/h at 0.75 core: per hour 900 + 1350 core-seconds.
    km.check(web["pod_usage_cpu_core_hours"], 24 * (3600 * 0.25 + 1800 * 0.75) / 3600, "frontend usage")
    km.check(web["pod_request_cpu_core_hours"], 24 * (3600 * 0.5 + 1800 * 0.5) / 3600, "frontend request")
    km.check(web["pod_effective_usage_cpu_core_hours"], 24 * (3600 * 0.5 + 1800 * 0.75) / 3600, "frontend eff.")
    km.check(web["pod_usage_memory_gigabyte_hours"], 24 * (3600 * 0.5 + 1800 * 1.5) / 3600, "frontend memory")
    api = km.pick(rows, namespace="backend", pod_labels={"app": "api"})
    km.check(api["pod_usage_cpu_core_hours"], 36.0, "api alone")
    queue = km.pick(rows, namespace="backend", pod_labels={"app": "queue-worker"})
    km.check(queue["pod_usage_cpu_core_hours"], 3.0, "queue-worker alone")
    free = km.pick(rows, namespace="Worker unallocated")
    used = sum(r["pod_usage_cpu_core_hours"] for r in pods)
    km.check(free["pod_usage_cpu_core_hours"], 8 * 24 - used, "unallocated sums every namespace of the node")


km.main(HERE, checks)
