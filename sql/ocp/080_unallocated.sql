-- ocp §3.7: unallocated capacity per node and day, from the staged Pod rows: node capacity minus what the pods
-- used, requested and effectively used (negative results are kept, quirk Q14). The node's role comes from
-- reporting_ocp_nodes of every cluster in the schema, keyed on (node, resource_id), the largest role string
-- winning (quirk Q13); master and infra give 'Platform unallocated', worker 'Worker unallocated', anything else a
-- NULL namespace (quirk Q11). Every matching cost-category pattern gives its own row, without aggregation
-- (quirk Q12). Sums are exact (exact_sum: order-independent) so that reruns
-- agree to the last digit. Input: ocp_node_roles(node, resource_id, node_role) from 048.
CREATE OR REPLACE TEMP TABLE unallocated_rows AS
WITH node_role AS (
    SELECT max(node_role) AS node_role, node, resource_id
    FROM ocp_node_roles
    GROUP BY node, resource_id
),
unallocated AS (
    SELECT max(s.usage_start) AS usage_start,
           CASE max(r.node_role)
               WHEN 'master' THEN 'Platform unallocated'
               WHEN 'infra' THEN 'Platform unallocated'
               WHEN 'worker' THEN 'Worker unallocated'
           END AS namespace,
           s.node,
           max(s.resource_id) AS resource_id,
           max(s.node_capacity_cpu_core_hours) - exact_sum(s.pod_usage_cpu_core_hours) AS pod_usage_cpu_core_hours,
           max(s.node_capacity_cpu_core_hours) - exact_sum(s.pod_request_cpu_core_hours) AS pod_request_cpu_core_hours,
           max(s.node_capacity_cpu_core_hours) - exact_sum(s.pod_effective_usage_cpu_core_hours)
               AS pod_effective_usage_cpu_core_hours,
           max(s.node_capacity_memory_gigabyte_hours) - exact_sum(s.pod_usage_memory_gigabyte_hours)
               AS pod_usage_memory_gigabyte_hours,
           max(s.node_capacity_memory_gigabyte_hours) - exact_sum(s.pod_request_memory_gigabyte_hours)
               AS pod_request_memory_gigabyte_hours,
           max(s.node_capacity_memory_gigabyte_hours) - exact_sum(s.pod_effective_usage_memory_gigabyte_hours)
               AS pod_effective_usage_memory_gigabyte_hours,
           max(s.node_capacity_cpu_cores) AS node_capacity_cpu_cores,
           max(s.node_capacity_cpu_core_hours) AS node_capacity_cpu_core_hours,
           max(s.node_capacity_memory_gigabytes) AS node_capacity_memory_gigabytes,
           max(s.node_capacity_memory_gigabyte_hours) AS node_capacity_memory_gigabyte_hours,
           max(s.cluster_capacity_cpu_core_hours) AS cluster_capacity_cpu_core_hours,
           max(s.cluster_capacity_memory_gigabyte_hours) AS cluster_capacity_memory_gigabyte_hours
    FROM staged_rows AS s
    LEFT JOIN node_role AS r
      ON s.node = r.node AND s.resource_id = r.resource_id
    WHERE s.namespace != 'Platform unallocated'
      AND s.namespace != 'Worker unallocated'
      AND s.namespace != 'Network unattributed'
      AND s.namespace != 'Storage unattributed'
      AND s.node IS NOT NULL
      AND s.data_source = 'Pod'
    GROUP BY s.node, s.usage_start
)
SELECT u.*, cat.cost_category_id
FROM unallocated AS u
LEFT JOIN cost_category_namespace AS cat
  ON u.namespace LIKE cat.namespace;
