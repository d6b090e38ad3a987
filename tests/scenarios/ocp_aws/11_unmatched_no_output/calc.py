#!/usr/bin/env python3
"""Expected rows of scenario 11 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    node = "i-0a0b0c0d00001101"
    ec2 = res.aws_daily(lineitem_productcode="AmazonEC2", product_productfamily="Compute Instance")[0]
    assert node.startswith(ec2["lineitem_resourceid"]) and not node.endswith(ec2["lineitem_resourceid"])
    assert ec2["resourcetags"] == "{}" and ec2["costcategory"] == "{}"  # empty cells are dropped at ingest
    assert len(res.aws.daily) == 3
    for table in m.TABLES:
        assert not res.rows(table), table


m.main(HERE, checks)
