-- ocp §3.1: the node roles 080 reads, as reporting_ocp_nodes holds them once this run's nodes are written (Koku
-- reads the table after populate_node_table): every node row of the schema (ocp_node_rows, all clusters), a row of
-- this cluster matching a node seen now on (node, resource id, cores) taking the new role when its role or
-- architecture is empty, and the nodes seen now that match no row. The same rule writes the table (OcpWrites).
CREATE OR REPLACE TEMP TABLE ocp_node_roles AS
WITH seen AS (
    SELECT node, resource_id, round(node_capacity_cpu_cores, 2) AS cores, node_role, architecture
    FROM topology_nodes
)
SELECT n.node,
       n.resource_id,
       CASE WHEN s.node IS NOT NULL AND (coalesce(n.node_role, '') = '' OR coalesce(n.architecture, '') = '')
            THEN s.node_role
            ELSE n.node_role
       END AS node_role
FROM ocp_node_rows AS n
LEFT JOIN seen AS s
  ON n.node = s.node
 AND n.resource_id IS NOT DISTINCT FROM s.resource_id
 AND n.node_capacity_cpu_cores IS NOT DISTINCT FROM s.cores
 AND n.cluster_id = $cluster_uuid
UNION ALL
SELECT s.node, s.resource_id, s.node_role
FROM seen AS s
WHERE NOT EXISTS (
    SELECT 1
    FROM ocp_node_rows AS n
    WHERE n.node = s.node
      AND n.resource_id IS NOT DISTINCT FROM s.resource_id
      AND n.node_capacity_cpu_cores IS NOT DISTINCT FROM s.cores
      AND n.cluster_id = $cluster_uuid
);
