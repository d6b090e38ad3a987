-- ocp_on_aws §3.6-3.7 (steps 2b and 2c): disk cost shared out to the PVCs on it, and the rest as
-- 'Storage unattributed', for the whole chunk (2c's claimed capacity is the chunk's) in chunk_storage_rows; each
-- part's project_temp (Koku's ..._project_daily_summary_temp) starts with its days' rows (039_part_rows.sql).

-- 2b: one row per (AWS row, namespace, pod labels, volume labels) of the PVs on the disk, each with the share
-- PVC capacity / disk capacity of every cost. A claimless PV (max PVC '') becomes 'Storage unattributed' with
-- no labels, usage or categories. Each row gets a new row_uuid, so 2f divides it by 1.
CREATE OR REPLACE TEMP TABLE chunk_storage_rows AS
SELECT CAST(uuid() AS VARCHAR) AS row_uuid,
       max(o.cluster_id) AS cluster_id,
       max(o.cluster_alias) AS cluster_alias,
       'Storage' AS data_source,
       CASE WHEN max(o.persistentvolumeclaim) = '' THEN 'Storage unattributed' ELSE o.namespace END AS namespace,
       max(o.node) AS node,
       max(o.persistentvolumeclaim) AS persistentvolumeclaim,
       max(o.persistentvolume) AS persistentvolume,
       max(o.storageclass) AS storageclass,
       max(a.resource_id) AS resource_id,
       max(a.usage_start) AS usage_start,
       max(COLUMNS('^(product_code|product_family|instance_type|usage_account_id|availability_zone|region|unit)$')),  -- AWS
       CASE WHEN max(o.persistentvolumeclaim) = '' THEN NULL ELSE max(a.usage_amount) END AS usage_amount,
       max(a.currency_code) AS currency_code,
       max(o.persistentvolumeclaim_capacity_gigabyte) / max(d.capacity) * max(a.unblended_cost) AS unblended_cost,
       max(o.persistentvolumeclaim_capacity_gigabyte) / max(d.capacity) * max(a.blended_cost) AS blended_cost,
       max(o.persistentvolumeclaim_capacity_gigabyte) / max(d.capacity) * max(a.savingsplan_effective_cost)
           AS savingsplan_effective_cost,
       max(o.persistentvolumeclaim_capacity_gigabyte) / max(d.capacity) * max(a.calculated_amortized_cost)
           AS calculated_amortized_cost,
       CAST(NULL AS DOUBLE) AS pod_effective_usage_cpu_core_hours,
       CAST(NULL AS DOUBLE) AS pod_effective_usage_memory_gigabyte_hours,
       CAST(NULL AS DOUBLE) AS node_capacity_cpu_core_hours,
       CAST(NULL AS DOUBLE) AS node_capacity_memory_gigabyte_hours,
       CASE WHEN max(o.persistentvolumeclaim) = '' THEN NULL ELSE o.pod_labels END AS pod_labels,
       CASE WHEN max(o.persistentvolumeclaim) = '' THEN NULL ELSE o.volume_labels END AS volume_labels,
       max(a.tags) AS tags,
       CASE WHEN max(o.persistentvolumeclaim) = '' THEN NULL ELSE max(a.aws_cost_category) END AS aws_cost_category,
       CASE WHEN max(o.persistentvolumeclaim) = '' THEN NULL ELSE max(o.cost_category_id) END AS cost_category_id,
       true AS resource_id_matched,
       CAST(NULL AS VARCHAR) AS matched_tag
FROM ocp_lids AS o
JOIN chunk_volume_pairs AS vp
  ON vp.csi = o.csi_volume_handle
JOIN daily_temp AS a
  ON a.resource_id = vp.aws_id
 AND a.usage_start = o.usage_start
JOIN disk_capacity AS d
  ON d.usage_start = a.usage_start
 AND d.resource_id = a.resource_id
WHERE o.source = $ocp_source
  AND o.usage_start BETWEEN $chunk_start::DATE AND $chunk_end::DATE
  AND o.persistentvolume IS NOT NULL
  AND o.namespace <> 'Storage unattributed'
  AND a.resource_id_matched
  AND a.data_transfer_direction IS NULL
