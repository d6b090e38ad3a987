-- From here on, the chunk's days a part at a time ($part_start..$part_end, whole days: ChunkParts in
-- ocp_aws_summary.cc, --part-rows matched AWS rows a part): every project and final row belongs to one AWS row,
-- and every AWS row to one day, so the chunk's rows are the union of its parts' whatever the split (what the
-- steps before this one matched over the whole chunk, they keep: resource ids, volumes, tag profiles, claimed
-- capacity). A part's rows are a fraction of a large chunk's, which bounds the largest tables of 040-070 and
-- lets the part's rows be written while the next part is computed.
CREATE OR REPLACE TEMP TABLE project_temp AS
SELECT *
FROM chunk_storage_rows
WHERE usage_start BETWEEN $part_start::DATE AND $part_end::DATE;

DELETE FROM final_rows;

-- The part's slices of the chunk's tables that 040-070 join: views whose day filter DuckDB applies in the scan
-- (getvariable is folded into a constant when a statement is bound), so that each part's joins build on its own
-- rows and a part that is the whole chunk copies nothing.
SET VARIABLE part_start = CAST($part_start AS DATE);
SET VARIABLE part_end = CAST($part_end AS DATE);

CREATE OR REPLACE TEMP VIEW part_aws AS
SELECT * FROM daily_temp WHERE usage_start BETWEEN getvariable('part_start') AND getvariable('part_end');

CREATE OR REPLACE TEMP VIEW part_lids AS
SELECT * FROM ocp_lids WHERE usage_start BETWEEN getvariable('part_start') AND getvariable('part_end');

CREATE OR REPLACE TEMP VIEW part_tag_rows AS
SELECT * FROM tag_rows WHERE usage_start BETWEEN getvariable('part_start') AND getvariable('part_end');

CREATE OR REPLACE TEMP VIEW part_ocp AS
SELECT * FROM chunk_ocp WHERE usage_start BETWEEN getvariable('part_start') AND getvariable('part_end');

-- The part's ties (035_tag_ties.sql): its tag-matched AWS rows' profiles with its OpenShift rows (a tie is
-- used only between rows of the same day).
CREATE OR REPLACE TEMP TABLE part_tag_ties AS
WITH profiles AS (
    SELECT * FROM tag_profiles WHERE profile IN (SELECT profile FROM part_tag_rows)
),
profile_needles AS (
    SELECT profile, unnest(needles) AS needle FROM profiles
)
SELECT DISTINCT profile, ocp_row
FROM (
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN part_ocp AS o ON o.namespace = p.project
    UNION ALL
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN part_ocp AS o ON o.node = p.node
    UNION ALL
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN part_ocp AS o ON o.cluster_alias = p.cluster
    UNION ALL
    SELECT p.profile, o.ocp_row FROM profiles AS p JOIN part_ocp AS o ON o.cluster_id = p.cluster
    UNION ALL
    SELECT p.profile, o.ocp_row
    FROM profile_needles AS p
    JOIN needle_labels AS n ON n.needle = p.needle
    JOIN part_ocp AS o ON o.pod_labels = n.label
    UNION ALL
    SELECT p.profile, o.ocp_row
    FROM profile_needles AS p
    JOIN needle_labels AS n ON n.needle = p.needle
    JOIN part_ocp AS o ON o.volume_labels = n.label
);
