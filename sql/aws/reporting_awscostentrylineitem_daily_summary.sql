-- ocp_on_aws.md §5: the rows of reporting_awscostentrylineitem_daily_summary for the days $chunk_start..$chunk_end
-- (Koku's reporting_awscostentrylineitem_daily_summary.sql, koku@768be825, run per chunk), from the AWS source's
-- daily line items of those days (aws_line_items), the enabled AWS tag keys (aws_tag_keys), the account aliases
-- (account_alias) and the organizational units of the source (org_unit).
--
-- One row per day and group of Koku's GROUP BY, which takes the raw resourcetags text (so two groups whose
-- filtered tags are equal stay two rows) and the raw product code, product name and billing entity (the
-- Marketplace rule is applied per group). Sums are exact (exact_sum) where Trino adds doubles in no fixed order;
-- costs stay doubles here and are rounded into the columns' scale on the way into the table, half up from the
-- double's shortest text, as Trino's cast to decimal(24,9) / (33,9) / (33,15) does (the column scales equal the
-- casts'). Markups multiply the unrounded sums by $markup.
WITH pek AS (
    -- Trino's array_agg over no row is NULL: with no enabled AWS key every tag is dropped.
    SELECT list(key ORDER BY key) AS keys FROM aws_tag_keys
),
ds AS (
    SELECT CAST(lineitem_usagestartdate AS DATE) AS usage_start,
           CASE WHEN bill_billingentity = 'AWS Marketplace'
                THEN coalesce(nullif(product_productname, ''), nullif(lineitem_productcode, ''))
                ELSE nullif(lineitem_productcode, '')
           END AS product_code,
           nullif(product_productfamily, '') AS product_family,
           lineitem_usageaccountid AS usage_account_id,
           nullif(lineitem_availabilityzone, '') AS availability_zone,
           nullif(product_region, '') AS region,
           resourcetags,
           costcategory,
           nullif(product_instancetype, '') AS instance_type,
           nullif(pricing_unit, '') AS unit,
           -- A SavingsPlanNegation line repeats its covered usage (COST-5369): no usage of its own.
           exact_sum(CASE WHEN lineitem_lineitemtype = 'SavingsPlanNegation' THEN 0.0
                          ELSE lineitem_usageamount END) AS usage_amount,
           max(lineitem_normalizationfactor) AS normalization_factor,
           exact_sum(lineitem_normalizedusageamount) AS normalized_usage_amount,
           max(lineitem_currencycode) AS currency_code,
           max(lineitem_unblendedrate) AS unblended_rate,
           exact_sum(lineitem_unblendedcost) AS unblended_cost,
           max(lineitem_blendedrate) AS blended_rate,
           exact_sum(lineitem_blendedcost) AS blended_cost,
           exact_sum(savingsplan_savingsplaneffectivecost) AS savingsplan_effective_cost,
           -- Quirk Q4: the Savings Plan effective cost for the four SavingsPlan* types, the unblended cost otherwise.
           exact_sum(CASE WHEN lineitem_lineitemtype IN ('SavingsPlanCoveredUsage', 'SavingsPlanNegation',
                                                         'SavingsPlanUpfrontFee', 'SavingsPlanRecurringFee')
                          THEN savingsplan_savingsplaneffectivecost
                          ELSE lineitem_unblendedcost END) AS calculated_amortized_cost,
           exact_sum(pricing_publicondemandcost) AS public_on_demand_cost,
           max(pricing_publicondemandrate) AS public_on_demand_rate,
           -- Distinct ids, '' included (the input holds no NULL id, so the list's length is Koku's count).
           list(DISTINCT lineitem_resourceid) AS resource_id_list
    FROM aws_line_items
    WHERE lineitem_usagestartdate >= $chunk_start::DATE
      AND lineitem_usagestartdate < $chunk_end::DATE + INTERVAL 1 DAY
    GROUP BY CAST(lineitem_usagestartdate AS DATE), bill_billingentity, lineitem_productcode, product_productname,
             lineitem_usageaccountid, lineitem_availabilityzone, product_productfamily, product_region, resourcetags,
             costcategory, product_instancetype, pricing_unit
),
tag_texts AS (
    -- Each distinct tag text filtered once.
    SELECT t.resourcetags, filtered_tags(t.resourcetags, pek.keys) AS tags
    FROM (SELECT DISTINCT resourcetags FROM ds) AS t
    CROSS JOIN pek
)
SELECT gen_random_uuid() AS uuid,
       $bill_id::INTEGER AS cost_entry_bill_id,
       ds.usage_start,
       ds.usage_start AS usage_end,
       ds.usage_account_id,
       -- product_code is NOT NULL: Koku's insert fails on a group without a product code; so does this, saying why.
       CASE WHEN ds.product_code IS NOT NULL THEN ds.product_code
            ELSE error('AWS line items of ' || ds.usage_start || ', account ' || ds.usage_account_id
                       || ', have an empty lineItem/ProductCode (and no Marketplace product name): Koku''s AWS'
                       || ' summary cannot store them (product_code is NOT NULL)')
       END AS product_code,
       ds.product_family,
       ds.availability_zone,
       ds.region,
       ds.instance_type,
       ds.unit,
       -- In byte order (Koku leaves the order open).
       CAST(to_json(list_sort(ds.resource_id_list)) AS VARCHAR) AS resource_ids,
       CAST(len(ds.resource_id_list) AS INTEGER) AS resource_count,
       ds.usage_amount,
       ds.normalization_factor,
       ds.normalized_usage_amount,
       ds.currency_code,
       ds.unblended_rate,
       ds.unblended_cost,
       ds.blended_rate,
       ds.blended_cost,
       ds.savingsplan_effective_cost,
       ds.calculated_amortized_cost,
       ds.public_on_demand_cost,
       ds.public_on_demand_rate,
       tt.tags,
       CAST(json(ds.costcategory) AS VARCHAR) AS cost_category,
       aa.id AS account_alias_id,
       ou.id AS organizational_unit_id,
       $source_uuid::UUID AS source_uuid,
       ds.unblended_cost * $markup AS markup_cost,
       ds.blended_cost * $markup AS markup_cost_blended,
       ds.savingsplan_effective_cost * $markup AS markup_cost_savingsplan,
       ds.calculated_amortized_cost * $markup AS markup_cost_amortized
FROM ds
JOIN tag_texts AS tt
    ON tt.resourcetags IS NOT DISTINCT FROM ds.resourcetags
LEFT JOIN account_alias AS aa
    ON ds.usage_account_id = aa.account_id
-- Every organizational unit of the alias and this source alive on the day: several would repeat the row, as
-- Koku's LEFT JOIN does.
LEFT JOIN org_unit AS ou
    ON aa.id = ou.account_alias_id
   AND ou.provider_id = $source_uuid::UUID
   AND ou.created_timestamp <= ds.usage_start
   AND (ou.deleted_timestamp IS NULL OR ou.deleted_timestamp > ds.usage_start)
