-- Helpers of the OCP-on-AWS steps (beside sql/common/000_macros.sql), the table a chunk adds its final rows to,
-- and the chunk's merged tags. Run once per run, and again at the start of every chunk: both start empty.

-- Trino's map_concat(json_parse(labels), json_parse(tags)) re-serialised: the AWS tag wins on a shared key, and a
-- NULL on either side gives NULL (quirk Q12).
CREATE OR REPLACE TEMP MACRO merge_tags(labels, tags) AS
    CASE WHEN labels IS NULL OR tags IS NULL THEN NULL
         ELSE trino_json(map_concat(json_map(labels), json_map(tags)))
    END;

-- The unallocated and unattributed namespaces that tag matching skips.
CREATE OR REPLACE TEMP MACRO taggable_namespace(namespace) AS
    namespace NOT IN ('Worker unallocated', 'Platform unallocated', 'Storage unattributed',
                      'Network unattributed');

-- Koku's managed_reporting_ocpawscostlineitem_project_daily_summary for this (AWS source, cluster) pair: the
-- chunk's 2f and 2g rows, costs as unrounded doubles. The project table and the UI tables are sums over it.
CREATE OR REPLACE TEMP TABLE final_rows (
    row_uuid VARCHAR,
    cluster_id VARCHAR,
    cluster_alias VARCHAR,
    data_source VARCHAR,
    namespace VARCHAR,
    node VARCHAR,
    persistentvolumeclaim VARCHAR,
    persistentvolume VARCHAR,
    storageclass VARCHAR,
    resource_id VARCHAR,
    usage_start DATE,
    product_code VARCHAR,
    product_family VARCHAR,
    instance_type VARCHAR,
    usage_account_id VARCHAR,
    account_alias_id INTEGER,
    availability_zone VARCHAR,
    region VARCHAR,
    unit VARCHAR,
    usage_amount DOUBLE,
    data_transfer_direction VARCHAR,
    currency_code VARCHAR,
    unblended_cost DOUBLE,
    markup_cost DOUBLE,
    blended_cost DOUBLE,
    markup_cost_blended DOUBLE,
    savingsplan_effective_cost DOUBLE,
    markup_cost_savingsplan DOUBLE,
    calculated_amortized_cost DOUBLE,
    markup_cost_amortized DOUBLE,
    tags VARCHAR,
    aws_cost_category VARCHAR,
    cost_category_id INTEGER,
    resource_id_matched BOOLEAN,
    matched_tag VARCHAR
);

-- The merged tags of each distinct (labels, tags) pair of the chunk (060_final_rows.sql): every part adds the
-- pairs it sees first, so a pair that recurs day after day (an AWS row's tags with the same labels) is merged once
-- a chunk, not once a part.
CREATE OR REPLACE TEMP TABLE merged_tags (
    labels VARCHAR,
    tags VARCHAR,
    merged VARCHAR
);

-- The tags of each distinct final row tag text of the chunk filtered to the enabled keys (080_enabled_tags.sql):
-- every part adds the texts it sees first, so the project table's statement of each day (a pod's tags recur
-- every day) looks them up instead of filtering them again.
CREATE OR REPLACE TEMP TABLE enabled_tags (
    tags VARCHAR,
    enabled_tags VARCHAR
);
