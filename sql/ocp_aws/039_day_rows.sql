-- From here on, one day of the chunk at a time ($day): every project and final row belongs to one AWS row, and
-- every AWS row to one day, so the chunk's rows are the union of its days' (what the steps before this one
-- matched over the whole chunk, they keep: resource ids, volumes, tag ties, claimed capacity). A day's rows
-- are a fraction of the chunk's, which bounds the largest tables of 040-070 and lets the day's rows be written
-- while the next day is computed.
CREATE OR REPLACE TEMP TABLE project_temp AS
SELECT *
FROM chunk_storage_rows
WHERE usage_start = $day::DATE;

DELETE FROM final_rows;

-- The day's slices of the chunk's tables that 040-070 join, so that each day's joins build on a day's rows.
CREATE OR REPLACE TEMP TABLE day_aws AS
SELECT * FROM daily_temp WHERE usage_start = $day::DATE;

CREATE OR REPLACE TEMP TABLE day_lids AS
SELECT * FROM ocp_lids WHERE usage_start = $day::DATE;

CREATE OR REPLACE TEMP TABLE day_tag_rows AS
SELECT * FROM tag_rows WHERE usage_start = $day::DATE;

CREATE OR REPLACE TEMP TABLE day_ocp AS
SELECT * FROM chunk_ocp WHERE usage_start = $day::DATE;

-- The day's ties (035_tag_ties.sql): the day's tag-matched AWS rows' profiles with the day's OpenShift rows.
CREATE OR REPLACE TEMP TABLE day_tag_ties AS
WITH profiles AS (
    SELECT * FROM tag_profiles WHERE profile IN (SELECT profile FROM day_tag_rows)
),
profile_needles AS (
    SELECT profile, unnest(needles) AS needle FROM profiles
)
SELECT DISTINCT profile, ocp_row
FROM (
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN day_ocp AS o ON o.namespace = p.project
    UNION ALL
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN day_ocp AS o ON o.node = p.node
    UNION ALL
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN day_ocp AS o ON o.cluster_alias = p.cluster
    UNION ALL
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN day_ocp AS o ON o.cluster_id = p.cluster
    UNION ALL
    SELECT p.profile, o.ocp_row
    FROM profile_needles AS p
    JOIN needle_labels AS n ON n.needle = p.needle
    JOIN day_ocp AS o ON o.pod_labels = n.label
    UNION ALL
    SELECT p.profile, o.ocp_row
    FROM profile_needles AS p
    JOIN needle_labels AS n ON n.needle = p.needle
    JOIN day_ocp AS o ON o.volume_labels = n.label
);
