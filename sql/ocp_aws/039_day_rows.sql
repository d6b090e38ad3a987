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

-- A tie joins a day's AWS row only through an OpenShift row of the same day.
CREATE OR REPLACE TEMP TABLE day_tag_ties AS
SELECT t.*
FROM chunk_tag_ties AS t
SEMI JOIN day_ocp AS o
  ON o.ocp_row = t.ocp_row;
