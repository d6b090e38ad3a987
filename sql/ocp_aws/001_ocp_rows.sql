-- ocp_on_aws §1.4: the OpenShift daily summary rows as Trino's Hive copy holds them. Read from the output (what
-- `summarize ocp` wrote), the labels come back as jsonb text; Koku's substring tests (§3.3) run on Trino's compact,
-- key-sorted text, so they are rewritten into it once (a chunk's rows at a time, as they are read).
UPDATE ocp_lids
SET pod_labels = trino_json(json_map(pod_labels)),
    volume_labels = trino_json(json_map(volume_labels));
