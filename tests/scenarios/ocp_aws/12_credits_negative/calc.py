#!/usr/bin/env python3
"""Expected rows of scenario 12 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    ec2 = 24 * 0.2 + 24 * -0.05
    disk = 24 * round(20 * (0.1 / 744), 10) + 24 * round(20 * (-0.025 / 744), 10)
    shop = res.pick(namespace="shop", data_source="Pod", resource_id="i-0a0b0c0d00001201", tags={"app": "web",
                                                                                                 "env": "prod"})
    m.close(shop["unblended_cost"], 24 / 96 * ec2, "net compute share")
    free = res.pick(namespace="Worker unallocated")
    m.close(free["unblended_cost"], 72 / 96 * ec2, "net unallocated share")
    # usage: charge and credit rows both carry 24 instance hours, each split over 3 compute rows
    m.close(shop["usage_amount"], 2 * 24 / 3, "usage of both rows / k")
    pvc = res.pick(data_source="Storage", namespace="shop")
    un = res.pick(namespace="Storage unattributed")
    m.close(pvc["unblended_cost"], 5 / 20 * disk, "net PVC share (capacity still 20 GB)")
    m.close(un["unblended_cost"], 15 / 20 * disk, "net unattributed share")
    assert all(r["unblended_cost"] < 0 for r in res.hive["0c000012-0000-4000-8000-000000000012"]
               if r["unblended_cost"] is not None and r["row_uuid"] in {
                   d["row_uuid"] for d in res.aws.daily if d["lineitem_unblendedcost"] < 0}), "credits stay negative"
    day = res.pick("reporting_ocpaws_cost_summary_p")
    m.close(day["unblended_cost"], ec2 + disk, "instance and disk net cost conserved")
    m.assert_conserved(res, ["i-0a0b0c0d00001201", "vol-0a0b0c0d0000120a"])


m.main(HERE, checks)
