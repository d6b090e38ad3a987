#!/usr/bin/env python3
"""Expected rows of scenario 22 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

VOL = "vol-0a0b0c0d0000220d"


def checks(res):
    hourly = round(20 * (0.1 / 744), 10)  # nise: disk_size x rate / hours of October, rounded to 10 places
    disk = 24 * hourly
    assert round(hourly / (0.1 / 744)) == 20  # Koku's capacity estimate (§3.5)
    a = res.rows(cluster_id="ocp-aws-22a", resource_id=VOL)
    b = res.rows(cluster_id="ocp-aws-22b", resource_id=VOL)
    assert sorted(r["namespace"] for r in a) == ["Storage unattributed", "shop"]
    assert sorted(r["namespace"] for r in b) == ["Storage unattributed", "ops"]
    m.close(res.pick(cluster_id="ocp-aws-22a", namespace="shop", data_source="Storage")["unblended_cost"],
            5 / 20 * disk, "A's claim 5/20")
    m.close(res.pick(cluster_id="ocp-aws-22b", namespace="ops", data_source="Storage")["unblended_cost"],
            3 / 20 * disk, "B's claim 3/20")
    for rows in (a, b):
        un = next(r for r in rows if r["namespace"] == "Storage unattributed")
        m.close(un["unblended_cost"], (20 - 5 - 3) / 20 * disk / 2, "unattributed over both clusters' PVs, / 2")
        assert un["usage_amount"] is None and un["tags"] is None
    m.close(sum(r["unblended_cost"] for r in a + b), disk, "disk conserved across the two clusters")
    for c in "ab":
        node = res.rows(cluster_id=f"ocp-aws-22{c}", resource_id=f"i-0a0b0c0d000022{c}1")
        assert sorted(r["namespace"] for r in node if r["unblended_cost"] is not None)[0] == "Worker unallocated"
    assert not any(r["resource_id"] == "i-0a0b0c0d000022b1" for r in res.rows(cluster_id="ocp-aws-22a"))
    m.assert_conserved(res, [VOL, "i-0a0b0c0d000022a1", "i-0a0b0c0d000022b1"])


m.main(HERE, checks)
