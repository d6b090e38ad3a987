#!/usr/bin/env python3
"""Expected rows of scenario 13 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

R1, R2, R3 = "i-0a1000001301", "i-0a1000001302", "i-0a1000001303"


def checks(res):
    (resized,) = res.rows(m.EC2, resource_id=R1)
    assert resized["instance_type"] == "m5.xlarge" and resized["vcpu"] == 4 and resized["memory"] == "16 GiB"
    m.close(resized["usage_amount"], 72.0, "all three days")
    m.close(resized["unblended_cost"], 48 * 0.096 + 24 * 0.192, "both sizes")
    m.close(resized["unblended_rate"], 0.192, "max rate")
    assert resized["usage_start"] == dt.date(2026, 10, 1) and resized["usage_end"] == dt.date(2026, 10, 3)
    renamed = res.rows(m.EC2, resource_id=R2)
    assert sorted(r["instance_name"] for r in renamed) == ["node-2a", "node-2b"]
    for r in renamed:
        m.close(r["usage_amount"], 72.0, "each variant holds the month")
        m.close(r["unblended_cost"], 72 * 0.096, "each variant holds the month")
        assert r["tags"] == {"Name": r["instance_name"], "app": "grid"}
    assert not res.rows(m.EC2, resource_id=R3)  # latest day 10-03 has only a data-transfer row
    assert len(res.rows(m.EC2)) == 3
    # the daily summary is not affected: R3's compute days and its transfer day are there
    d3 = dt.date(2026, 10, 3)
    transfer = res.pick(usage_start=d3, product_family="Data Transfer")
    assert transfer["resource_ids"] == [R3] and transfer["instance_type"] is None
    m.close(transfer["unblended_cost"], 24 * 2 * 0.02, "transfer")
    assert len(res.rows(usage_start=dt.date(2026, 10, 2), instance_type="m5.large")) == 3  # R1, R2, R3 (Name differs)
    assert len(res.rows(usage_start=d3, instance_type="m5.large")) == 2  # R2's two Name values


m.main(HERE, checks)
