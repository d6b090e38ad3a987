-- ocp §3.1 and §2.4: the cluster's nodes, PVCs and projects seen in the range, for reporting_ocp_nodes,
-- reporting_ocp_pvcs and reporting_ocp_projects. A node's role is the operator's node_role when it sends one;
-- otherwise 'master' when it runs a pod in openshift-kube-apiserver, 'infra' when a node-label text of it holds
-- "node_role_kubernetes_io": "infra", else 'worker'. Only nodes with node-label rows in the range are listed (the
-- label filter makes Koku's join an inner join, quirk Q11).
CREATE OR REPLACE TEMP TABLE topology_nodes AS
SELECT p.node,
       p.resource_id,
       max(p.node_capacity_cpu_cores) AS node_capacity_cpu_cores,
       coalesce(max(p.node_role),
                CASE WHEN bool_or(p.namespace = 'openshift-kube-apiserver') THEN 'master'
                     WHEN bool_or(nl.node_labels LIKE '%"node_role_kubernetes_io": "infra"%') THEN 'infra'
                     ELSE 'worker'
                END) AS node_role,
       lower(json_extract_string(max(nl.node_labels), '$.kubernetes_io_arch')) AS architecture
FROM pod_usage_daily AS p
JOIN node_labels_daily AS nl
  ON p.node = nl.node
GROUP BY p.node, p.resource_id;

CREATE OR REPLACE TEMP TABLE topology_pvcs AS
SELECT DISTINCT persistentvolume, persistentvolumeclaim, csi_volume_handle
FROM storage_usage_daily;

CREATE OR REPLACE TEMP TABLE topology_projects AS
SELECT DISTINCT namespace
FROM pod_usage_daily;
