-- ocp_on_aws §3.11 (step 2g): data transfer of a matched node goes whole to 'Network unattributed' on that node,
-- with its direction and the AWS tags (no labels); an AWS row whose id contains two node ids gives two full rows
-- (quirk Q15). Written straight to the final rows, markup = cost x $markup.
INSERT INTO final_rows BY NAME
SELECT a.row_uuid,
       max(o.cluster_id) AS cluster_id,
       max(o.cluster_alias) AS cluster_alias,
       max(o.data_source) AS data_source,
       'Network unattributed' AS namespace,
       o.node,
       max(o.persistentvolumeclaim) AS persistentvolumeclaim,
       max(o.persistentvolume) AS persistentvolume,
       max(o.storageclass) AS storageclass,
       max(a.resource_id) AS resource_id,
       max(a.usage_start) AS usage_start,
       max(COLUMNS('^(product_code|product_family|instance_type|usage_account_id|availability_zone|region|unit)$')),  -- AWS
       max(aa.id) AS account_alias_id,
       max(a.usage_amount) AS usage_amount,
       a.data_transfer_direction,
       max(a.currency_code) AS currency_code,
       max(a.unblended_cost) AS unblended_cost,
       max(a.unblended_cost) * $markup::DOUBLE AS markup_cost,
       max(a.blended_cost) AS blended_cost,
       max(a.blended_cost) * $markup::DOUBLE AS markup_cost_blended,
       max(a.savingsplan_effective_cost) AS savingsplan_effective_cost,
       max(a.savingsplan_effective_cost) * $markup::DOUBLE AS markup_cost_savingsplan,
       max(a.calculated_amortized_cost) AS calculated_amortized_cost,
       max(a.calculated_amortized_cost) * $markup::DOUBLE AS markup_cost_amortized,
       max(a.tags) AS tags
FROM part_lids AS o
JOIN chunk_node_pairs AS np
  ON np.ocp_id = o.resource_id
JOIN part_aws AS a
  ON a.resource_id = np.aws_id
 AND a.usage_start = o.usage_start
LEFT JOIN account_alias AS aa
  ON aa.account_id = a.usage_account_id
WHERE o.source = $ocp_source
  AND o.resource_id <> ''
  AND o.data_source = 'Pod'
  AND a.resource_id_matched
  AND a.data_transfer_direction <> ''
GROUP BY a.row_uuid, o.node, a.data_transfer_direction;
