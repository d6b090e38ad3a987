-- ocp_on_aws §3.12: the part's final row tag texts that no earlier part of the chunk had, filtered to the keys
-- enabled for AWS or OpenShift plus vm_kubevirt_io_name (no enabled key at all: '{}'), once per distinct text, for
-- the project table (sql/ocp_aws_tables/reporting_ocpawscostlineitem_project_daily_summary_p.sql). NULL tags have
-- no entry; their rows keep NULL (quirk Q12).
INSERT INTO enabled_tags
WITH keys AS (
    SELECT CASE WHEN count(*) = 0 THEN NULL ELSE ['vm_kubevirt_io_name'] || list(key) END AS keys
    FROM pg_tag_keys
)
SELECT t.tags,
       CASE WHEN k.keys IS NULL THEN '{}'
            ELSE filtered_tags(t.tags, k.keys)
       END AS enabled_tags
FROM (
    SELECT DISTINCT tags
    FROM final_rows AS f
    WHERE tags IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM enabled_tags AS e WHERE e.tags = f.tags)
) AS t
CROSS JOIN keys AS k;
