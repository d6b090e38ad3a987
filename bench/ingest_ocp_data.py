#!/usr/bin/env python3
"""Writes a large OCP operator payload for the ingest benchmark (bench/ingest_ocp.sh), shaped like nise's output
(tests/ingest/ocp_nise): one cluster, one day, PODS pods x 24 hours of pod_usage (2M rows by default, ~0.9 GB,
split into operator-sized files of at most FILE_ROWS rows), one PVC per 10 pods (storage_usage), node and
namespace labels, and a manifest.json listing the files. Deterministic: values are hashes of the row position.
    bench/ingest_ocp_data.py DIR [PODS] [NODES] [NAMESPACES] [FILE_ROWS]
Needs the duckdb Python package (1.4)."""
import json
import os
import sys

import duckdb

out = sys.argv[1]
pods = int(sys.argv[2]) if len(sys.argv) > 2 else 83334
nodes = int(sys.argv[3]) if len(sys.argv) > 3 else 400
namespaces = int(sys.argv[4]) if len(sys.argv) > 4 else 50
file_rows = int(sys.argv[5]) if len(sys.argv) > 5 else 250000
uuid = "8f1e2d3c-4b5a-4697-8877-665544332211"
payload = os.path.join(out, "bench-cluster", "20251001-20251101")
os.makedirs(payload, exist_ok=True)
con = duckdb.connect()
con.execute("SET preserve_insertion_order = true")

TS = "strftime(TIMESTAMP '2025-10-01' + to_hours(h), '%Y-%m-%d %H:%M:%S') || ' +0000 UTC'"
TS_END = "strftime(TIMESTAMP '2025-10-01' + to_hours(h) + INTERVAL 59 MINUTE + INTERVAL 59 SECOND, " \
         "'%Y-%m-%d %H:%M:%S') || ' +0000 UTC'"
PERIOD = "'2025-10-01 00:00:00 +0000 UTC' AS report_period_start, '2025-11-01 00:00:00 +0000 UTC' AS report_period_end"
con.execute("CREATE MACRO node_name(n) AS 'ip-10-0-' || (n // 250) || '-' || (n % 250) || '.ec2.internal'")
files = []


def write(name, sql, rows_per_file=None):
    """COPY the query (ordered by hour, as the operator writes) to one or more CSV files. The rows are numbered
    once into a table, so each file reads only its own range (linear in the rows, whatever the file count)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE rows AS SELECT *, row_number() OVER () - 1 AS __i FROM ({sql})")
    total = con.execute("SELECT count(*) FROM rows").fetchone()[0]
    per = rows_per_file or total
    for part, start in enumerate(range(0, total, per)):
        fname = f"{uuid}_openshift_report.{len(files)}.csv"
        con.execute(f"COPY (SELECT * EXCLUDE (__i) FROM rows WHERE __i >= {start} AND __i < {start + per} "
                    f"ORDER BY __i) TO '{os.path.join(payload, fname)}' (HEADER, DELIMITER ',', QUOTE '\"')")
        files.append(fname)
    con.execute("DROP TABLE rows")


# Pod p runs on node p % NODES in namespace p % NAMESPACES; app label 4 values per namespace.
write("pod_usage", f"""
SELECT {PERIOD}, {TS} AS interval_start, {TS_END} AS interval_end,
  'pod-' || p || '-' || substr(md5(p::VARCHAR), 1, 5) AS pod, 'ns-' || (p % {namespaces}) AS namespace,
  node_name(p % {nodes}) AS node,
  'i-0' || lpad(printf('%x', p % {nodes}), 16, '0') AS resource_id,
  printf('%.3f', (hash(p, h, 1) % 3600000) / 1000.0) AS pod_usage_cpu_core_seconds,
  (1800 * (1 + p % 4))::VARCHAR AS pod_request_cpu_core_seconds,
  (3600 * (1 + p % 4))::VARCHAR AS pod_limit_cpu_core_seconds,
  printf('%.1f', (hash(p, h, 2) % 8589934592)::DOUBLE * 3600) AS pod_usage_memory_byte_seconds,
  (2147483648 * 3600 * (1 + p % 3))::VARCHAR AS pod_request_memory_byte_seconds,
  (4294967296 * 3600 * (1 + p % 3))::VARCHAR AS pod_limit_memory_byte_seconds,
  '16' AS node_capacity_cpu_cores, '57600' AS node_capacity_cpu_core_seconds,
  '68719476736' AS node_capacity_memory_bytes, '247390116249600' AS node_capacity_memory_byte_seconds,
  'label_app:app-' || (p % {namespaces}) || '-' || (p % 4) || '|label_env:' || ['prod','stage','dev'][1 + p % 3]
    || '|label_team:team-' || (p % 17) || '|label_version:v' || (p % 5) || '|label_pod_template_hash:'
    || substr(md5((p // 3)::VARCHAR), 1, 10) AS pod_labels
FROM range(24) t(h), range({pods}) q(p) ORDER BY h, p""", file_rows)

pvcs = pods // 10
write("storage_usage", f"""
SELECT {PERIOD}, {TS} AS interval_start, {TS_END} AS interval_end,
  'ns-' || (v * 10 % {namespaces}) AS namespace, 'pod-' || (v * 10) || '-' || substr(md5((v * 10)::VARCHAR), 1, 5) AS pod,
  node_name(v * 10 % {nodes}) AS node,
  'data-' || v AS persistentvolumeclaim, 'pvc-' || lpad(v::VARCHAR, 8, '0') AS persistentvolume,
  'gp3-csi' AS storageclass, 'ebs.csi.aws.com' AS csi_driver, 'vol-0' || lpad(printf('%x', v), 16, '0') AS csi_volume_handle,
  '21474836480.0' AS persistentvolumeclaim_capacity_bytes, '77309411328000.0' AS persistentvolumeclaim_capacity_byte_seconds,
  '77309411328000' AS volume_request_storage_byte_seconds,
  printf('%.1f', (hash(v, h) % 21474836480)::DOUBLE * 3600) AS persistentvolumeclaim_usage_byte_seconds,
  'label_app:app-' || (v * 10 % {namespaces}) AS persistentvolume_labels,
  CASE WHEN v % 2 = 0 THEN 'label_backup:daily' ELSE '' END AS persistentvolumeclaim_labels
FROM range(24) t(h), range({pvcs}) q(v) ORDER BY h, v""", file_rows)

write("node_labels", f"""
SELECT {PERIOD}, {TS} AS interval_start, {TS_END} AS interval_end, node_name(n) AS node,
  'label_node_role_kubernetes_io:worker|label_zone:' || ['a','b','c'][1 + n % 3] || '|label_instance_type:m5.4xlarge'
    AS node_labels
FROM range(24) t(h), range({nodes}) q(n) ORDER BY h, n""")

write("namespace_labels", f"""
SELECT {PERIOD}, {TS} AS interval_start, {TS_END} AS interval_end, 'ns-' || k AS namespace,
  'label_cost_center:cc-' || (k % 7) || '|label_owner:owner-' || k AS namespace_labels
FROM range(24) t(h), range({namespaces}) q(k) ORDER BY h, k""")

manifest = {
    "cluster_id": "bench-cluster", "uuid": uuid, "date": "2025-10-01T00:00:00.000000+00:00", "files": files,
    "start": "2025-10-01T00:00:00.000000+00:00", "end": "2025-10-02T00:00:00.000000+00:00", "version": "5.4.4",
    "certified": False,
}
with open(os.path.join(payload, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
print(f"{len(files)} files in {payload}")
