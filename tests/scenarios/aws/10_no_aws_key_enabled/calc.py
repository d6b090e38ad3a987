#!/usr/bin/env python3
"""Expected rows of scenario 10 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    assert len(res.rows()) == 2
    for r in res.rows():
        assert r["tags"] == {} and r["cost_category"] == {"team": "finance"}
    s3 = res.pick(product_code="AmazonS3")
    m.close(s3["unblended_cost"], 24 * 1000 * 0.0004, "S3 requests")
    assert s3["product_family"] == "Storage Snapshot" and s3["unit"] == "GB-Mo"
    (ec2,) = res.rows(m.EC2)
    assert ec2["tags"] == {} and ec2["instance_name"] == "erp-1" and ec2["operating_system"] == "Windows Server"


m.main(HERE, checks)
