#!/usr/bin/env python3
"""Expected rows of scenario 19 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    temp = res.koku.daily_temp[("0a000019-0000-4000-8000-000000000019", "0c000019-0000-4000-8000-000000000019")]
    disk = [a for a in temp if a["resource_id"] == "vol-pv-web-19"]
    assert len(disk) == 1 and disk[0]["resource_id_matched"], "step 1 keeps the volume (suffix = PV name)"
    assert not res.rows(resource_id="vol-pv-web-19") and not res.rows("reporting_ocpaws_storage_summary_p")
    rows = res.rows()
    assert sorted((r["namespace"], r["unblended_cost"] is None) for r in rows) == [
        ("Worker unallocated", False), ("shop", False), ("shop", True)]
    m.close(sum(r["unblended_cost"] or 0 for r in rows), 24 * 0.2, "only the instance is attributed")
    m.assert_conserved(res, ["i-0a0b0c0d00001901"])
    m.assert_conserved(res, ["vol-pv-web-19"], factor=0.0)  # Q2: the disk is lost


m.main(HERE, checks)
