-- ocp §3.8: the rows copied into reporting_ocpusagelineitem_daily_summary, in the writer's column order. Each gets
-- a new random uuid; all_labels is pod_labels merged with volume_labels (volume wins), '{}' for unallocated rows
-- (quirk Q6); Pod and Storage rows carry the zero infrastructure_usage_cost object, unallocated rows NULL.
-- Numbers stay doubles here: the PostgreSQL writer rounds them into numeric(33,15) as Trino's insert does.
-- No ORDER BY: row order means nothing to PostgreSQL, and an unsorted result streams into COPY at once.
SELECT CAST(gen_random_uuid() AS VARCHAR) AS uuid,
       $report_period_id::INTEGER AS report_period_id,
       $cluster_id::VARCHAR AS cluster_id,
       $cluster_alias::VARCHAR AS cluster_alias,
       data_source,
       usage_start,
       usage_start AS usage_end,
       namespace,
       node,
       resource_id,
       pod_labels,
       pod_usage_cpu_core_hours,
       pod_request_cpu_core_hours,
       pod_effective_usage_cpu_core_hours,
       pod_limit_cpu_core_hours,
       pod_usage_memory_gigabyte_hours,
       pod_request_memory_gigabyte_hours,
       pod_effective_usage_memory_gigabyte_hours,
       pod_limit_memory_gigabyte_hours,
       node_capacity_cpu_cores,
       node_capacity_cpu_core_hours,
       node_capacity_memory_gigabytes,
       node_capacity_memory_gigabyte_hours,
       cluster_capacity_cpu_core_hours,
       cluster_capacity_memory_gigabyte_hours,
       persistentvolumeclaim,
       persistentvolume,
       storageclass,
       volume_labels,
       -- A Pod row has no volume labels and a Storage row no pod labels, so the merge is the other side's text as
       -- it is (both come from to_json of a key-ordered map); it is computed only when a row has both.
       CASE WHEN volume_labels IS NULL THEN coalesce(pod_labels, '{}')
            WHEN pod_labels IS NULL THEN volume_labels
            ELSE CAST(to_json(map_concat(json_map(pod_labels), json_map(volume_labels))) AS VARCHAR)
       END AS all_labels,
       persistentvolumeclaim_capacity_gigabyte,
       persistentvolumeclaim_capacity_gigabyte_months,
       volume_request_storage_gigabyte_months,
       persistentvolumeclaim_usage_gigabyte_months,
       $source::VARCHAR AS source_uuid,
       infrastructure_usage_cost,
       cost_category_id
FROM (
    SELECT *, '{"cpu": 0.000000000, "memory": 0.000000000, "storage": 0.000000000}' AS infrastructure_usage_cost
    FROM staged_rows
    UNION ALL
    SELECT 'Pod' AS data_source,
           usage_start,
           namespace,
           node,
           resource_id,
           NULL AS pod_labels,
           pod_usage_cpu_core_hours,
           pod_request_cpu_core_hours,
           pod_effective_usage_cpu_core_hours,
           NULL AS pod_limit_cpu_core_hours,
           pod_usage_memory_gigabyte_hours,
           pod_request_memory_gigabyte_hours,
           pod_effective_usage_memory_gigabyte_hours,
           NULL AS pod_limit_memory_gigabyte_hours,
           node_capacity_cpu_cores,
           node_capacity_cpu_core_hours,
           node_capacity_memory_gigabytes,
           node_capacity_memory_gigabyte_hours,
           cluster_capacity_cpu_core_hours,
           cluster_capacity_memory_gigabyte_hours,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL AS csi_volume_handle,
           cost_category_id,
           NULL AS infrastructure_usage_cost
    FROM unallocated_rows
)
