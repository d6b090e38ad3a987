#!/usr/bin/env python3
"""Expected rows of scenario 23 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402

VOL = "vol-0a0b0c0d0000230c"


def checks(res):
    ebs = 24 * round(40 * (0.1 / 744), 10)
    vols = res.rows(resource_id=VOL)
    assert sorted(r["namespace"] for r in vols) == ["shop", "web"]
    for r in vols:
        assert r["data_source"] == "Pod" and r["cluster_alias"] == "Cluster 23"
        m.close(r["unblended_cost"], ebs / 2, "alias tag: even split over two namespaces")
        assert "openshift_cluster" not in r["tags"]
    assert not res.rows(product_code="AmazonS3")  # another cluster's alias: nothing
    node = res.rows(resource_id="i-0a0b0c0d00002301")
    assert sorted(r["namespace"] for r in node) == ["Worker unallocated", "shop", "web"]
    m.close(res.pick(resource_id="i-0a0b0c0d00002301", namespace="web")["unblended_cost"], 2 / 4 * 24 * 0.2, "web")
    m.assert_conserved(res, [VOL, "i-0a0b0c0d00002301"])


m.main(HERE, checks)
