#!/usr/bin/env python3
"""Writes a large AWS CUR payload for the ingest benchmark (bench/ingest_aws.sh), shaped like the legacy CUR
costagg reads (tests/ingest/aws_values): one month (2025-10), RESOURCES resources x 720 hours of line items (2M
rows by default, ~1 GB), split into report files of at most FILE_ROWS rows as AWS splits a CUR, with a
Manifest.json listing them. Resources: EC2 instances (BoxUsage), their EBS volumes (VolumeUsage) and data
transfer, over 20 accounts and 3 regions; five user tags and a cost category per resource. Deterministic:
values are hashes of the row position.
    bench/ingest_aws_data.py DIR [RESOURCES] [FILE_ROWS]
Needs the duckdb Python package (1.4)."""
import json
import os
import sys

import duckdb

out = sys.argv[1]
resources = int(sys.argv[2]) if len(sys.argv) > 2 else 2778
file_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 3000000
assembly = "5b8e2f1a-9c3d-4e7f-8a6b-1d2c3e4f5a6b"
period = "20251001-20251101"
payload = os.path.join(out, "cur", period, assembly)
os.makedirs(payload, exist_ok=True)
con = duckdb.connect()
con.execute("SET preserve_insertion_order = true")

# Resource r: kind r % 3 (0 EC2 instance, 1 EBS volume, 2 data transfer), account r % 20, region r % 3.
rows_sql = f"""
SELECT 'li-' || (h * {resources} + r) AS "identity/LineItemId",
  strftime(TIMESTAMP '2025-10-01' + to_hours(h), '%Y-%m-%dT%H:%M:%SZ') || '/' ||
    strftime(TIMESTAMP '2025-10-01' + to_hours(h + 1), '%Y-%m-%dT%H:%M:%SZ') AS "identity/TimeInterval",
  'inv-2025-10' AS "bill/InvoiceId", 'AWS' AS "bill/BillingEntity", 'Anniversary' AS "bill/BillType",
  '999999999999' AS "bill/PayerAccountId", '2025-10-01T00:00:00Z' AS "bill/BillingPeriodStartDate",
  '2025-11-01T00:00:00Z' AS "bill/BillingPeriodEndDate", lpad((100000000000 + r % 20)::VARCHAR, 12, '0') AS
  "lineItem/UsageAccountId", 'Usage' AS "lineItem/LineItemType",
  strftime(TIMESTAMP '2025-10-01' + to_hours(h), '%Y-%m-%dT%H:%M:%SZ') AS "lineItem/UsageStartDate",
  strftime(TIMESTAMP '2025-10-01' + to_hours(h + 1), '%Y-%m-%dT%H:%M:%SZ') AS "lineItem/UsageEndDate",
  ['AmazonEC2', 'AmazonEC2', 'AWSDataTransfer'][1 + r % 3] AS "lineItem/ProductCode",
  ['BoxUsage:m5.xlarge', 'EBS:VolumeUsage.gp3', 'DataTransfer-Out-Bytes'][1 + r % 3] AS "lineItem/UsageType",
  ['RunInstances', 'CreateVolume-Gp3', 'RunInstances'][1 + r % 3] AS "lineItem/Operation",
  ['us-east-1', 'us-west-2', 'eu-west-1'][1 + r % 3] || 'a' AS "lineItem/AvailabilityZone",
  CASE r % 3 WHEN 0 THEN 'i-0' || lpad(printf('%x', r), 16, '0') WHEN 1 THEN 'vol-0' || lpad(printf('%x', r), 16, '0')
    ELSE 'i-0' || lpad(printf('%x', r - 2), 16, '0') END AS "lineItem/ResourceId",
  printf('%.6f', CASE r % 3 WHEN 0 THEN 1.0 WHEN 1 THEN 0.0013 ELSE (hash(r, h) % 100000) / 100000.0 END)
    AS "lineItem/UsageAmount",
  'USD' AS "lineItem/CurrencyCode", printf('%.10f', 0.192 / (1 + r % 3)) AS "lineItem/UnblendedRate",
  printf('%.10f', (hash(r, h, 1) % 1000000) / 1e7) AS "lineItem/UnblendedCost",
  printf('%.10f', 0.19 / (1 + r % 3)) AS "lineItem/BlendedRate",
  printf('%.10f', (hash(r, h, 2) % 1000000) / 1e7) AS "lineItem/BlendedCost",
  ['Amazon Elastic Compute Cloud', 'Amazon Elastic Compute Cloud', 'AWS Data Transfer'][1 + r % 3]
    AS "product/ProductName",
  CASE WHEN r % 3 = 0 THEN 'm5.xlarge' ELSE '' END AS "product/instanceType",
  CASE WHEN r % 3 = 0 THEN '4' ELSE '' END AS "product/vcpu",
  ['us-east-1', 'us-west-2', 'eu-west-1'][1 + r % 3] AS "product/region",
  ['Hrs', 'GB-Mo', 'GB'][1 + r % 3] AS "pricing/unit",
  'app-' || (r % 40) AS "resourceTags/user:app", ['prod', 'stage', 'dev'][1 + r % 3] AS "resourceTags/user:environment",
  'team-' || (r % 17) AS "resourceTags/user:team", CASE WHEN r % 5 = 0 THEN 'cluster-' || (r % 4) ELSE '' END
    AS "resourceTags/user:openshift_cluster", 'cc-' || (r % 9) AS "resourceTags/user:cost_center",
  ['blue', 'green'][1 + r % 2] AS "costCategory/team"
FROM range(720) t(h), range({resources}) q(r) ORDER BY h, r"""

total = con.execute(f"SELECT count(*) FROM ({rows_sql})").fetchone()[0]
keys = []
for part, start in enumerate(range(0, total, file_rows)):
    name = f"October-2025-cur-{part + 1}.csv"
    con.execute(f"COPY (SELECT * EXCLUDE (__i) FROM (SELECT *, row_number() OVER () - 1 AS __i FROM ({rows_sql})) "
                f"WHERE __i >= {start} AND __i < {start + file_rows}) TO '{os.path.join(payload, name)}' "
                f"(HEADER, DELIMITER ',', QUOTE '\"')")
    keys.append(f"/cur/{period}/{assembly}/{name}")
manifest = {"assemblyId": assembly, "account": "999999999999", "reportName": "cur",
            "billingPeriod": {"start": "20251001T000000.000Z", "end": "20251101T000000.000Z"},
            "bucket": "bench", "reportKeys": keys}
for d in (os.path.join(out, "cur", period), payload):
    with open(os.path.join(d, "cur-Manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
print(f"{total} line items in {len(keys)} file(s)")
