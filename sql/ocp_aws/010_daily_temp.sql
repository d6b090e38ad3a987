-- ocp_on_aws §3.2 (step 1): the AWS daily rows of the chunk that belong to this cluster, in Koku's
-- managed_aws_openshift_daily_temp shape. A row is resource-matched when its resource id ENDS with a node id, a PV
-- name or a CSI handle of the cluster's chunk (suffix here, substring later: quirk Q1); otherwise it is
-- tag-matched when its raw tag text contains one of the matched tag strings (matched_tags, §3.1: case-sensitive,
-- byte-exact, quirk Q11). Resource matching wins (Q13). Everything else is dropped.
-- Inputs: aws_daily, ocp_pod_daily, ocp_storage_daily (the chunk's days, possibly more), aws_tag_keys, matched_tags.

-- The chunk's days as variables, for the views of this step and of 035_tag_ties.sql (a view takes no parameters).
SET VARIABLE chunk_start = CAST($chunk_start AS DATE);
SET VARIABLE chunk_end = CAST($chunk_end AS DATE);

-- A view, not a copy: the statements below read one to three of its columns, except daily_temp, which reads the
-- rows once whole; a copy of every column of the chunk's AWS rows was most of this step's time and of the chunk's
-- spill at large densities.
CREATE OR REPLACE TEMP VIEW aws_chunk AS
SELECT *
FROM aws_daily
WHERE usage_start >= getvariable('chunk_start')
  AND usage_start < getvariable('chunk_end') + INTERVAL 1 DAY;

-- Node ids, PV names and CSI handles of the chunk (a CSI handle only of a named PV).
CREATE OR REPLACE TEMP TABLE chunk_suffixes AS
SELECT DISTINCT id
FROM (
    SELECT resource_id AS id
    FROM ocp_pod_daily
    WHERE resource_id <> ''
      AND interval_start >= $chunk_start::DATE
      AND interval_start < $chunk_end::DATE + INTERVAL 1 DAY
    UNION ALL
    SELECT persistentvolume
    FROM ocp_storage_daily
    WHERE persistentvolume <> ''
      AND interval_start >= $chunk_start::DATE
      AND interval_start < $chunk_end::DATE + INTERVAL 1 DAY
    UNION ALL
    SELECT csi_volume_handle
    FROM ocp_storage_daily
    WHERE persistentvolume <> ''
      AND csi_volume_handle <> ''
      AND interval_start >= $chunk_start::DATE
      AND interval_start < $chunk_end::DATE + INTERVAL 1 DAY
);

-- Suffix test as an equality join: one probe per distinct suffix length. An id longer than the resource id never
-- matches (Koku compares the last length(id) characters).
CREATE OR REPLACE TEMP TABLE matchable_ids AS
WITH ids AS (
    SELECT DISTINCT lineitem_resourceid AS r FROM aws_chunk
),
lengths AS (
    SELECT DISTINCT length(id) AS n FROM chunk_suffixes
)
SELECT DISTINCT ids.r
FROM ids
JOIN lengths ON length(ids.r) >= lengths.n
JOIN chunk_suffixes AS s ON right(ids.r, lengths.n) = s.id;

-- The matched tag strings each remaining row's raw tag text contains, joined with ',' in matched_tags' order
-- (Koku's matched_tag); tested once per distinct tag text, by costagg_matched_tags: every string of matched_tags
-- found in one pass over the text (SubstringSet, registered from matched_tags by RegisterMatchedTags), where a join
-- on contains() would test every (text, string) pair.
CREATE OR REPLACE TEMP TABLE chunk_tag_hits AS
WITH texts AS (
    SELECT DISTINCT resourcetags
    FROM aws_chunk
    WHERE lineitem_resourceid NOT IN (SELECT r FROM matchable_ids)
),
hits AS MATERIALIZED (
    SELECT resourcetags, costagg_matched_tags(resourcetags) AS matched_tag
    FROM texts
)
SELECT a.row_uuid, h.matched_tag
FROM aws_chunk AS a
JOIN hits AS h
  ON h.resourcetags = a.resourcetags
WHERE h.matched_tag IS NOT NULL
  AND a.lineitem_resourceid NOT IN (SELECT r FROM matchable_ids);

-- Tags filtered to the enabled AWS keys plus the three openshift_* keys, as Trino's compact sorted JSON; once per
-- distinct tag text.
CREATE OR REPLACE TEMP TABLE chunk_tag_texts AS
SELECT t.resourcetags,
       trino_json(map_from_entries(list_filter(
           map_entries(json_transform(t.resourcetags, '"MAP(VARCHAR, VARCHAR)"')),
           e -> list_contains(k.keys, e.key)))) AS tags
FROM (SELECT DISTINCT resourcetags FROM aws_chunk) AS t
CROSS JOIN (
    SELECT coalesce(list(key), []) || ['openshift_cluster', 'openshift_node', 'openshift_project'] AS keys
    FROM aws_tag_keys
) AS k;

CREATE OR REPLACE TEMP TABLE daily_temp AS
SELECT a.row_uuid,
       nullif(a.lineitem_resourceid, '') AS resource_id,
       CASE WHEN a.bill_billingentity = 'AWS Marketplace'
            THEN coalesce(nullif(a.product_productname, ''), nullif(a.lineitem_productcode, ''))
            ELSE nullif(a.lineitem_productcode, '')
       END AS product_code,
       CAST(a.usage_start AS DATE) AS usage_start,
       a.lineitem_usageaccountid AS usage_account_id,
       nullif(a.lineitem_availabilityzone, '') AS availability_zone,
       nullif(a.product_productfamily, '') AS product_family,
       nullif(a.product_instancetype, '') AS instance_type,
       nullif(a.product_region, '') AS region,
       nullif(a.pricing_unit, '') AS unit,
       tt.tags,
       a.costcategory AS aws_cost_category,
       a.lineitem_usageamount AS usage_amount,
       CASE WHEN a.lineitem_productcode = 'AmazonEC2' AND a.product_productfamily = 'Data Transfer' THEN
           CASE WHEN contains(lower(a.lineitem_usagetype), 'in-bytes') THEN 'IN'
                WHEN contains(lower(a.lineitem_usagetype), 'out-bytes') THEN 'OUT'
                WHEN contains(lower(a.lineitem_usagetype), 'regional-bytes')
                     AND contains(lower(a.lineitem_operation), '-in') THEN 'IN'
                WHEN contains(lower(a.lineitem_usagetype), 'regional-bytes')
                     AND contains(lower(a.lineitem_operation), '-out') THEN 'OUT'
           END
       END AS data_transfer_direction,
       nullif(a.lineitem_currencycode, '') AS currency_code,
       -- Savings Plan covered usage carries no unblended or blended cost here (quirk Q3).
       CASE WHEN a.lineitem_lineitemtype = 'SavingsPlanCoveredUsage' THEN 0.0 ELSE a.lineitem_unblendedcost END
           AS unblended_cost,
       CASE WHEN a.lineitem_lineitemtype = 'SavingsPlanCoveredUsage' THEN 0.0 ELSE a.lineitem_blendedcost END
           AS blended_cost,
       a.savingsplan_savingsplaneffectivecost AS savingsplan_effective_cost,
       -- Amortized: unblended for exactly Usage and Tax, the Savings Plan effective cost otherwise (quirk Q4).
       CASE WHEN a.lineitem_lineitemtype IN ('Usage', 'Tax') THEN a.lineitem_unblendedcost
            ELSE a.savingsplan_savingsplaneffectivecost
       END AS calculated_amortized_cost,
       m.r IS NOT NULL AS resource_id_matched,
       h.matched_tag
FROM aws_chunk AS a
JOIN chunk_tag_texts AS tt
  ON tt.resourcetags = a.resourcetags
LEFT JOIN matchable_ids AS m
  ON m.r = a.lineitem_resourceid
LEFT JOIN chunk_tag_hits AS h
  ON h.row_uuid = a.row_uuid
WHERE m.r IS NOT NULL OR h.matched_tag IS NOT NULL;

-- Substring pairs between the chunk's AWS resource ids and the OpenShift node ids and CSI handles, computed once
-- over distinct ids (steps 2a-2d and 2g join through them). A needle of 8 characters or more can only sit in an id
-- that holds its last 8 characters (ids tend to differ at the end), so ids are cut into their 8-character pieces and only ids sharing a piece
-- with the needle are tested; shorter needles are tested against every id.
CREATE OR REPLACE TEMP MACRO substring_pairs(haystacks, needles) AS TABLE
WITH pieces AS (
    SELECT h, unnest(list_transform(range(1, length(h) - 6), i -> substr(h, i::INTEGER, 8))) AS piece
    FROM (SELECT DISTINCT h FROM query_table(haystacks) WHERE h IS NOT NULL AND length(h) >= 8)
),
long_needles AS (
    SELECT DISTINCT n FROM query_table(needles) WHERE length(n) >= 8
),
short_needles AS (
    SELECT DISTINCT n FROM query_table(needles) WHERE length(n) BETWEEN 1 AND 7
)
SELECT DISTINCT p.h, l.n
FROM long_needles AS l
JOIN pieces AS p
  ON p.piece = right(l.n, 8)
WHERE contains(p.h, l.n)
UNION
SELECT h.h, s.n
FROM (SELECT DISTINCT h FROM query_table(haystacks) WHERE h IS NOT NULL) AS h
JOIN short_needles AS s
  ON contains(h.h, s.n);

CREATE OR REPLACE TEMP TABLE chunk_matched_ids AS
SELECT DISTINCT resource_id AS h FROM daily_temp WHERE resource_id_matched;
CREATE OR REPLACE TEMP TABLE chunk_all_ids AS
SELECT DISTINCT resource_id AS h FROM daily_temp;
CREATE OR REPLACE TEMP TABLE chunk_node_ids AS
SELECT DISTINCT resource_id AS n FROM ocp_lids
WHERE resource_id <> '' AND usage_start BETWEEN $chunk_start::DATE AND $chunk_end::DATE;
CREATE OR REPLACE TEMP TABLE chunk_csi_handles AS
SELECT DISTINCT csi_volume_handle AS n FROM ocp_lids
WHERE csi_volume_handle <> '' AND usage_start BETWEEN $chunk_start::DATE AND $chunk_end::DATE;

CREATE OR REPLACE TEMP TABLE chunk_node_pairs AS
SELECT h AS aws_id, n AS ocp_id FROM substring_pairs('chunk_matched_ids', 'chunk_node_ids');

CREATE OR REPLACE TEMP TABLE chunk_volume_pairs AS
SELECT h AS aws_id, n AS csi FROM substring_pairs('chunk_all_ids', 'chunk_csi_handles');
