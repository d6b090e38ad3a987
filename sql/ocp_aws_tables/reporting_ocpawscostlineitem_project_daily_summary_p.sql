-- ocp_on_aws §3.12 (step 3): the rows of reporting_ocpawscostlineitem_project_daily_summary_p. The final rows are
-- grouped by day and every descriptive column, tags first filtered to the keys enabled for AWS or OpenShift plus
-- vm_kubevirt_io_name (enabled_tags, made once per distinct text by sql/ocp_aws/080_enabled_tags.sql; no enabled
-- key at all: '{}'; NULL stays NULL, quirk Q12). Network rows give their usage as data in or out, every other row
-- 0. Sums are exact (exact_sum), so reruns agree to the last digit whatever order the rows come in; all-NULL sums
-- stay NULL (quirk Q6). The PostgreSQL writer rounds each double into the column's numeric scale as Trino's insert
-- does.
WITH filtered AS (
    SELECT f.*,
           e.enabled_tags,
           CASE WHEN upper(f.data_transfer_direction) = 'IN' THEN f.usage_amount ELSE 0.0 END AS data_in,
           CASE WHEN upper(f.data_transfer_direction) = 'OUT' THEN f.usage_amount ELSE 0.0 END AS data_out
    FROM final_rows AS f
    LEFT JOIN enabled_tags AS e
      ON e.tags = f.tags
)
SELECT CAST(gen_random_uuid() AS VARCHAR) AS uuid,
       $report_period_id::INTEGER AS report_period_id,
       cluster_id,
       max(cluster_alias) AS cluster_alias,
       data_source,
       namespace,
       node,
       persistentvolumeclaim,
       persistentvolume,
       storageclass,
       enabled_tags AS pod_labels,
       resource_id,
       usage_start,
       usage_start AS usage_end,
       $bill_id::INTEGER AS cost_entry_bill_id,
       product_code,
       product_family,
       exact_sum(data_in) AS infrastructure_data_in_gigabytes,
       exact_sum(data_out) AS infrastructure_data_out_gigabytes,
       data_transfer_direction,
       instance_type,
       usage_account_id,
       max(account_alias_id) AS account_alias_id,
       availability_zone,
       region,
       unit,
       exact_sum(usage_amount) AS usage_amount,
       max(currency_code) AS currency_code,
       exact_sum(COLUMNS('^(unblended|blended|savingsplan_effective|calculated_amortized)_cost$|^markup_cost')),  -- the 8 cost columns
       enabled_tags AS tags,
       aws_cost_category,
       $aws_source::VARCHAR AS source_uuid,
       cost_category_id
FROM filtered
GROUP BY usage_start, cluster_id, data_source, namespace, node, persistentvolumeclaim, persistentvolume,
         storageclass, resource_id, product_code, product_family, instance_type, usage_account_id,
         availability_zone, region, unit, data_transfer_direction, currency_code, enabled_tags,
         aws_cost_category, cost_category_id
