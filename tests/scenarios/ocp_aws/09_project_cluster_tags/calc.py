#!/usr/bin/env python3
"""Expected rows of scenario 09 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    s3 = 24 * 100 * 0.023
    ebs = 24 * round(40 * (0.1 / 744), 10)
    bucket = res.pick(product_code="AmazonS3")
    assert bucket["namespace"] == "shop" and bucket["data_source"] == "Pod"
    m.close(bucket["unblended_cost"], s3, "whole bucket to shop")
    assert bucket["tags"] == {"app": "shop", "env": "prod", "openshift_project": "shop"}
    vols = res.rows(product_family="Storage")
    assert sorted(r["namespace"] for r in vols) == ["shop", "web"]
    for r in vols:
        m.close(r["unblended_cost"], ebs / 2, "cluster tag: even split over two namespaces")
        assert "openshift_cluster" not in r["tags"]
    st = res.rows("reporting_ocpaws_storage_summary_p")
    assert sorted(r["product_family"] for r in st) == ["Storage", "Storage Snapshot"]
    tagged = [r for r in res.rows() if r["resource_id"] != "i-0a0b0c0d00000901"]
    m.close(sum(r["unblended_cost"] for r in tagged), s3 + ebs, "tag-matched cost conserved")
    node = res.rows(resource_id="i-0a0b0c0d00000901")  # the node's own instance: compute by cpu request
    assert sorted(r["namespace"] for r in node) == ["Worker unallocated", "shop", "web"]
    m.close(res.pick(resource_id="i-0a0b0c0d00000901", namespace="web")["unblended_cost"], 2 / 4 * 24 * 0.2, "web")
    m.assert_conserved(res, ["arn:aws:ec2:us-east-1c:900000000001:snapshot/snap-0a0b0c0d0000090b",
                             "vol-0a0b0c0d0000090c", "i-0a0b0c0d00000901"])


m.main(HERE, checks)
