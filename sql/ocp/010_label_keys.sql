-- ocp §3.2: the label keys that survive into the summary.
-- Koku's Trino SQL builds ['vm_kubevirt_io_name'] || array_agg(enabled OCP keys ORDER BY key). Over zero enabled
-- keys array_agg yields NULL, and Trino's array concatenation returns NULL when an argument is NULL, so the key
-- list is NULL and every label is filtered out, vm_kubevirt_io_name included (quirk Q7, Trino behaviour).
-- Input: enabled_tag_keys(key) loaded from reporting_enabledtagkeys (enabled, provider_type 'OCP').
-- sorted_keys: the same keys once each, in order ([] when the list is NULL), for the merges below.
CREATE OR REPLACE TEMP TABLE label_keys AS
SELECT keys, list_sort(list_distinct(coalesce(keys, []))) AS sorted_keys
FROM (
    SELECT CASE WHEN count(*) = 0 THEN NULL
                ELSE list_concat(['vm_kubevirt_io_name'], list(key ORDER BY key))
           END AS keys
    FROM enabled_tag_keys
);

-- Parses a label JSON text into a map, keeps the entries whose key is in `keys`, and orders the entries by key so
-- that two label sets with the same content compare equal (Trino compares maps by content). NULL text gives NULL.
CREATE OR REPLACE TEMP MACRO filter_labels(label_text, keys) AS
    map_from_entries(list_sort(list_filter(
        map_entries(json_transform(label_text, '"MAP(VARCHAR, VARCHAR)"')),
        e -> list_contains(keys, e.key))));

-- Right-wins merge of label maps, each filtered to `keys` (label_keys.sorted_keys) on the way, with Trino's
-- map_concat NULL rule: any NULL operand makes the result NULL (quirk Q8). That is filter_labels of every operand
-- and map_concat, but walks the few enabled keys instead of building and sorting maps per row (a third of the
-- pod rows' compute); entries come out ordered by key. A key present with a NULL value wins, as in map_concat.
CREATE OR REPLACE TEMP MACRO merge_labels(keys, a, b, c) AS
    CASE WHEN a IS NULL OR b IS NULL OR c IS NULL THEN NULL
         ELSE map_from_entries(list_transform(
             list_filter(keys, k -> map_contains(c, k) OR map_contains(b, k) OR map_contains(a, k)),
             k -> {'key': k, 'value': CASE WHEN map_contains(c, k) THEN c[k]
                                           WHEN map_contains(b, k) THEN b[k]
                                           ELSE a[k] END}))
    END;

CREATE OR REPLACE TEMP MACRO merge_volume_labels(keys, a, b, c, d) AS
    CASE WHEN a IS NULL OR b IS NULL OR c IS NULL OR d IS NULL THEN NULL
         ELSE map_from_entries(list_transform(
             list_filter(keys, k -> map_contains(d, k) OR map_contains(c, k) OR map_contains(b, k)
                                    OR map_contains(a, k)),
             k -> {'key': k, 'value': CASE WHEN map_contains(d, k) THEN d[k]
                                           WHEN map_contains(c, k) THEN c[k]
                                           WHEN map_contains(b, k) THEN b[k]
                                           ELSE a[k] END}))
    END;

-- An empty label map of the right type.
CREATE OR REPLACE TEMP MACRO no_labels() AS MAP {}::MAP(VARCHAR, VARCHAR);

-- Trino's greatest() is NULL when an argument is NULL; DuckDB's skips NULLs.
CREATE OR REPLACE TEMP MACRO trino_greatest(a, b) AS
    CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END;
