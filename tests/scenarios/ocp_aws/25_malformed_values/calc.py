#!/usr/bin/env python3
"""Expected rows of scenario 25 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

NODE = "i-0a0b0c0d00002501"
NEG = "i-0a0b0c0d00002502"
BUCKET = "arn:aws:ec2:us-east-1c:900000000001:snapshot/snap-0a0b0c0d0000250b"


def checks(res):
    empty = res.aws_daily(lineitem_resourceid="")
    assert len(empty) == 1 and empty[0]["lineitem_lineitemtype"] == "SavingsPlanNegation"
    assert empty[0]["resourcetags"] == "{}"
    assert not any(r["resource_id"] in ("", None) for r in res.rows())  # empty id: no row at all
    assert sorted({r["resource_id"] for r in res.rows()}) == sorted([BUCKET, NODE, NEG])
    bucket = res.pick(resource_id=BUCKET)
    assert bucket["namespace"] == "shop"
    m.close(bucket["unblended_cost"], 24 * 100 * 0.023, "whole bucket to shop")
    # comma and spaces kept verbatim; owner "N/A" is a pandas NA token, read as "" and dropped from the JSON
    assert bucket["tags"] == {"app": "shop", "env": "prod", "note": "a,b", "openshift_project": "shop",
                              "team": "blue team"}
    neg = res.pick(resource_id=NEG)
    assert neg["namespace"] == "shop" and neg["data_source"] == "Pod"
    m.close(neg["usage_amount"], -24.0, "negative usage carried as is")
    m.close(neg["unblended_cost"], 24 * 0.05, "its cost stays positive")
    m.close(res.pick(resource_id=NODE, namespace="web")["unblended_cost"], 2 / 4 * 24 * 0.2, "web compute")
    m.assert_conserved(res, [NODE, NEG, BUCKET])


m.main(HERE, checks)
