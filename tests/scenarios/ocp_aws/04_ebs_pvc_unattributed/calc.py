#!/usr/bin/env python3
"""Expected rows of scenario 04 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

VOL = "vol-0a0b0c0d0000040a"


def checks(res):
    hourly = round(20 * (0.1 / 744), 10)  # nise: disk_size x rate / hours of October, rounded to 10 places
    disk_day = 24 * hourly
    assert round(hourly / (0.1 / 744)) == 20  # Koku's capacity estimate (§3.5)
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 2)):
        pvc = res.pick(namespace="shop", data_source="Storage", usage_start=day)
        un = res.pick(namespace="Storage unattributed", usage_start=day)
        m.close(pvc["unblended_cost"], 5 / 20 * disk_day, "PVC share 5/20")
        m.close(un["unblended_cost"], 15 / 20 * disk_day, "unattributed 15/20")
        m.close(pvc["unblended_cost"] + un["unblended_cost"], disk_day, "disk conserved")
        m.close(pvc["usage_amount"], 24 * round(hourly / 0.1, 10), "PVC row keeps the full GB-month usage")
        assert un["usage_amount"] is None and un["tags"] is None and un["node"] is None
        assert pvc["resource_id"] == VOL and pvc["persistentvolumeclaim"] == "web-data"
        assert pvc["tags"] == {"app": "web-data", "env": "prod"}  # volume labels + AWS tag
        assert un["persistentvolumeclaim"] == "web-data"  # max over the joined OCP rows
        # compute: the disk is not a compute resource; the node's instance is split 24/96 and 72/96
        pods = res.rows(namespace="shop", data_source="Pod", usage_start=day)
        assert len(pods) == 2
        labelled = next(r for r in pods if r["tags"] is not None)
        null_row = next(r for r in pods if r["tags"] is None)
        m.close(labelled["unblended_cost"], 24 / 96 * 24 * 0.2, "shop compute")
        assert null_row["unblended_cost"] is None and null_row["markup_cost"] is None  # Q6
        m.close(null_row["usage_amount"], 24 / 3, "three compute rows share the usage")
        st = res.pick("reporting_ocpaws_storage_summary_p", usage_start=day)
        m.close(st["unblended_cost"], disk_day, "storage summary = whole disk")
        m.close(st["usage_amount"], pvc["usage_amount"], "only the PVC row has usage")
        assert not res.rows("reporting_ocpaws_compute_summary_p", resource_id=VOL)
    m.assert_conserved(res, ["vol-0a0b0c0d0000040a"])  # PVC + unattributed = disk
    # the Q6 row has NULL cost; the labelled row and the unallocated row still add up to the instance
    m.assert_conserved(res, ["i-0a0b0c0d00000401"])


m.main(HERE, checks)
