-- Macros the summary modes share (run first on the engine's connection, before a mode's own steps).

-- Trino's text of a MAP(VARCHAR, VARCHAR) cast to JSON: compact, keys in ascending order, non-ASCII as is
-- (ocp_on_aws.md §3.2, §5). A NULL map stays NULL.
CREATE OR REPLACE TEMP MACRO trino_json(m) AS
    CAST(to_json(map_from_entries(list_sort(map_entries(m)))) AS VARCHAR);

-- The sum of doubles without rounding on the way: each value at 20 decimals (far below the 15 PostgreSQL keeps), added
-- exactly as a decimal, the total back as a double. Unlike a double sum it does not depend on the order the rows
-- arrive in, so reruns agree to the last digit; Trino's own double sums differ from it only in the last bits.
-- All-NULL input gives NULL, as SUM does.
CREATE OR REPLACE TEMP MACRO exact_sum(x) AS CAST(sum(CAST(x AS DECIMAL(38, 20))) AS DOUBLE);

-- exact_sum of byte and byte-second quantities, whose totals can pass the 18 integer digits of DECIMAL(38, 20) (a
-- cluster's memory byte-seconds of a day): added in GiB, a power-of-two scale that is exact in binary, and scaled
-- back.
CREATE OR REPLACE TEMP MACRO exact_sum_bytes(x) AS exact_sum(x / 1073741824.0) * 1073741824.0;

-- A JSON object text as a MAP(VARCHAR, VARCHAR).
CREATE OR REPLACE TEMP MACRO json_map(t) AS json_transform(t, '"MAP(VARCHAR, VARCHAR)"');

-- Trino's cast(map_filter(cast(json_parse(t) AS map(varchar, varchar)), (k, v) -> contains(keys, k)) AS json): the
-- entries of the JSON object text `t` whose key is in `keys` (exact text; a NULL list keeps none, as contains()
-- then gives NULL), as trino_json text: '{}' when none is kept, NULL when `t` is NULL.
CREATE OR REPLACE TEMP MACRO filtered_tags(t, keys) AS
    trino_json(map_from_entries(list_filter(map_entries(json_map(t)), e -> coalesce(list_contains(keys, e.key), false))));
