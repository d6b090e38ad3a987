-- ocp_on_aws §1.4: the OpenShift daily summary rows of every source from {{start}} to {{end}}, as `summarize ocp`
-- (or Koku) left them in the output, for the OCP-on-AWS steps: only the rows the OpenShift summary itself writes
-- (not the cost-model or infrastructure rows Koku's later steps add), and for Storage rows the volume's CSI handle,
-- which the PostgreSQL table does not keep, from the cluster's PVC rows. Read by the output database ({{schema}}),
-- so plain SQL only.
SELECT CAST(l.source_uuid AS TEXT) AS source,
       l.usage_start,
       l.cluster_id,
       l.cluster_alias,
       l.data_source,
       l.namespace,
       l.node,
       l.resource_id,
       CAST(l.pod_labels AS TEXT) AS pod_labels,
       CAST(l.volume_labels AS TEXT) AS volume_labels,
       l.persistentvolumeclaim,
       l.persistentvolume,
       l.storageclass,
       v.csi_volume_handle,
       CAST(l.persistentvolumeclaim_capacity_gigabyte AS TEXT) AS persistentvolumeclaim_capacity_gigabyte,
       CAST(l.pod_effective_usage_cpu_core_hours AS TEXT) AS pod_effective_usage_cpu_core_hours,
       CAST(l.pod_effective_usage_memory_gigabyte_hours AS TEXT) AS pod_effective_usage_memory_gigabyte_hours,
       CAST(l.node_capacity_cpu_core_hours AS TEXT) AS node_capacity_cpu_core_hours,
       CAST(l.node_capacity_memory_gigabyte_hours AS TEXT) AS node_capacity_memory_gigabyte_hours,
       l.cost_category_id
FROM {{schema}}.reporting_ocpusagelineitem_daily_summary AS l
LEFT JOIN (
    SELECT c.provider_id, p.persistent_volume, p.persistent_volume_claim, max(p.csi_volume_handle) AS csi_volume_handle
    FROM {{schema}}.reporting_ocp_pvcs AS p
    JOIN {{schema}}.reporting_ocp_clusters AS c
      ON c.uuid = p.cluster_id
    GROUP BY c.provider_id, p.persistent_volume, p.persistent_volume_claim
) AS v
  ON l.data_source = 'Storage'
 AND v.provider_id = l.source_uuid
 AND v.persistent_volume = l.persistentvolume
 AND v.persistent_volume_claim = l.persistentvolumeclaim
WHERE l.usage_start >= {{start}}
  AND l.usage_start <= {{end}}
  AND l.data_source IS NOT NULL
  AND l.cost_model_rate_type IS NULL
  AND l.monthly_cost_type IS NULL
  AND (l.infrastructure_raw_cost IS NULL OR l.infrastructure_raw_cost = 0)
