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