GROUP BY a.row_uuid, o.namespace, o.pod_labels, o.volume_labels;

-- 2c: per disk, the PV capacity the clusters claim over the whole chunk (each PV's maximum, summed over the PVs
-- of every cluster) and the number of clusters; the disk's unclaimed share, divided among those clusters, is one
-- 'Storage unattributed' row per AWS row. None when the claimed capacity equals the disk's; negative when it
-- exceeds it (quirk Q5). Koku reads every OpenShift source here, so ocp_lids holds all of them.
CREATE OR REPLACE TEMP TABLE claimed_capacity AS
SELECT aws_resource_id,
       sum(capacity) AS total_pv_capacity,
       count(DISTINCT cluster_id) AS cluster_count
FROM (
    SELECT o.persistentvolume,
           max(o.persistentvolumeclaim_capacity_gigabyte) AS capacity,
           a.resource_id AS aws_resource_id,
           o.cluster_id
    FROM ocp_lids AS o
    JOIN chunk_volume_pairs AS vp
      ON vp.csi = o.csi_volume_handle
    JOIN daily_temp AS a
      ON a.resource_id = vp.aws_id
     AND a.usage_start = o.usage_start
    WHERE o.usage_start BETWEEN $chunk_start::DATE AND $chunk_end::DATE
      AND a.resource_id_matched
    GROUP BY o.persistentvolume, a.resource_id, o.cluster_id
)
GROUP BY aws_resource_id;

INSERT INTO chunk_storage_rows BY NAME
SELECT CAST(uuid() AS VARCHAR) AS row_uuid,
       max(o.cluster_id) AS cluster_id,
       max(o.cluster_alias) AS cluster_alias,
       'Storage' AS data_source,
       'Storage unattributed' AS namespace,
       max(o.persistentvolumeclaim) AS persistentvolumeclaim,
       max(o.persistentvolume) AS persistentvolume,
       max(o.storageclass) AS storageclass,
       max(a.resource_id) AS resource_id,
       max(a.usage_start) AS usage_start,
       max(COLUMNS('^(product_code|product_family|instance_type|usage_account_id|availability_zone|region|unit)$')),  -- AWS
       max(a.currency_code) AS currency_code,
       (max(d.capacity) - max(c.total_pv_capacity)) / max(d.capacity) * max(a.unblended_cost)
           / max(c.cluster_count) AS unblended_cost,
       (max(d.capacity) - max(c.total_pv_capacity)) / max(d.capacity) * max(a.blended_cost)
           / max(c.cluster_count) AS blended_cost,
       (max(d.capacity) - max(c.total_pv_capacity)) / max(d.capacity) * max(a.savingsplan_effective_cost)
           / max(c.cluster_count) AS savingsplan_effective_cost,
       (max(d.capacity) - max(c.total_pv_capacity)) / max(d.capacity) * max(a.calculated_amortized_cost)
           / max(c.cluster_count) AS calculated_amortized_cost,
       true AS resource_id_matched
FROM ocp_lids AS o
JOIN chunk_volume_pairs AS vp
  ON vp.csi = o.csi_volume_handle
JOIN daily_temp AS a
  ON a.resource_id = vp.aws_id
 AND a.usage_start = o.usage_start
JOIN disk_capacity AS d
  ON d.usage_start = a.usage_start
 AND d.resource_id = a.resource_id
LEFT JOIN claimed_capacity AS c
  ON c.aws_resource_id = a.resource_id
WHERE o.source = $ocp_source
  AND o.usage_start BETWEEN $chunk_start::DATE AND $chunk_end::DATE
  AND o.persistentvolume IS NOT NULL
  AND o.namespace <> 'Storage unattributed'
  AND a.resource_id_matched
  AND a.data_transfer_direction IS NULL
  AND d.capacity <> c.total_pv_capacity
GROUP BY a.row_uuid, a.resource_id;
