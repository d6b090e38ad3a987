-- ocp_on_aws §3.5 (step 2a): the EBS capacity estimate. A matched AWS resource whose id contains a CSI handle of
-- the cluster on the same day is a disk; its size in GB for that day is
--   round(max(hourly unblended cost) / (max(unblended rate) / hours in the month))
-- over all its raw hourly rows of that day (every line item type; the two maxima taken independently). Only
-- capacities > 0 are kept; a disk with a capacity is left out of compute attribution that day (2d). Koku's
-- integer cast fails on +Infinity (a zero rate with a positive cost, quirk Q10): so does this step, by name.
CREATE OR REPLACE TEMP TABLE disk_capacity AS
WITH candidates AS (
    SELECT DISTINCT a.resource_id, a.usage_start
    FROM daily_temp AS a
    JOIN chunk_volume_pairs AS vp
      ON vp.aws_id = a.resource_id
    JOIN ocp_lids AS o
      ON o.csi_volume_handle = vp.csi
     AND o.usage_start = a.usage_start
     AND o.source = $ocp_source
),
estimates AS (
    -- aws_raw_daily holds each resource's largest hourly cost and rate per day (the hourly rows' maxima).
    SELECT c.resource_id,
           c.usage_start,
           r.max_unblendedcost / (r.max_unblendedrate / $hours_in_month::INTEGER) AS gigabytes
    FROM aws_raw_daily AS r
    JOIN candidates AS c
      ON r.lineitem_resourceid = c.resource_id
     AND r.usage_day = c.usage_start
)
SELECT resource_id,
       usage_start,
       CASE WHEN isinf(gigabytes)
            THEN error('AWS resource ' || resource_id || ' on ' || usage_start::VARCHAR
                       || ': a positive cost with an unblended rate of 0 gives an infinite disk capacity'
                       || ' (Koku''s OCP-on-AWS step fails on it too)')
            ELSE CAST(round(gigabytes) AS INTEGER)
       END AS capacity
FROM estimates
WHERE round(gigabytes) > 0 AND NOT isnan(gigabytes);
