-- ocp §3.4: Pod rows. One row per day, namespace, node and merged label set (pod over namespace over node,
-- each filtered to the enabled keys). Pods on node '' are left out (quirk Q5). The cost-category join happens
-- before the sums, so a namespace matching k patterns has its sums multiplied by k (quirk Q2); the row keeps the
-- largest category id. Capacity that has no hourly rows stays NULL (Trino behaviour). Sums are exact
-- (exact_sum, exact_sum_bytes: independent of the order rows arrive in), so that reruns agree to the last digit.
-- Steps 050-090 run once per part of the range (pod_usage_part, storage_usage_part: see SummarizeOcp): a part holds
-- every row of its nodes on its day, so each summary row is computed from exactly one part.
CREATE OR REPLACE TEMP TABLE pod_rows AS
SELECT CAST(li.interval_start AS DATE) AS usage_start,
       li.namespace,
       li.node,
       max(cat.cost_category_id) AS cost_category_id,
       merge_labels(li.sorted_keys,
                    coalesce(nl.node_labels, no_labels()),
                    coalesce(ns.namespace_labels, no_labels()),
                    li.pod_map) AS pod_labels,
       max(li.resource_id) AS resource_id,
       exact_sum(li.pod_usage_cpu_core_seconds) / 3600.0 AS pod_usage_cpu_core_hours,
       exact_sum(li.pod_request_cpu_core_seconds) / 3600.0 AS pod_request_cpu_core_hours,
       exact_sum(coalesce(li.pod_effective_usage_cpu_core_seconds,
                    trino_greatest(li.pod_usage_cpu_core_seconds, li.pod_request_cpu_core_seconds)))
           / 3600.0 AS pod_effective_usage_cpu_core_hours,
       exact_sum(li.pod_limit_cpu_core_seconds) / 3600.0 AS pod_limit_cpu_core_hours,
       exact_sum_bytes(li.pod_usage_memory_byte_seconds) / 3600.0 * power(2, -30) AS pod_usage_memory_gigabyte_hours,
       exact_sum_bytes(li.pod_request_memory_byte_seconds) / 3600.0 * power(2, -30) AS pod_request_memory_gigabyte_hours,
       exact_sum_bytes(coalesce(li.pod_effective_usage_memory_byte_seconds,
                    trino_greatest(li.pod_usage_memory_byte_seconds, li.pod_request_memory_byte_seconds)))
           / 3600.0 * power(2, -30) AS pod_effective_usage_memory_gigabyte_hours,
       exact_sum_bytes(li.pod_limit_memory_byte_seconds) / 3600.0 * power(2, -30) AS pod_limit_memory_gigabyte_hours,
       max(li.node_capacity_cpu_cores) AS node_capacity_cpu_cores,
       max(nc.node_capacity_cpu_core_seconds) / 3600.0 AS node_capacity_cpu_core_hours,
       max(li.node_capacity_memory_bytes) * power(2, -30) AS node_capacity_memory_gigabytes,
       max(nc.node_capacity_memory_byte_seconds) / 3600.0 * power(2, -30) AS node_capacity_memory_gigabyte_hours,
       max(cc.cluster_capacity_cpu_core_seconds) / 3600.0 AS cluster_capacity_cpu_core_hours,
       max(cc.cluster_capacity_memory_byte_seconds) / 3600.0 * power(2, -30) AS cluster_capacity_memory_gigabyte_hours
FROM (
    -- Each row's pod labels parsed once (merge_labels refers to its arguments more than once, and filters them).
    SELECT p.*, json_map(p.pod_labels) AS pod_map, k.sorted_keys
    FROM pod_usage_part AS p
    CROSS JOIN label_keys AS k
    WHERE p.node != ''
) AS li
LEFT JOIN node_label_days AS nl
  ON nl.node = li.node AND nl.usage_start = CAST(li.interval_start AS DATE)
LEFT JOIN namespace_label_days AS ns
  ON ns.namespace = li.namespace AND ns.usage_start = CAST(li.interval_start AS DATE)
LEFT JOIN node_capacity AS nc
  ON nc.usage_start = CAST(li.interval_start AS DATE) AND nc.node = li.node
LEFT JOIN cluster_capacity AS cc
  ON cc.usage_start = CAST(li.interval_start AS DATE)
LEFT JOIN cost_category_namespace AS cat
  ON li.namespace LIKE cat.namespace
GROUP BY CAST(li.interval_start AS DATE), li.namespace, li.node, 5;
