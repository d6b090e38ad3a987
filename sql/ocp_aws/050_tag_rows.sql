-- ocp_on_aws §3.9 (step 2e): tag-matched AWS rows tied to the cluster's namespaces (openshift_project,
-- openshift_node, openshift_cluster tags, or a matched tag string inside the labels; 035_tag_ties). One row per
-- (AWS row, namespace, data source), costs whole (2f splits them evenly, quirk Q13); the labels are the greatest
-- label text of the group, not a merge.
INSERT INTO project_temp BY NAME
SELECT a.row_uuid,
       max(o.cluster_id) AS cluster_id,
       max(o.cluster_alias) AS cluster_alias,
       o.data_source,
       o.namespace,
       max(o.node) AS node,
       max(nullif(o.persistentvolumeclaim, '')) AS persistentvolumeclaim,
       max(nullif(o.persistentvolume, '')) AS persistentvolume,
       max(nullif(o.storageclass, '')) AS storageclass,
       max(a.resource_id) AS resource_id,
       max(a.usage_start) AS usage_start,
       max(COLUMNS('^(product_code|product_family|instance_type|usage_account_id|availability_zone|region|unit)$')),  -- AWS
       max(a.usage_amount) AS usage_amount,
       max(a.currency_code) AS currency_code,
       max(a.unblended_cost) AS unblended_cost,
       max(a.blended_cost) AS blended_cost,
       max(a.savingsplan_effective_cost) AS savingsplan_effective_cost,
       max(a.calculated_amortized_cost) AS calculated_amortized_cost,
       max(o.pod_labels) AS pod_labels,
       max(o.volume_labels) AS volume_labels,
       max(a.tags) AS tags,
       max(a.aws_cost_category) AS aws_cost_category,
       max(o.cost_category_id) AS cost_category_id,
       false AS resource_id_matched,
       max(a.matched_tag) AS matched_tag
FROM part_tag_rows AS a
JOIN part_tag_ties AS t
  ON t.profile = a.profile
JOIN part_ocp AS o
  ON o.ocp_row = t.ocp_row
 AND o.usage_start = a.usage_start
WHERE o.source = $ocp_source
GROUP BY a.row_uuid, o.namespace, o.data_source;
