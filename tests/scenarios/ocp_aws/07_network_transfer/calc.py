#!/usr/bin/env python3
"""Expected rows of scenario 07 (python3 calc.py writes expected/*.csv; --check compares). The model
(../koku_ocp_aws_model.py) produces every row; the checks below re-derive the headline numbers by hand."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import koku_ocp_aws_model as m  # noqa: E402


def checks(res):
    rin = res.pick(namespace="Network unattributed", data_transfer_direction="IN")
    rout = res.pick(namespace="Network unattributed", data_transfer_direction="OUT")
    m.close(rin["usage_amount"], 24 * 2.5, "IN GB")
    m.close(rin["infrastructure_data_in_gigabytes"], 24 * 2.5, "in_gb")
    assert rin["infrastructure_data_out_gigabytes"] == 0.0
    m.close(rin["unblended_cost"], 24 * 2.5 * 0.02, "IN cost")
    m.close(rout["usage_amount"], 24 * 1.5, "OUT GB")
    m.close(rout["infrastructure_data_out_gigabytes"], 24 * 1.5, "out_gb")
    m.close(rout["unblended_cost"], 24 * 1.5 * 0.09, "OUT cost")
    for r in (rin, rout):
        assert r["node"] == "worker-7" and r["data_source"] == "Pod" and r["tags"] == {"env": "prod"}
        assert r["aws_cost_category"] is None and r["product_family"] == "Data Transfer" and r["unit"] == "GB"
    shop = res.pick(namespace="shop")
    m.close(shop["unblended_cost"], 24 / 96 * 24 * 0.192, "compute unchanged by the transfer rows")
    assert shop["infrastructure_data_in_gigabytes"] == 0.0 and shop["infrastructure_data_out_gigabytes"] == 0.0
    assert not res.rows("reporting_ocpaws_network_summary_p")
    svc = res.pick("reporting_ocpaws_cost_summary_by_service_p", product_family="Data Transfer")
    m.close(svc["unblended_cost"], 24 * 2.5 * 0.02 + 24 * 1.5 * 0.09, "transfer in the service table")
    m.assert_conserved(res, ["i-0a0b0c0d00000701"])  # compute + IN + OUT on one node


m.main(HERE, checks)
