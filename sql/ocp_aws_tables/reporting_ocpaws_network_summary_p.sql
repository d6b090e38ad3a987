-- ocp_on_aws §4: reporting_ocpaws_network_summary_p, the final rows of the pair summed per day, usage_account_id, product_code;
-- only rows with product_code IN ('AmazonVPC', 'AmazonCloudFront', 'AmazonRoute53', 'AmazonAPIGateway').
-- Sums of the unrounded doubles, in ascending order; NULL group keys form their own group.
SELECT CAST(gen_random_uuid() AS VARCHAR) AS id,
       usage_start,
       usage_start AS usage_end,
       max(cluster_id) AS cluster_id,
       max(cluster_alias) AS cluster_alias,
       usage_account_id,
       max(account_alias_id) AS account_alias_id,
       product_code,
       sum(usage_amount ORDER BY usage_amount) AS usage_amount,
       max(unit) AS unit,
       sum(unblended_cost ORDER BY unblended_cost) AS unblended_cost,
       sum(markup_cost ORDER BY markup_cost) AS markup_cost,
       sum(blended_cost ORDER BY blended_cost) AS blended_cost,
       sum(markup_cost_blended ORDER BY markup_cost_blended) AS markup_cost_blended,
       sum(savingsplan_effective_cost ORDER BY savingsplan_effective_cost) AS savingsplan_effective_cost,
       sum(markup_cost_savingsplan ORDER BY markup_cost_savingsplan) AS markup_cost_savingsplan,
       sum(calculated_amortized_cost ORDER BY calculated_amortized_cost) AS calculated_amortized_cost,
       sum(markup_cost_amortized ORDER BY markup_cost_amortized) AS markup_cost_amortized,
       max(currency_code) AS currency_code,
       $aws_source::VARCHAR AS source_uuid,
       CAST(NULL AS INTEGER) AS cost_category_id
FROM final_rows
WHERE product_code IN ('AmazonVPC', 'AmazonCloudFront', 'AmazonRoute53', 'AmazonAPIGateway')
GROUP BY usage_start, usage_account_id, account_alias_id, product_code
