-- The embedded output (--output duckdb:FILE): the Koku tables `summarize ocp` reads and writes, in a DuckDB file,
-- with the same names and columns as sql/schema/ (ocp.md §2.1, §2.3-2.4) and DuckDB's nearest types: numeric(p,s)
-- as DECIMAL(p,s), jsonb as JSON, uuid as UUID, text[] as VARCHAR[]. No partitions, indexes or identity columns;
-- costagg assigns ids itself. {{schema}} is the attached database and schema ("costagg_output"."org1234567").
-- Every statement is idempotent.
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_enabledtagkeys (
    uuid UUID NOT NULL PRIMARY KEY,
    key VARCHAR NOT NULL,
    enabled BOOLEAN NOT NULL,
    provider_type VARCHAR NOT NULL,
    UNIQUE (key, provider_type)
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocp_cost_category (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    description VARCHAR NOT NULL,
    source_type VARCHAR NOT NULL,
    system_default BOOLEAN NOT NULL,
    label VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocp_cost_category_namespace (
    id INTEGER NOT NULL PRIMARY KEY,
    namespace VARCHAR NOT NULL UNIQUE,
    system_default BOOLEAN NOT NULL,
    cost_category_id INTEGER NOT NULL
);

-- The seed rows Koku's migrations insert (see sql/schema/010_reference.sql).
INSERT INTO {{schema}}.reporting_ocp_cost_category
SELECT 1, 'Platform', 'Default OpenShift projects bucketed into a Platform group', 'OCP', true, []
WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.reporting_ocp_cost_category WHERE name = 'Platform');

INSERT INTO {{schema}}.reporting_ocp_cost_category_namespace
SELECT seed.id, seed.namespace, true, category.id
FROM (VALUES (1, 'openshift-%'), (2, 'kube-%'), (3, 'Platform unallocated'), (4, 'openshift')) AS seed (id, namespace)
JOIN {{schema}}.reporting_ocp_cost_category AS category ON category.name = 'Platform'
WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.reporting_ocp_cost_category_namespace AS n WHERE n.namespace = seed.namespace);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpusagereportperiod (
    id INTEGER NOT NULL PRIMARY KEY,
    cluster_id VARCHAR NOT NULL,
    cluster_alias VARCHAR,
    report_period_start TIMESTAMPTZ NOT NULL,
    report_period_end TIMESTAMPTZ NOT NULL,
    ocp_on_cloud_updated_datetime TIMESTAMPTZ,
    summary_data_creation_datetime TIMESTAMPTZ,
    summary_data_updated_datetime TIMESTAMPTZ,
    derived_cost_datetime TIMESTAMPTZ,
    provider_id UUID NOT NULL,
    UNIQUE (cluster_id, report_period_start, provider_id)
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocp_clusters (
    uuid UUID NOT NULL PRIMARY KEY,
    cluster_id VARCHAR NOT NULL,
    cluster_alias VARCHAR,
    provider_id UUID NOT NULL
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocp_nodes (
    uuid UUID NOT NULL PRIMARY KEY,
    node VARCHAR NOT NULL,
    resource_id VARCHAR,
    node_capacity_cpu_cores DECIMAL(18, 2),
    node_role VARCHAR,
    cluster_id UUID NOT NULL,
    architecture VARCHAR
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocp_pvcs (
    uuid UUID NOT NULL PRIMARY KEY,
    persistent_volume_claim VARCHAR NOT NULL,
    persistent_volume VARCHAR NOT NULL,
    cluster_id UUID NOT NULL,
    csi_volume_handle VARCHAR
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocp_projects (
    uuid UUID NOT NULL PRIMARY KEY,
    project VARCHAR NOT NULL,
    cluster_id UUID NOT NULL
);

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpusagelineitem_daily_summary (
    uuid UUID NOT NULL,
    report_period_id INTEGER,
    cluster_id VARCHAR,
    cluster_alias VARCHAR,
    data_source VARCHAR,
    namespace VARCHAR,
    node VARCHAR,
    resource_id VARCHAR,
    usage_start DATE NOT NULL,
    usage_end DATE NOT NULL,
    pod_labels JSON,
    pod_usage_cpu_core_hours DECIMAL(33, 15),
    pod_request_cpu_core_hours DECIMAL(33, 15),
    pod_effective_usage_cpu_core_hours DECIMAL(33, 15),
    pod_limit_cpu_core_hours DECIMAL(33, 15),
    pod_usage_memory_gigabyte_hours DECIMAL(33, 15),
    pod_request_memory_gigabyte_hours DECIMAL(33, 15),
    pod_effective_usage_memory_gigabyte_hours DECIMAL(33, 15),
    pod_limit_memory_gigabyte_hours DECIMAL(33, 15),
    node_capacity_cpu_cores DECIMAL(33, 15),
    node_capacity_cpu_core_hours DECIMAL(33, 15),
    node_capacity_memory_gigabytes DECIMAL(33, 15),
    node_capacity_memory_gigabyte_hours DECIMAL(33, 15),
    cluster_capacity_cpu_core_hours DECIMAL(33, 15),
    cluster_capacity_memory_gigabyte_hours DECIMAL(33, 15),
    persistentvolumeclaim VARCHAR,
    persistentvolume VARCHAR,
    storageclass VARCHAR,
    volume_labels JSON,
    all_labels JSON,
    persistentvolumeclaim_capacity_gigabyte DECIMAL(33, 15),
    persistentvolumeclaim_capacity_gigabyte_months DECIMAL(33, 15),
    volume_request_storage_gigabyte_months DECIMAL(33, 15),
    persistentvolumeclaim_usage_gigabyte_months DECIMAL(33, 15),
    source_uuid UUID,
    infrastructure_usage_cost JSON,
    infrastructure_raw_cost DECIMAL(33, 15),
    infrastructure_project_raw_cost DECIMAL(33, 15),
    cost_category_id INTEGER
);
