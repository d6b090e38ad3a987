#!/usr/bin/env python3
"""Expected rows of scenario 17 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_aws_model as m  # noqa: E402


def checks(res):
    families = {(r["product_code"], r["product_family"]) for r in res.rows()}
    assert families == {("AmazonEC2", "Compute Instance"), ("AmazonEC2", "Storage"), ("AmazonS3", "Storage Snapshot"),
                        ("AmazonRDS", "Database Instance"), ("AmazonVPC", "Cloud Connectivity"),
                        ("AmazonRoute53", "DNS Zone"), ("AmazonEC2", "Data Transfer")}, families
    assert len(res.rows()) == 7
    rds = res.pick(product_code="AmazonRDS")
    assert rds["instance_type"] == "db.t3.medium" and rds["availability_zone"] == "eu-west-3a"
    m.close(rds["unblended_cost"], 24 * 0.076, "RDS")
    dns = res.pick(product_code="AmazonRoute53")
    assert dns["region"] == "global" and dns["availability_zone"] is None
    m.close(dns["unblended_cost"], 24 * 0.5, "hosted zone")
    transfer = res.pick(product_family="Data Transfer")
    m.close(transfer["usage_amount"], 24 * 3.0, "GB in")
    m.close(transfer["unblended_cost"], 24 * 3 * 0.02, "transfer")
    ebs = res.pick(product_family="Storage")
    m.close(ebs["unblended_cost"], 24 * round(50 * (0.116 / (31 * 24)), 10), "EBS")
    assert res.rows(m.EC2) == []  # no --ec2-compute


m.main(HERE, checks)
