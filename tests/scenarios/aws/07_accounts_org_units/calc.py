#!/usr/bin/env python3
"""Expected rows of scenario 07 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402

A1, A2, A3 = "900000000001", "900000000002", "900000000003"


def checks(res):
    d1, d2, d3 = (dt.date(2026, 10, d) for d in (1, 2, 3))
    ou = {(r["usage_account_id"], r["usage_start"]): r["org_unit_id"] for r in res.rows()}
    assert len(ou) == len(res.rows()) == 9  # one row per account and day, no OU duplicates
    assert [ou[(A1, d)] for d in (d1, d2, d3)] == [None, None, None]
    assert [ou[(A2, d)] for d in (d1, d2, d3)] == ["ou-eng", "ou-eng", None]  # deleted 10-03: not on 10-03
    assert [ou[(A3, d)] for d in (d1, d2, d3)] == [None, "ou-ops", "ou-ops"]  # created 10-02
    aliases = {r["usage_account_id"]: r["account_alias"] for r in res.rows()}
    assert aliases == {A1: A1, A2: "Team B", A3: "Team C"}
    m.close(res.pick(usage_account_id=A3, usage_start=d2)["unblended_cost"], 24 * 0.1664, "account 3 day")
    ec2 = {r["usage_account_id"]: r for r in res.rows(m.EC2)}
    assert {a: r["account_alias"] for a, r in ec2.items()} == aliases
    m.close(ec2[A2]["unblended_cost"], 72 * 0.0832, "three days")


m.main(HERE, checks)
