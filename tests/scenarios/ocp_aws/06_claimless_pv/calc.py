#!/usr/bin/env python3
"""Expected rows of scenario 06 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    disk = 24 * round(10 * (0.12 / 744), 10)
    hive = [r for r in res.hive["0c000006-0000-4000-8000-000000000006"] if r["product_family"] == "Storage"]
    parts = sorted(r["unblended_cost"] for r in hive)
    assert len(parts) == 2  # PVC step (claim '') and unattributed step
    m.close(parts[0], (10 - 8) / 10 * disk, "unattributed 2/10")
    m.close(parts[1], 8 / 10 * disk, "claimless PV 8/10 of the disk")
    row = res.pick(data_source="Storage")  # one PostgreSQL row: both Hive rows share the grouping key
    assert row["namespace"] == "Storage unattributed" and row["persistentvolumeclaim"] == ""
    assert row["usage_amount"] is None and row["tags"] is None and row["aws_cost_category"] is None
    assert row["node"] is None and row["persistentvolume"] == "pv-free"
    m.close(row["unblended_cost"], disk, "whole disk")
    # the claimless row has no node resource id, so compute only sees shop's pod and the unallocated capacity
    assert sorted(r["namespace"] for r in res.rows(data_source="Pod")) == ["Worker unallocated", "shop"]
    m.assert_conserved(res, ["vol-0a0b0c0d0000060a", "i-0a0b0c0d00000601"])


m.main(HERE, checks)
