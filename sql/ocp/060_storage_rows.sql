-- ocp §3.5: Storage rows. Each storage daily row finds its node through volume_nodes (a PVC mounted from two
-- nodes gives a row per node, quirk Q15) and the volume's node count; labels merge PVC over PV over namespace over
-- node. Request and usage are divided by the node count, capacity is not. A PVC whose pod has no pod row that day
-- has no node and a NULL node count, so its request and usage are NULL while capacity is kept (Trino behaviour).
-- GB-months divide by the days of the row's own month (quirk Q16). Input: storage_usage_part, the storage rows of
-- the part (every storage row of a day goes to one part of that day).
CREATE OR REPLACE TEMP TABLE storage_groups AS
SELECT s.namespace,
       vn.node,
       vn.resource_id,
       s.persistentvolumeclaim,
       s.persistentvolume,
       s.storageclass,
       CAST(s.interval_start AS DATE) AS usage_start,
       merge_volume_labels(s.sorted_keys,
                    coalesce(nl.node_labels, no_labels()),
                    coalesce(ns.namespace_labels, no_labels()),
                    s.pv_map,
                    s.pvc_map) AS volume_labels,
       s.csi_volume_handle,
       max(cat.cost_category_id) AS cost_category_id,
       max(s.persistentvolumeclaim_capacity_bytes) AS persistentvolumeclaim_capacity_bytes,
       exact_sum_bytes(s.persistentvolumeclaim_capacity_byte_seconds) AS persistentvolumeclaim_capacity_byte_seconds,
       exact_sum_bytes(s.volume_request_storage_byte_seconds) / max(c.node_count) AS volume_request_storage_byte_seconds,
       exact_sum_bytes(s.persistentvolumeclaim_usage_byte_seconds) / max(c.node_count) AS persistentvolumeclaim_usage_byte_seconds
FROM (
    -- Each row's PV and PVC labels parsed once (the merge refers to its arguments more than once, and filters
    -- them).
    SELECT u.*,
           json_map(u.persistentvolume_labels) AS pv_map,
           json_map(u.persistentvolumeclaim_labels) AS pvc_map,
           k.sorted_keys
    FROM storage_usage_part AS u
    CROSS JOIN label_keys AS k
) AS s
LEFT JOIN volume_nodes AS vn
  ON vn.usage_start = CAST(s.interval_start AS DATE)
 AND vn.persistentvolumeclaim = s.persistentvolumeclaim
 AND vn.pod = s.pod
 AND vn.namespace = s.namespace
LEFT JOIN volume_node_counts AS c
  ON c.usage_start = CAST(s.interval_start AS DATE)
 AND c.persistentvolume = s.persistentvolume
LEFT JOIN node_label_days AS nl
  ON nl.node = vn.node AND nl.usage_start = vn.usage_start
LEFT JOIN namespace_label_days AS ns
  ON ns.namespace = s.namespace AND ns.usage_start = CAST(s.interval_start AS DATE)
LEFT JOIN cost_category_namespace AS cat
  ON s.namespace LIKE cat.namespace
GROUP BY s.namespace, vn.node, vn.resource_id, s.persistentvolumeclaim, s.persistentvolume, s.storageclass,
         s.csi_volume_handle, CAST(s.interval_start AS DATE), 8;

CREATE OR REPLACE TEMP TABLE storage_rows AS
SELECT namespace,
       node,
       resource_id,
       persistentvolumeclaim,
       persistentvolume,
       storageclass,
       usage_start,
       volume_labels,
       csi_volume_handle,
       cost_category_id,
       persistentvolumeclaim_capacity_bytes * power(2, -30) AS persistentvolumeclaim_capacity_gigabyte,
       persistentvolumeclaim_capacity_byte_seconds / (86400 * day(last_day(usage_start))) * power(2, -30)
           AS persistentvolumeclaim_capacity_gigabyte_months,
       volume_request_storage_byte_seconds / (86400 * day(last_day(usage_start))) * power(2, -30)
           AS volume_request_storage_gigabyte_months,
       persistentvolumeclaim_usage_byte_seconds / (86400 * day(last_day(usage_start))) * power(2, -30)
           AS persistentvolumeclaim_usage_gigabyte_months
FROM storage_groups;
