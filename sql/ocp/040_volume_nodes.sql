-- ocp §3.5.1-2: which node each PVC is mounted from, taken from the pod rows of the same day, namespace and pod
-- (the storage report's own node column is not used, quirk Q27), and how many distinct nodes mount each volume
-- per day (quirk Q15). Pod rows with node '' count as a node here (quirk Q5). The pod side is the whole month,
-- not only the range: harmless, the join is on the day.
CREATE OR REPLACE TEMP TABLE volume_nodes AS
SELECT DISTINCT CAST(s.interval_start AS DATE) AS usage_start,
       s.persistentvolumeclaim,
       s.persistentvolume,
       s.pod,
       s.namespace,
       p.node,
       p.resource_id
FROM storage_usage_daily AS s
JOIN pod_usage_daily_month AS p
  ON p.namespace = s.namespace
 AND p.pod = s.pod
 AND CAST(p.interval_start AS DATE) = CAST(s.interval_start AS DATE);

CREATE OR REPLACE TEMP TABLE volume_node_counts AS
SELECT usage_start,
       persistentvolume,
       count(DISTINCT node) AS node_count
FROM volume_nodes
GROUP BY usage_start, persistentvolume;
