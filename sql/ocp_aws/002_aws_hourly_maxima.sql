-- ocp_on_aws §3.5 (input of step 2a): the disk capacity estimate needs only each AWS resource's largest hourly
-- unblended cost and largest hourly unblended rate per day, over all its hourly rows (every line item type; the two
-- maxima independently). Made once per chunk from the chunk's hourly rows (aws_raw, a view of the parquet), which
-- are read once and not held.
CREATE OR REPLACE TEMP TABLE aws_raw_daily AS
SELECT lineitem_resourceid,
       CAST(lineitem_usagestartdate AS DATE) AS usage_day,
       max(lineitem_unblendedcost) AS max_unblendedcost,
       max(lineitem_unblendedrate) AS max_unblendedrate
FROM aws_raw
GROUP BY lineitem_resourceid, CAST(lineitem_usagestartdate AS DATE);
