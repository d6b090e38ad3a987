-- ocp_on_aws §3.10 (step 2f): each attribution row's final costs.
--   compute rows (resource-matched, Pod):  pod usage / node capacity (cpu or memory, $distribution) x cost
--   tag rows:                              cost / (k x c)
--   storage rows (2b, 2c):                 cost / k
-- k = project_temp rows sharing the AWS row_uuid; c = OpenShift sources (of all of them) that the AWS row ties
-- to by the 2e rule (1 when none). Usage is divided by k (and c), never by the usage ratio (quirk Q14). Every
-- markup is the final cost x $markup (the markup fraction rounded to 9 decimals, §3.13). Labels merge into tags,
-- AWS tags winning (quirk Q12).
CREATE OR REPLACE TEMP TABLE tag_cluster_counts AS
SELECT a.row_uuid,
       count(DISTINCT o.source) AS cluster_count
FROM part_tag_rows AS a
JOIN part_tag_ties AS t
  ON t.profile = a.profile
JOIN part_ocp AS o
  ON o.ocp_row = t.ocp_row
 AND o.usage_start = a.usage_start
GROUP BY a.row_uuid;

CREATE OR REPLACE TEMP TABLE row_shares AS
SELECT p.row_uuid,
       count(*) AS k,
       coalesce(max(c.cluster_count), 1) AS c
FROM project_temp AS p
LEFT JOIN tag_cluster_counts AS c
  ON c.row_uuid = p.row_uuid
GROUP BY p.row_uuid;

-- The merged tags of each distinct (labels, tags) pair, computed once a chunk (000_setup.sql makes the table
-- empty; a part adds the pairs no earlier part had): a row's labels are its pod labels, else its volume labels
-- (the same as merge_tags of each, since a NULL side gives NULL); a pair with a NULL side is not here and its
-- row gets NULL, as merge_tags gives. Per row, the JSON parsing, merging and sorting was most of this step (an
-- AWS row's tags pair with the same labels on every one of its cost rows, and on every day).
INSERT INTO merged_tags
SELECT labels, tags, merge_tags(labels, tags) AS merged
FROM (
    SELECT DISTINCT coalesce(pod_labels, volume_labels) AS labels, tags
    FROM project_temp
    WHERE coalesce(pod_labels, volume_labels) IS NOT NULL AND tags IS NOT NULL
) AS pairs
WHERE NOT EXISTS (SELECT 1 FROM merged_tags AS m WHERE m.labels = pairs.labels AND m.tags = pairs.tags);

INSERT INTO final_rows BY NAME
SELECT row_uuid,
       cluster_id,
       cluster_alias,
       data_source,
       namespace,
       node,
       persistentvolumeclaim,
       persistentvolume,
       storageclass,
       resource_id,
       usage_start,
       product_code,
       product_family,
       instance_type,
       usage_account_id,
       account_alias_id,
       availability_zone,
       region,
       unit,
       usage_amount,
       CAST(NULL AS VARCHAR) AS data_transfer_direction,
       currency_code,
       unblended_cost,
       unblended_cost * $markup::DOUBLE AS markup_cost,
       blended_cost,
       blended_cost * $markup::DOUBLE AS markup_cost_blended,
       savingsplan_effective_cost,
       savingsplan_effective_cost * $markup::DOUBLE AS markup_cost_savingsplan,
       calculated_amortized_cost,
       calculated_amortized_cost * $markup::DOUBLE AS markup_cost_amortized,
       tags,
       aws_cost_category,
       cost_category_id,
       resource_id_matched,
       matched_tag
FROM (
    SELECT p.row_uuid,
           p.cluster_id,
           p.cluster_alias,
           p.data_source,
           p.namespace,
           p.node,
           p.persistentvolumeclaim,
           p.persistentvolume,
           p.storageclass,
           p.resource_id,
           p.usage_start,
           p.product_code,
           p.product_family,
           p.instance_type,
           p.usage_account_id,
           aa.id AS account_alias_id,
           p.availability_zone,
           p.region,
           p.unit,
           CASE WHEN NOT p.resource_id_matched THEN p.usage_amount / (s.k * s.c)
                ELSE p.usage_amount / s.k
           END AS usage_amount,
           p.currency_code,
           CASE WHEN p.resource_id_matched AND p.data_source = 'Pod' THEN p.ratio * p.unblended_cost
                WHEN NOT p.resource_id_matched THEN p.unblended_cost / (s.k * s.c)
                ELSE p.unblended_cost / s.k
           END AS unblended_cost,
           CASE WHEN p.resource_id_matched AND p.data_source = 'Pod' THEN p.ratio * p.blended_cost
                WHEN NOT p.resource_id_matched THEN p.blended_cost / (s.k * s.c)
                ELSE p.blended_cost / s.k
           END AS blended_cost,
           CASE WHEN p.resource_id_matched AND p.data_source = 'Pod' THEN p.ratio * p.savingsplan_effective_cost
                WHEN NOT p.resource_id_matched THEN p.savingsplan_effective_cost / (s.k * s.c)
                ELSE p.savingsplan_effective_cost / s.k
           END AS savingsplan_effective_cost,
           CASE WHEN p.resource_id_matched AND p.data_source = 'Pod' THEN p.ratio * p.calculated_amortized_cost
                WHEN NOT p.resource_id_matched THEN p.calculated_amortized_cost / (s.k * s.c)
                ELSE p.calculated_amortized_cost / s.k
           END AS calculated_amortized_cost,
           mt.merged AS tags,
           p.aws_cost_category,
           p.cost_category_id,
           p.resource_id_matched,
           p.matched_tag
    FROM (
        SELECT *,
               CASE WHEN $distribution = 'cpu'
                    THEN pod_effective_usage_cpu_core_hours / nullif(node_capacity_cpu_core_hours, 0)
                    ELSE pod_effective_usage_memory_gigabyte_hours / nullif(node_capacity_memory_gigabyte_hours, 0)
               END AS ratio
        FROM project_temp
    ) AS p
    JOIN row_shares AS s
      ON s.row_uuid = p.row_uuid
    LEFT JOIN account_alias AS aa
      ON aa.account_id = p.usage_account_id
    LEFT JOIN merged_tags AS mt
      ON mt.labels = coalesce(p.pod_labels, p.volume_labels) AND mt.tags = p.tags
);
