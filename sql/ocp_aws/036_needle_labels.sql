-- ocp_on_aws §3.10 (continued from 035_tag_ties.sql): every (needle, label text) pair where the chunk's pod or
-- volume label text contains the needle (byte-exact, case-sensitive). Tested once per distinct label text by
-- costagg_tie_needles, which finds every needle of tie_needles in one pass over the text (SubstringSet,
-- registered by RegisterTieNeedles): a join on contains() would test every (needle, label) pair, and both lists
-- grow with the cluster (openshift_node and openshift_project strings are needles). Needles never hold ',' (they
-- are the pieces of matched_tag split at ','), so the function's ','-joined list splits back into them.
CREATE OR REPLACE TEMP TABLE needle_labels AS
WITH labels AS (
    SELECT pod_labels AS label FROM chunk_ocp WHERE pod_labels IS NOT NULL
    UNION
    SELECT volume_labels FROM chunk_ocp WHERE volume_labels IS NOT NULL
),
hits AS MATERIALIZED (
    SELECT label, costagg_tie_needles(label) AS needles
    FROM labels
)
SELECT unnest(string_split(needles, ',')) AS needle, label
FROM hits
WHERE needles IS NOT NULL;

-- Each tag-matched AWS row with its tie profile.
CREATE OR REPLACE TEMP TABLE tag_rows AS
SELECT a.*, p.profile
FROM daily_temp AS a
JOIN tag_profiles AS p
  ON p.tags = a.tags
 AND p.matched_tag = a.matched_tag
WHERE NOT a.resource_id_matched
  AND a.matched_tag <> '';
