-- ocp_on_aws §3.1 (step 0, Koku's Trino path): the AWS tag (key, value) pairs of the chunk that an OpenShift
-- label of the cluster shares, keys and values compared case-insensitively, in the AWS spelling. Only when some
-- key is enabled for both AWS and OpenShift (exact text); then every pair of an AWS row whose raw tag text
-- contains such a key counts, and every label pair of a daily summary row whose pod or volume label text
-- contains one. The C++ side turns the pairs into Koku's matched tag strings and adds the openshift_* strings.
CREATE OR REPLACE TEMP TABLE both_tag_keys AS
SELECT key FROM aws_tag_keys
INTERSECT
SELECT key FROM ocp_tag_keys;

CREATE OR REPLACE TEMP TABLE chunk_tag_pairs AS
WITH aws_texts AS (
    SELECT DISTINCT resourcetags AS labels
    FROM aws_daily
    WHERE usage_start >= $chunk_start::DATE
      AND usage_start < $chunk_end::DATE + INTERVAL 1 DAY
),
aws_pairs AS (
    SELECT DISTINCT e.key, e.value
    FROM (
        SELECT unnest(map_entries(json_map(labels))) AS e
        FROM aws_texts
        WHERE EXISTS (SELECT 1 FROM both_tag_keys AS k WHERE contains(labels, k.key))
    )
),
ocp_rows AS (
    SELECT pod_labels, volume_labels
    FROM ocp_lids
    WHERE source = $ocp_source
      AND usage_start BETWEEN $chunk_start::DATE AND $chunk_end::DATE
      AND EXISTS (SELECT 1 FROM both_tag_keys AS k
                  WHERE contains(pod_labels, k.key) OR contains(volume_labels, k.key))
),
ocp_pairs AS (
    SELECT DISTINCT lower(e.key) AS key, lower(e.value) AS value
    FROM (
        SELECT unnest(map_entries(json_map(labels))) AS e
        FROM (SELECT pod_labels AS labels FROM ocp_rows UNION ALL SELECT volume_labels FROM ocp_rows)
        WHERE labels IS NOT NULL
    )
)
SELECT a.key, a.value
FROM aws_pairs AS a
WHERE EXISTS (SELECT 1 FROM ocp_pairs AS o WHERE o.key = lower(a.key) AND o.value = lower(a.value))
ORDER BY a.key, a.value;
