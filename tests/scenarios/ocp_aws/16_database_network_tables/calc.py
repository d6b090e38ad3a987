#!/usr/bin/env python3
"""Expected rows of scenario 16 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    rds = res.pick(product_code="AmazonRDS")
    assert rds["namespace"] == "db" and rds["instance_type"] == "db.t3.medium"
    assert rds["resource_id"] == "arn:aws:rds:us-east-1e:900000000001:db:i-0a0b0c0d000016db"
    m.close(rds["unblended_cost"], 24 * 0.5, "RDS to db")
    vpc = res.rows(product_code="AmazonVPC")
    assert sorted(r["namespace"] for r in vpc) == ["db", "web"]
    for r in vpc:
        m.close(r["unblended_cost"], 24 * 0.05 / 2, "VPN split over the cluster's two namespaces")
    dns = res.pick(product_code="AmazonRoute53")
    assert dns["namespace"] == "web" and dns["region"] == "global" and dns["availability_zone"] is None
    m.close(dns["unblended_cost"], 24 * 0.5, "zone to web")
    db = res.pick("reporting_ocpaws_database_summary_p")
    m.close(db["unblended_cost"], 24 * 0.5, "database table")
    m.close(db["usage_amount"], 24.0, "database usage hours")
    net = {r["product_code"]: r for r in res.rows("reporting_ocpaws_network_summary_p")}
    assert sorted(net) == ["AmazonRoute53", "AmazonVPC"]
    m.close(net["AmazonVPC"]["unblended_cost"], 24 * 0.05, "VPN whole in the network table")
    m.close(net["AmazonVPC"]["usage_amount"], 24.0, "two halves of the usage")
    m.close(net["AmazonRoute53"]["unblended_cost"], 24 * 0.5, "zone in the network table")
    assert len(res.rows("reporting_ocpaws_compute_summary_p")) == 2  # the node instance and the RDS instance
    m.assert_conserved(res, ["i-0a0b0c0d00001601",
                             "arn:aws:rds:us-east-1e:900000000001:db:i-0a0b0c0d000016db",
                             "vpn-0a0b0c0d000016fc", "arn:aws:Route53:::hostedzone:0A0B0C0D000016"])


m.main(HERE, checks)
