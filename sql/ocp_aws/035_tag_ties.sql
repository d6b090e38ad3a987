-- ocp_on_aws §3.9 and §3.10: which daily summary rows each tag-matched AWS row ties to: its openshift_project,
-- openshift_node or openshift_cluster tag equal to the row's namespace, node, or cluster alias or id (a missing tag
-- never ties), or one of its matched tag strings, spaces removed, inside the row's pod or volume label text
-- (case-sensitive; NULL labels never tie). Worked out once per distinct (tags, matched tag list) and per distinct
-- label text instead of per pair of rows: the structural ties are equality joins, the label ties go through the
-- label texts that contain each matched tag string. Every source's rows take part (2f counts the OpenShift
-- sources an AWS row ties to). The profiles, the label texts each needle is in and the tag-matched AWS rows are
-- the chunk's; the ties themselves are made per part of the chunk's days (039_part_rows.sql), from the part's
-- OpenShift rows.
-- chunk_ocp is a view (its days through the variables 010_daily_temp.sql sets, as a view takes no parameters): a
-- row's ocp_row is its rowid in ocp_lids, which nothing changes while the chunk is computed, so every scan gives
-- each row the same number (a row_number() window numbered a copy of the rows, on one thread).
CREATE OR REPLACE TEMP VIEW chunk_ocp AS
SELECT rowid AS ocp_row, *
FROM ocp_lids
WHERE usage_start BETWEEN getvariable('chunk_start') AND getvariable('chunk_end')
  AND taggable_namespace(namespace);

CREATE OR REPLACE TEMP TABLE tag_profiles AS
SELECT row_number() OVER () AS profile,
       tags,
       matched_tag,
       json_extract_string(tags, '$.openshift_project') AS project,
       json_extract_string(tags, '$.openshift_node') AS node,
       json_extract_string(tags, '$.openshift_cluster') AS cluster,
       list_transform(string_split(matched_tag, ','), x -> replace(x, ' ', '')) AS needles
FROM (
    SELECT DISTINCT tags, matched_tag
    FROM daily_temp
    WHERE NOT resource_id_matched
      AND matched_tag <> ''
);

-- The needles of the chunk's tie profiles, for costagg_tie_needles (036_needle_labels.sql; registered from this
-- table by RegisterTieNeedles).
CREATE OR REPLACE TEMP TABLE tie_needles AS
SELECT DISTINCT unnest(needles) AS needle
FROM tag_profiles
ORDER BY needle;
