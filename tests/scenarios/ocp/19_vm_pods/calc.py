#!/usr/bin/env python3
"""Expected rows of scenario 19 (python3 calc.py > expected.csv). vm_kubevirt_io_name always survives the label filter."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    rhel = km.pick(rows, data_source="Pod", pod_labels={"vm_kubevirt_io_name": "rhel9-vm", "app": "erp"})
    km.check(rhel["pod_usage_cpu_core_hours"], 36.0)
    win = km.pick(rows, data_source="Pod", pod_labels={"vm_kubevirt_io_name": "win-vm"})
    km.check(win["pod_request_cpu_core_hours"], 24 * 1800 * 4 / 3600, "pod_seconds 1800")
    km.pick(rows, data_source="Pod", pod_labels={"app": "erp"})
    disk = km.pick(rows, data_source="Storage")
    assert disk["volume_labels"] == {"app": "erp", "vm_kubevirt_io_name": "rhel9-vm"}
    km.check(disk["persistentvolumeclaim_capacity_gigabyte"], 30.0)


km.main(HERE, checks)
