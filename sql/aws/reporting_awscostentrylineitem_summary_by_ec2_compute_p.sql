-- ocp_on_aws.md §5.1: the rows of reporting_awscostentrylineitem_summary_by_ec2_compute_p for the month (Koku's
-- reporting_awscostentrylineitem_summary_by_ec2_compute_p.sql, koku@768be825), from every daily line item of the
-- AWS source in the month (aws_month_line_items), the enabled AWS tag keys (aws_tag_keys) and the account aliases
-- (account_alias).
--
-- One row per EC2 instance (AmazonEC2, a '%Compute Instance%' product family, a resource id) and per variant of
-- its attributes on its latest day: the latest day over ALL the resource's rows of the month, of any product, so
-- an instance whose last row is not a compute row gives no row at all. Sums over the whole month, exact
-- (exact_sum); unlike the daily summary, SavingsPlanCoveredUsage lines add no unblended or blended cost (their
-- SavingsPlanNegation lines already offset it). Rounding and markups as in the daily summary.
WITH pek AS (
    SELECT list(key ORDER BY key) AS keys FROM aws_tag_keys
),
compute AS (
    SELECT *
    FROM aws_month_line_items
    WHERE lineitem_productcode = 'AmazonEC2'
      AND product_productfamily LIKE '%Compute Instance%'
      AND lineitem_resourceid <> ''
),
latest_day AS (
    SELECT lineitem_resourceid AS resource_id, max(CAST(lineitem_usagestartdate AS DATE)) AS usage_start
    FROM aws_month_line_items
    WHERE lineitem_resourceid IN (SELECT lineitem_resourceid FROM compute)
    GROUP BY lineitem_resourceid
),
latest_values AS (
    SELECT c.lineitem_resourceid AS resource_id,
           nullif(c.product_instancetype, '') AS instance_type,
           max(json_extract_string(c.resourcetags, '$.Name')) AS instance_name,
           c.resourcetags AS tags,
           c.costcategory AS cost_category,
           nullif(c.product_memory, '') AS memory,
           -- Trino's cast of the text to integer, which fails on anything but an integer.
           CASE WHEN nullif(c.product_vcpu, '') IS NULL THEN NULL
                WHEN regexp_full_match(c.product_vcpu, '[+-]?[0-9]{1,9}') THEN CAST(c.product_vcpu AS INTEGER)
                ELSE error('AWS line items of EC2 instance ' || c.lineitem_resourceid || ': product/vcpu '''
                           || c.product_vcpu || ''' is not an integer (Koku''s cast to integer fails on it)')
           END AS vcpu
    FROM compute AS c
    JOIN latest_day AS l
      ON l.resource_id = c.lineitem_resourceid
     -- Koku compares the line item's timestamp with the day: daily line items start at midnight.
     AND c.lineitem_usagestartdate = CAST(l.usage_start AS TIMESTAMP)
    GROUP BY c.lineitem_resourceid, c.product_instancetype, c.resourcetags, c.costcategory, c.product_memory,
             c.product_vcpu
),
ds AS (
    SELECT lineitem_resourceid AS resource_id,
           min(CAST(lineitem_usagestartdate AS DATE)) AS usage_start,
           max(CAST(lineitem_usagestartdate AS DATE)) AS usage_end,
           max(lineitem_usageaccountid) AS usage_account_id,
           max(nullif(product_operatingsystem, '')) AS operating_system,
           max(nullif(product_region, '')) AS region,
           max(nullif(pricing_unit, '')) AS unit,
           exact_sum(CASE WHEN lineitem_lineitemtype = 'SavingsPlanNegation' THEN 0.0
                          ELSE lineitem_usageamount END) AS usage_amount,
           max(lineitem_normalizationfactor) AS normalization_factor,
           exact_sum(lineitem_normalizedusageamount) AS normalized_usage_amount,
           max(lineitem_currencycode) AS currency_code,
           max(lineitem_unblendedrate) AS unblended_rate,
           exact_sum(CASE WHEN lineitem_lineitemtype = 'SavingsPlanCoveredUsage' THEN 0.0
                          ELSE lineitem_unblendedcost END) AS unblended_cost,
           max(lineitem_blendedrate) AS blended_rate,
           exact_sum(CASE WHEN lineitem_lineitemtype = 'SavingsPlanCoveredUsage' THEN 0.0
                          ELSE lineitem_blendedcost END) AS blended_cost,
           exact_sum(savingsplan_savingsplaneffectivecost) AS savingsplan_effective_cost,
           exact_sum(CASE WHEN lineitem_lineitemtype IN ('SavingsPlanCoveredUsage', 'SavingsPlanNegation',
                                                         'SavingsPlanUpfrontFee', 'SavingsPlanRecurringFee')
                          THEN savingsplan_savingsplaneffectivecost
                          ELSE lineitem_unblendedcost END) AS calculated_amortized_cost,
           exact_sum(pricing_publicondemandcost) AS public_on_demand_cost,
           max(pricing_publicondemandrate) AS public_on_demand_rate
    FROM compute
    GROUP BY lineitem_resourceid
)
SELECT gen_random_uuid() AS uuid,
       ds.usage_start,
       ds.usage_end,
       ds.usage_account_id,
       l.resource_id,
       l.instance_name,
       l.instance_type,
       ds.operating_system,
       ds.region,
       l.vcpu,
       l.memory,
       filtered_tags(l.tags, pek.keys) AS tags,
       CAST(json(l.cost_category) AS VARCHAR) AS cost_category,
       ds.unit,
       ds.usage_amount,
       ds.normalization_factor,
       ds.normalized_usage_amount,
       ds.currency_code,
       ds.unblended_rate,
       ds.unblended_cost,
       ds.unblended_cost * $markup AS markup_cost,
       ds.blended_rate,
       ds.blended_cost,
       ds.blended_cost * $markup AS markup_cost_blended,
       ds.savingsplan_effective_cost,
       ds.savingsplan_effective_cost * $markup AS markup_cost_savingsplan,
       ds.calculated_amortized_cost,
       ds.calculated_amortized_cost * $markup AS markup_cost_amortized,
       ds.public_on_demand_cost,
       ds.public_on_demand_rate,
       $source_uuid::UUID AS source_uuid,
       $bill_id::INTEGER AS cost_entry_bill_id,
       aa.id AS account_alias_id
FROM ds
CROSS JOIN pek
JOIN latest_values AS l ON ds.resource_id = l.resource_id
LEFT JOIN account_alias AS aa ON ds.usage_account_id = aa.account_id
