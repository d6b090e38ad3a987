-- ocp_on_aws §3.8 (step 2d): instance cost by the OpenShift rows of its node. Every daily summary row whose node
-- id is a SUBSTRING of the AWS resource id (quirk Q1) joins, whatever its namespace or data source: the
-- unallocated rows carry the node's spare capacity (quirk Q7), and Storage rows (no pod usage) give groups whose
-- cost 2f makes NULL (quirk Q6). Network rows (2g) and the day's disks (2a) are left out. Costs stay whole here
-- and are split in 2f; the row keeps the AWS row_uuid, so 2f counts the groups per AWS row.
INSERT INTO project_temp BY NAME
SELECT a.row_uuid,
       max(o.cluster_id) AS cluster_id,
       max(o.cluster_alias) AS cluster_alias,
       'Pod' AS data_source,
       o.namespace,
       max(o.node) AS node,
       max(a.resource_id) AS resource_id,
       max(a.usage_start) AS usage_start,
       max(COLUMNS('^(product_code|product_family|instance_type|usage_account_id|availability_zone|region|unit)$')),  -- AWS
       max(a.usage_amount) AS usage_amount,
       max(a.currency_code) AS currency_code,
       max(a.unblended_cost) AS unblended_cost,
       max(a.blended_cost) AS blended_cost,
       max(a.savingsplan_effective_cost) AS savingsplan_effective_cost,
       max(a.calculated_amortized_cost) AS calculated_amortized_cost,
       sum(o.pod_effective_usage_cpu_core_hours) AS pod_effective_usage_cpu_core_hours,
       sum(o.pod_effective_usage_memory_gigabyte_hours) AS pod_effective_usage_memory_gigabyte_hours,
       max(o.node_capacity_cpu_core_hours) AS node_capacity_cpu_core_hours,
       max(o.node_capacity_memory_gigabyte_hours) AS node_capacity_memory_gigabyte_hours,
       o.pod_labels,
       max(a.tags) AS tags,
       max(a.aws_cost_category) AS aws_cost_category,
       max(o.cost_category_id) AS cost_category_id,
       true AS resource_id_matched
FROM part_lids AS o
JOIN chunk_node_pairs AS np
  ON np.ocp_id = o.resource_id
JOIN part_aws AS a
  ON a.resource_id = np.aws_id
 AND a.usage_start = o.usage_start
LEFT JOIN disk_capacity AS d
  ON d.usage_start = a.usage_start
 AND d.resource_id = a.resource_id
WHERE o.source = $ocp_source
  AND o.resource_id <> ''
  AND a.resource_id_matched
  AND a.data_transfer_direction IS NULL
  AND d.resource_id IS NULL
GROUP BY a.row_uuid, o.namespace, o.pod_labels;
