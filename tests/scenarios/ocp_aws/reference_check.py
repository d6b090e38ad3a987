#!/usr/bin/env python3
"""Runs steps 2-4 of koku_ocp_aws_model.py on a reference case that was run through Koku's own SQL on Trino
(a folder with input/aws/*.csv.gz, input/ocp/<cluster>/*.csv.gz, expected/*.csv and parameters.json) and compares
every table row by row (numbers within a relative 1e-9, ids not compared, JSON as parsed values).

usage: reference_check.py REFERENCE_DIR      exit 0 when every table matches

The OCP side is taken from the reference's own OCP daily summary (expected/reporting_ocpusagelineitem_daily_
summary.csv) plus the pod and storage CSVs (node ids, PV names and CSI handles), so this checks the OCP-on-AWS part
of the model independently of the OCP model and of the nise step.
"""
import csv
import datetime as dt
import glob
import gzip
import json
import math
import os
import sys
from collections import Counter

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import koku_ocp_aws_model as m  # noqa: E402


def read_gz(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_csv(path):
    """Reference CSV: empty unquoted field = NULL (the reference export does not tell '' apart)."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(text):
    return None if text == "" else float(text)


def main(ref):
    params = json.load(open(os.path.join(ref, "parameters.json")))
    aws_csv = glob.glob(os.path.join(ref, "input", "aws", "*.csv.gz"))
    aws = m.AwsData([r for p in aws_csv for r in read_gz(p)])
    cluster = params["cluster_id"]
    ocp_dir = os.path.join(ref, "input", "ocp", cluster)
    pods = [r for p in glob.glob(os.path.join(ocp_dir, "*pod_usage*.csv.gz")) for r in read_gz(p)]
    stor = [r for p in glob.glob(os.path.join(ocp_dir, "*storage_usage*.csv.gz")) for r in read_gz(p)]

    class Data:
        pass
    data = Data()
    day = lambda t: dt.date.fromisoformat(t[:10])  # noqa: E731
    data.daily_pod = [dict(t) for t in {tuple(sorted({"day": day(r["interval_start"]), "node": r["node"],
                                                       "namespace": r["namespace"],
                                                       "resource_id": r["resource_id"]}.items())) for r in pods}]
    data.daily_storage = [dict(t) for t in {tuple(sorted({"day": day(r["interval_start"]),
                                                           "persistentvolume": r["persistentvolume"],
                                                           "csi_volume_handle": r["csi_volume_handle"]}.items()))
                                            for r in stor}]
    handle = {r["persistentvolume"]: r["csi_volume_handle"] for r in stor}
    src = m.OcpSource(params["ocp_source_uuid"], cluster, params["cluster_alias"], data)
    lids = []
    for r in read_csv(os.path.join(ref, "expected", "reporting_ocpusagelineitem_daily_summary.csv")):
        storage = r["data_source"] == "Storage"
        labels = lambda t: None if t == "" else m.trino_json(json.loads(t))  # noqa: E731
        lids.append({
            "source": src.uuid, "usage_start": dt.date.fromisoformat(r["usage_start"]),
            "cluster_id": r["cluster_id"], "cluster_alias": r["cluster_alias"], "data_source": r["data_source"],
            "namespace": r["namespace"] if r["namespace"] or storage else None, "node": r["node"] or None,
            "resource_id": r["resource_id"] or None, "pod_labels": labels(r["pod_labels"]),
            "volume_labels": labels(r["volume_labels"]),
            "persistentvolumeclaim": r["persistentvolumeclaim"] if storage else None,
            "persistentvolume": r["persistentvolume"] if storage else None,
            "storageclass": r["storageclass"] if storage else None,
            "csi_volume_handle": handle.get(r["persistentvolume"]) if storage else None,
            "persistentvolumeclaim_capacity_gigabyte": num(r["persistentvolumeclaim_capacity_gigabyte"]),
            "pod_effective_usage_cpu_core_hours": num(r["pod_effective_usage_cpu_core_hours"]),
            "pod_effective_usage_memory_gigabyte_hours": num(r["pod_effective_usage_memory_gigabyte_hours"]),
            "node_capacity_cpu_core_hours": num(r["node_capacity_cpu_core_hours"]),
            "node_capacity_memory_gigabyte_hours": num(r["node_capacity_memory_gigabyte_hours"]),
            "cost_category_id": int(r["cost_category_id"]) if r["cost_category_id"] else None,
        })
    keys = params["enabled_tag_keys"]
    koku = m.Koku(keys["AWS"], keys["OCP"], lids)
    year, month = int(params["year"]), int(params["month"])
    start, end = dt.date.fromisoformat(params["start_date"]), dt.date.fromisoformat(params["end_date"])
    koku.run(params["aws_source_uuid"], aws, src, year, month, start, end, float(params["markup"]),
             params["distribution"])
    tables = {m.PROJECT: koku.project, **{t: koku.ui[t] for t, _, _ in m.UI_TABLES}}
    failed = 0
    for table, rows in tables.items():
        expected = read_csv(os.path.join(ref, "expected", table + ".csv"))
        ours = [dict(zip(m.TABLE_COLUMNS[table], next(csv.reader([line]))))
                for line in m.table_text(table, rows).splitlines()[1:]]
        bad = compare(table, expected, ours)
        failed += bad
        print(f"{'ok  ' if not bad else 'FAIL'} {table}: reference {len(expected)} rows, model {len(ours)}")
    return 1 if failed else 0


def norm_row(table, r):
    out = []
    for c in m.TABLE_COLUMNS[table]:
        v = r.get(c, "")
        if c in m.IDS:
            continue
        if c in m.JSON_COLUMNS:
            v = json.dumps(json.loads(v), sort_keys=True) if v else ""
        out.append((c, v))
    return out


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def compare(table, expected, ours):
    """Pairs rows greedily on the text columns, then compares numbers within tolerance."""
    exp = [norm_row(table, r) for r in expected]
    got = [norm_row(table, r) for r in ours]
    # the reference export writes '' and NULL alike: compare text with '' == NULL
    unmatched = []
    pool = list(got)
    for e in exp:
        hit = next((g for g in pool if all(same(ev, gv) for (_, ev), (_, gv) in zip(e, g))), None)
        if hit is None:
            unmatched.append(e)
        else:
            pool.remove(hit)
    for e in unmatched[:5]:
        print("  missing:", dict(e))
    for g in pool[:5]:
        print("  extra:  ", dict(g))
    return len(unmatched) + len(pool)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
