-- ocp_on_aws §1.4: the OpenShift daily summary rows as Trino's Hive copy holds them. Read from the output (what
-- `summarize ocp` wrote), the labels come back as jsonb text; Koku's substring tests (§3.3) run on Trino's compact,
-- key-sorted text, so they are rewritten into it once, as a chunk's rows (`ocp_rows_read`, fetched from the output)
-- become its ocp_lids table.
CREATE OR REPLACE TEMP VIEW ocp_rows_staged AS
SELECT * REPLACE (trino_json(json_map(pod_labels)) AS pod_labels,
                  trino_json(json_map(volume_labels)) AS volume_labels)
FROM ocp_rows_read;
