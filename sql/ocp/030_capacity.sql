-- ocp §3.3: node and cluster capacity come from the hourly pod table (quirks Q10, Q28): per hour and node the
-- largest capacity any pod row reports, summed over the hours of the day; the cluster's is the sum over nodes,
-- node '' included. Sums are exact (exact_sum: order-independent), so that a rerun gives the same
-- last digit.
CREATE OR REPLACE TEMP TABLE node_capacity AS
SELECT CAST(interval_start AS DATE) AS usage_start,
       node,
       exact_sum(cpu_core_seconds) AS node_capacity_cpu_core_seconds,
       exact_sum_bytes(memory_byte_seconds) AS node_capacity_memory_byte_seconds
FROM (
    SELECT interval_start,
           node,
           max(node_capacity_cpu_core_seconds) AS cpu_core_seconds,
           max(node_capacity_memory_byte_seconds) AS memory_byte_seconds
    FROM pod_usage_hourly
    GROUP BY interval_start, node
)
GROUP BY 1, 2;

CREATE OR REPLACE TEMP TABLE cluster_capacity AS
SELECT usage_start,
       exact_sum(node_capacity_cpu_core_seconds) AS cluster_capacity_cpu_core_seconds,
       exact_sum_bytes(node_capacity_memory_byte_seconds) AS cluster_capacity_memory_byte_seconds
FROM node_capacity
GROUP BY usage_start;
