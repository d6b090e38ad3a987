#!/usr/bin/env python3
"""Expected rows of scenario 24 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

VOL = "vol-0a0b0c0d0000240c"
NODE = "i-0a0b0c0d00002401"


def checks(res):
    ebs = 24 * round(40 * (0.1 / 744), 10)
    vol = res.pick(resource_id=VOL)  # one row: only data's Storage row carries "app":"db"
    assert vol["namespace"] == "data" and vol["data_source"] == "Storage"
    assert vol["persistentvolumeclaim"] == "pg-data" and vol["persistentvolume"] == "pv-2401"
    m.close(vol["unblended_cost"], ebs, "the whole volume to the namespace whose PV label matches")
    m.close(vol["usage_amount"], 24 * round(round(40 * (0.1 / 744), 10) / 0.1, 10), "full usage (k = c = 1)")
    assert vol["tags"] == {"app": "db", "env": "prod"}  # pod label app=postgres overwritten by the AWS tag
    assert not any(r["namespace"] == "shop" for r in res.rows(resource_id=VOL))
    m.close(res.pick(resource_id=NODE, namespace="shop")["unblended_cost"], 2 / 4 * 24 * 0.2, "shop compute")
    m.close(res.pick(resource_id=NODE, namespace="Worker unallocated")["unblended_cost"], 1 / 4 * 24 * 0.2,
            "unallocated")
    st = res.pick("reporting_ocpaws_storage_summary_p")
    m.close(st["unblended_cost"], ebs, "storage summary = the volume")
    m.assert_conserved(res, [VOL])


m.main(HERE, checks)
