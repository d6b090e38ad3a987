-- ocp_on_aws §4: reporting_ocpaws_cost_summary_by_region_p, the final rows of the pair summed per day, usage_account_id, region, availability_zone.
-- Sums of the unrounded doubles, exact (exact_sum), so reruns agree to the last digit (Trino adds in no fixed order);
-- all-NULL sums stay NULL; NULL group keys form their own group.
SELECT CAST(gen_random_uuid() AS VARCHAR) AS id,
       usage_start,
       usage_start AS usage_end,
       max(cluster_id) AS cluster_id,
       max(cluster_alias) AS cluster_alias,
       usage_account_id,
       max(account_alias_id) AS account_alias_id,
       region,
       availability_zone,
       exact_sum(COLUMNS('^(unblended|blended|savingsplan_effective|calculated_amortized)_cost$|^markup_cost')),  -- the 8 cost columns
       max(currency_code) AS currency_code,
       $aws_source::VARCHAR AS source_uuid,
       CAST(NULL AS INTEGER) AS cost_category_id
FROM final_rows
GROUP BY usage_start, usage_account_id, account_alias_id, region, availability_zone
