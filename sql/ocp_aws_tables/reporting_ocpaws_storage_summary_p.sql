-- ocp_on_aws §4: reporting_ocpaws_storage_summary_p, the final rows of the pair summed per day, usage_account_id, product_family;
-- only rows with product_family LIKE '%Storage%' AND unit = 'GB-Mo'.
-- Sums of the unrounded doubles, exact (exact_sum), so reruns agree to the last digit (Trino adds in no fixed order);
-- all-NULL sums stay NULL; NULL group keys form their own group.
SELECT CAST(gen_random_uuid() AS VARCHAR) AS id,
       usage_start,
       usage_start AS usage_end,
       max(cluster_id) AS cluster_id,
       max(cluster_alias) AS cluster_alias,
       usage_account_id,
       max(account_alias_id) AS account_alias_id,
       product_family,
       exact_sum(usage_amount) AS usage_amount,
       max(unit) AS unit,
       exact_sum(COLUMNS('^(unblended|blended|savingsplan_effective|calculated_amortized)_cost$|^markup_cost')),  -- the 8 cost columns
       max(currency_code) AS currency_code,
       $aws_source::VARCHAR AS source_uuid,
       CAST(NULL AS INTEGER) AS cost_category_id
FROM final_rows
WHERE product_family LIKE '%Storage%' AND unit = 'GB-Mo'
GROUP BY usage_start, usage_account_id, account_alias_id, product_family
