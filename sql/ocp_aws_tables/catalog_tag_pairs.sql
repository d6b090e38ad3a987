-- ocp_on_aws §3.1 step 2 (Koku's PostgreSQL path): the AWS tag (key, value) pairs for matching, from Koku's tag
-- catalogues when they exist (a live Koku keeps them; costagg's init-db does not create them). A key counts when
-- it is enabled on both sides (checked by the caller) and spelled, case-insensitively, like an enabled key; the
-- pairs are every AWS (key, value) an OpenShift (key, value) equals case-insensitively, in the AWS spelling.
-- Read by the output database ({{schema}}), so plain SQL only.
WITH aws_keys AS (
    SELECT DISTINCT s.key
    FROM {{schema}}.reporting_awstags_summary AS s
    JOIN {{schema}}.reporting_enabledtagkeys AS e
      ON lower(e.key) = lower(s.key)
),
ocp_keys AS (
    SELECT DISTINCT v.key
    FROM {{schema}}.reporting_ocptags_values AS v
    JOIN {{schema}}.reporting_enabledtagkeys AS e
      ON lower(e.key) = lower(v.key)
    WHERE e.provider_type = 'OCP'
),
key_pairs AS (
    SELECT DISTINCT a.key AS aws_key, o.key AS ocp_key
    FROM aws_keys AS a
    JOIN ocp_keys AS o
      ON lower(a.key) = lower(o.key)
),
aws_pairs AS (
    SELECT DISTINCT v.key, v.value
    FROM {{schema}}.reporting_awstags_values AS v
    JOIN {{schema}}.reporting_enabledtagkeys AS e
      ON lower(e.key) = lower(v.key)
    WHERE v.key IN (SELECT aws_key FROM key_pairs)
      AND e.provider_type = 'AWS'
),
ocp_pairs AS (
    SELECT DISTINCT v.key, v.value
    FROM {{schema}}.reporting_ocptags_values AS v
    JOIN {{schema}}.reporting_enabledtagkeys AS e
      ON lower(e.key) = lower(v.key)
    WHERE v.key IN (SELECT ocp_key FROM key_pairs)
      AND e.provider_type = 'OCP'
)
SELECT DISTINCT a.key, a.value
FROM aws_pairs AS a
JOIN ocp_pairs AS o
  ON lower(a.key) = lower(o.key)
 AND lower(a.value) = lower(o.value)
