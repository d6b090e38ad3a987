#!/usr/bin/env python3
"""Expected rows of scenario 05 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    hourly = round(20 * (0.08 / 744), 10)
    disk = 24 * hourly
    alpha, beta = res.pick(namespace="alpha", data_source="Storage"), res.pick(namespace="beta", data_source="Storage")
    un = res.pick(namespace="Storage unattributed")
    m.close(alpha["unblended_cost"], 4 / 20 * disk, "alpha 4/20")
    m.close(beta["unblended_cost"], 6 / 20 * disk, "beta 6/20")
    m.close(un["unblended_cost"], (20 - 10) / 20 * disk, "unattributed 10/20")
    m.close(alpha["unblended_cost"] + beta["unblended_cost"] + un["unblended_cost"], disk, "disk conserved")
    m.close(alpha["usage_amount"], beta["usage_amount"], "both claims keep the full usage amount")
    assert alpha["tags"] == {"app": "alpha", "env": "shared"} and beta["tags"] == {"app": "beta", "env": "shared"}
    assert un["persistentvolume"] == "pv-beta" and un["persistentvolumeclaim"] == "data-b"  # max() of the join
    assert len(res.rows(data_source="Storage")) == 3
    # the node's instance: alpha and beta 1/4 each by cpu, plus a NULL-cost row per namespace from its Storage row
    assert len(res.rows(resource_id="i-0a0b0c0d00000501")) == 5
    m.assert_conserved(res, ["vol-0a0b0c0d0000050a", "i-0a0b0c0d00000501"])


m.main(HERE, checks)
