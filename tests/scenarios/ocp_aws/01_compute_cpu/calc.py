#!/usr/bin/env python3
"""Expected rows of scenario 01 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

EC2 = "i-0a0b0c0d00000101"


def checks(res):
    day_cost = 24 * 0.192  # 24 hourly line items of $0.192
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 2)):
        shop = res.pick(namespace="shop", usage_start=day)
        free = res.pick(namespace="Worker unallocated", usage_start=day)
        # the pod's effective usage is max(usage 0.5, request 1) = 1 core for 24 h; the node has 4 x 24 core-hours
        m.close(shop["unblended_cost"], 24 / 96 * day_cost, "shop share 24/96")
        m.close(free["unblended_cost"], 72 / 96 * day_cost, "unallocated 72/96")
        m.close(shop["calculated_amortized_cost"], shop["unblended_cost"], "Usage: amortized = unblended")
        assert shop["savingsplan_effective_cost"] == 0.0 and shop["markup_cost"] == 0.0
        # usage amount (24 instance hours) is split by the number of rows (2), not by the cost share (Q14)
        m.close(shop["usage_amount"], 12.0, "usage / k")
        m.close(free["usage_amount"], 12.0, "usage / k")
        assert shop["tags"] == {"app": "web", "env": "prod"}, shop["tags"]  # OCP label + AWS tag, tier disabled
        assert free["tags"] is None and free["pod_labels"] is None  # unallocated rows have no labels (Q12)
        assert shop["aws_cost_category"] == {"team": "platform"} and shop["resource_id"] == EC2
        assert shop["cost_category_id"] is None and shop["data_source"] == "Pod"
        # conservation: the two rows add up to the instance's cost (Q7)
        m.close(shop["unblended_cost"] + free["unblended_cost"], day_cost, "conserved")
        comp = res.pick("reporting_ocpaws_compute_summary_p", usage_start=day)
        m.close(comp["usage_amount"], 24.0, "compute summary usage")
        m.close(comp["unblended_cost"], day_cost, "compute summary cost")
    assert len(res.rows()) == 4
    for table in ("reporting_ocpaws_storage_summary_p", "reporting_ocpaws_database_summary_p",
                  "reporting_ocpaws_network_summary_p"):
        assert not res.rows(table)
    m.assert_conserved(res, ["i-0a0b0c0d00000101"])


m.main(HERE, checks)
