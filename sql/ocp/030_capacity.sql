-- ocp §3.3: node and cluster capacity come from the hourly pod table (quirks Q10, Q28): per hour and node the
-- largest capacity any pod row reports, summed over the hours of the day; the cluster's is the sum over nodes,
-- node '' included. Every sum adds its values in ascending order
-- so that a rerun gives the same last digit.
CREATE OR REPLACE TEMP TABLE node_capacity AS
SELECT CAST(interval_start AS DATE) AS usage_start,
       node,
       sum(cpu_core_seconds ORDER BY cpu_core_seconds) AS node_capacity_cpu_core_seconds,
       sum(memory_byte_seconds ORDER BY memory_byte_seconds) AS node_capacity_memory_byte_seconds
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
       sum(node_capacity_cpu_core_seconds ORDER BY node_capacity_cpu_core_seconds) AS cluster_capacity_cpu_core_seconds,
       sum(node_capacity_memory_byte_seconds ORDER BY node_capacity_memory_byte_seconds) AS cluster_capacity_memory_byte_seconds
FROM node_capacity
GROUP BY usage_start;
