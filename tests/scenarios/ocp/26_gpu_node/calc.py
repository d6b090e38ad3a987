#!/usr/bin/env python3
"""Expected rows of scenario 26 (python3 calc.py > expected.csv). GPU node labels; gpu_usage is not an input of LIDS."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_model as km  # noqa: E402

GIB = km.GIGABYTE

def checks(rows):
    assert len(rows) == 3
    trainer = km.pick(rows, data_source="Pod", pod_labels={"app": "trainer", "nvidia_com_gpu_count": "2",
                                                          "nvidia_com_gpu_product": "NVIDIA-A100-SXM4-40GB"})
    km.check(trainer["pod_usage_cpu_core_hours"], 12 * 24)
    km.check(trainer["node_capacity_memory_gigabyte_hours"], 256 * 24)
    notebook = km.pick(rows, data_source="Pod", pod_labels={"app": "notebook", "nvidia_com_gpu_count": "2",
                                                           "nvidia_com_gpu_product": "NVIDIA-A100-SXM4-40GB"})
    km.check(notebook["pod_usage_memory_gigabyte_hours"], 24 * 1800 * 4 / 3600)


km.main(HERE, checks)
