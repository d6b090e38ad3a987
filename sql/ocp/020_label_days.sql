-- ocp §3.4 (node and namespace label CTEs): per day and node (namespace), the filtered label objects, grouped by
-- the filtered object. A node whose enabled labels change within a day has two rows here and doubles every row
-- that joins it (quirk Q1), as in Koku.
CREATE OR REPLACE TEMP TABLE node_label_days AS
SELECT CAST(nl.interval_start AS DATE) AS usage_start,
       nl.node,
       filter_labels(nl.node_labels, k.keys) AS node_labels
FROM node_labels_daily AS nl
CROSS JOIN label_keys AS k
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE namespace_label_days AS
SELECT CAST(nl.interval_start AS DATE) AS usage_start,
       nl.namespace,
       filter_labels(nl.namespace_labels, k.keys) AS namespace_labels
FROM namespace_labels_daily AS nl
CROSS JOIN label_keys AS k
GROUP BY ALL;
