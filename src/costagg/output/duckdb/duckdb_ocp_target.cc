#include "costagg/output/duckdb/duckdb_ocp_target.h"

#include <cstdio>

#include "costagg/error.h"
#include "costagg/output/duckdb/duckdb_koku_database.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

/// The summary's double columns as DECIMAL(33,15) through their shortest decimal text, rounded half up: what
/// Trino's insert does (the PostgreSQL writer does the same in its numeric encoder).
std::string TrinoDecimals() {
  static const char* kNumeric[] = {"pod_usage_cpu_core_hours",
                                   "pod_request_cpu_core_hours",
                                   "pod_effective_usage_cpu_core_hours",
                                   "pod_limit_cpu_core_hours",
                                   "pod_usage_memory_gigabyte_hours",
                                   "pod_request_memory_gigabyte_hours",
                                   "pod_effective_usage_memory_gigabyte_hours",
                                   "pod_limit_memory_gigabyte_hours",
                                   "node_capacity_cpu_cores",
                                   "node_capacity_cpu_core_hours",
                                   "node_capacity_memory_gigabytes",
                                   "node_capacity_memory_gigabyte_hours",
                                   "cluster_capacity_cpu_core_hours",
                                   "cluster_capacity_memory_gigabyte_hours",
                                   "persistentvolumeclaim_capacity_gigabyte",
                                   "persistentvolumeclaim_capacity_gigabyte_months",
                                   "volume_request_storage_gigabyte_months",
                                   "persistentvolumeclaim_usage_gigabyte_months"};
  std::string replace;
  for (const char* c : kNumeric) {
    replace += std::string(replace.empty() ? "" : ", ") + "CAST(CAST(" + c +
               " AS VARCHAR) AS DECIMAL(33, 15)) AS " + c;
  }
  return replace;
}

class DuckDbOcpTarget : public OcpSummaryTarget {
 public:
  DuckDbOcpTarget(Engine& engine, std::string file, const std::string& schema)
      : engine_(engine), file_(std::move(file)), schema_(schema) {
    AttachDuckDbOutput(engine_, file_);
    prefix_ = SqlIdentifier(kDuckDbOutputName) + "." + SqlIdentifier(schema) + ".";
    if (engine_.QueryInt(
            "SELECT count(*) FROM duckdb_schemas() WHERE database_name = $db AND schema_name = $schema",
            "look up schema", {{"db", std::string(kDuckDbOutputName)}, {"schema", schema}}) == 0) {
      throw DataError(file_ + ": schema " + schema +
                      " does not exist: run costagg init-db --output duckdb:" + file_);
    }
  }

  OcpRunContext Prepare(const Options& options, const std::string& start) override {
    // The file itself is the lock: DuckDB lets one process write it at a time.
    OcpRunContext context;
    SqlParams source = {{"source", options.source}};
    auto clusters =
        engine_.QueryAll("SELECT uuid::VARCHAR, cluster_id, cluster_alias FROM " +
                             T("reporting_ocp_clusters") + " WHERE provider_id = $source::UUID ORDER BY uuid",
                         "read clusters", source);
    bool have_cluster = !clusters.empty() && clusters[0].rows > 0;
    context.cluster_id = options.cluster_id;
    if (context.cluster_id.empty() && have_cluster) context.cluster_id = clusters[0].columns[1].texts[0];
    if (context.cluster_id.empty()) {
      throw UsageError("--cluster-id is required: " + file_ + " has no cluster of source " + options.source);
    }
    context.cluster_alias = options.cluster_alias;
    if (context.cluster_alias.empty() && have_cluster && !clusters[0].columns[2].IsNull(0)) {
      context.cluster_alias = clusters[0].columns[2].texts[0];
    }
    if (context.cluster_alias.empty()) context.cluster_alias = context.cluster_id;
    std::string period_start = start.substr(0, 8) + "01 00:00:00+00";
    DuckTransaction tx(engine_);
    if (!have_cluster) {
      engine_.Execute("INSERT INTO " + T("reporting_ocp_clusters") +
                          " VALUES (gen_random_uuid(), $cluster_id, $cluster_alias, $source::UUID)",
                      "add cluster",
                      {{"cluster_id", context.cluster_id},
                       {"cluster_alias", context.cluster_alias},
                       {"source", options.source}});
    } else {
      engine_.Execute("UPDATE " + T("reporting_ocp_clusters") +
                          " SET cluster_alias = $cluster_alias WHERE provider_id = $source::UUID",
                      "update cluster alias",
                      {{"cluster_alias", context.cluster_alias}, {"source", options.source}});
    }
    context.cluster_uuid = engine_
                               .QueryAll("SELECT min(uuid)::VARCHAR FROM " + T("reporting_ocp_clusters") +
                                             " WHERE provider_id = $source::UUID",
                                         "read cluster", source)[0]
                               .columns[0]
                               .texts[0];
    SqlParams period = {{"source", options.source}, {"start", period_start}};
    std::string find = "SELECT coalesce(max(id), 0) FROM " + T("reporting_ocpusagereportperiod") +
                       " WHERE provider_id = $source::UUID AND report_period_start = $start::TIMESTAMPTZ";
    context.report_period_id = options.report_period_id > 0
                                   ? options.report_period_id
                                   : engine_.QueryInt(find, "read report period", period);
    if (context.report_period_id == 0) {
      // Q19: the end is the first of the next month plus one day.
      engine_.Execute(
          "INSERT INTO " + T("reporting_ocpusagereportperiod") +
              " (id, cluster_id, cluster_alias, report_period_start, report_period_end, provider_id)"
              " SELECT coalesce(max(id), 0) + 1, $cluster_id, $cluster_alias, $start::TIMESTAMPTZ,"
              " $start::TIMESTAMPTZ + INTERVAL 1 MONTH + INTERVAL 1 DAY, $source::UUID FROM " +
              T("reporting_ocpusagereportperiod"),
          "add report period",
          {{"cluster_id", context.cluster_id},
           {"cluster_alias", context.cluster_alias},
           {"start", period_start},
           {"source", options.source}});
      context.report_period_id = engine_.QueryInt(find, "read report period", period);
    }
    tx.Commit();
    return context;
  }

  void LoadReferenceTables(Engine& engine) override {
    engine.Execute("CREATE OR REPLACE TEMP TABLE enabled_tag_keys AS SELECT key FROM " +
                       T("reporting_enabledtagkeys") + " WHERE enabled AND provider_type = 'OCP'",
                   "read enabled tag keys");
    engine.Execute(
        "CREATE OR REPLACE TEMP TABLE cost_category_namespace AS SELECT namespace, cost_category_id FROM " +
            T("reporting_ocp_cost_category_namespace"),
        "read cost categories");
  }

  void WriteTopology(Engine& engine, const OcpRunContext& context) override {
    SqlParams cluster = {{"cluster", context.cluster_uuid}};
    DuckTransaction tx(engine);
    std::string node_match =
        "n.node = s.node AND n.resource_id IS NOT DISTINCT FROM s.resource_id AND n.node_capacity_cpu_cores "
        "IS NOT "
        "DISTINCT FROM round(s.node_capacity_cpu_cores, 2) AND n.cluster_id = $cluster::UUID";
    engine.Execute(
        "UPDATE " + T("reporting_ocp_nodes") +
            " AS n SET node_role = s.node_role, architecture = s.architecture FROM topology_nodes AS s"
            " WHERE " +
            node_match + " AND (coalesce(n.node_role, '') = '' OR coalesce(n.architecture, '') = '')",
        "update node roles", cluster);
    engine.Execute(
        "INSERT INTO " + T("reporting_ocp_nodes") +
            " SELECT gen_random_uuid(), s.node, s.resource_id, round(s.node_capacity_cpu_cores, 2), "
            "s.node_role,"
            " $cluster::UUID, s.architecture FROM topology_nodes AS s WHERE s.node IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM " +
            T("reporting_ocp_nodes") + " AS n WHERE " + node_match + ")",
        "add nodes", cluster);
    std::string pvc_match =
        "p.persistent_volume = s.persistentvolume AND p.persistent_volume_claim = "
        "s.persistentvolumeclaim AND p.cluster_id = $cluster::UUID";
    std::string pvcs =
        "(SELECT persistentvolume, persistentvolumeclaim, max(csi_volume_handle) AS csi_volume_handle"
        " FROM topology_pvcs WHERE persistentvolume IS NOT NULL AND persistentvolumeclaim IS NOT NULL"
        " GROUP BY ALL)";
    engine.Execute("UPDATE " + T("reporting_ocp_pvcs") +
                       " AS p SET csi_volume_handle = s.csi_volume_handle FROM " + pvcs + " AS s WHERE " +
                       pvc_match + " AND coalesce(p.csi_volume_handle, '') = ''",
                   "update pvcs", cluster);
    engine.Execute(
        "INSERT INTO " + T("reporting_ocp_pvcs") +
            " SELECT gen_random_uuid(), s.persistentvolumeclaim, s.persistentvolume, $cluster::UUID,"
            " s.csi_volume_handle FROM " +
            pvcs + " AS s WHERE NOT EXISTS (SELECT 1 FROM " + T("reporting_ocp_pvcs") + " AS p WHERE " +
            pvc_match + ")",
        "add pvcs", cluster);
    engine.Execute("INSERT INTO " + T("reporting_ocp_projects") +
                       " SELECT gen_random_uuid(), s.namespace, $cluster::UUID FROM topology_projects AS s"
                       " WHERE s.namespace IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " +
                       T("reporting_ocp_projects") +
                       " AS p WHERE p.project = s.namespace AND p.cluster_id = $cluster::UUID)",
                   "add projects", cluster);
    tx.Commit();
  }

  void LoadNodeRoles(Engine& engine) override {
    engine.Execute(
        "CREATE OR REPLACE TEMP TABLE ocp_node_roles AS SELECT node, resource_id, node_role FROM " +
            T("reporting_ocp_nodes"),
        "read node roles");
  }

  TableCount ReplaceSummary(Engine& engine, const DayRange& range, const OcpRunContext& context,
                            const SqlParams& params) override {
    std::string table = T("reporting_ocpusagelineitem_daily_summary");
    SqlParams scope = params;
    scope["range_start"] = range.start;
    scope["range_end"] = range.end;
    std::string where =
        " WHERE usage_start >= $range_start::DATE AND usage_start <= $range_end::DATE"
        " AND report_period_id = $report_period_id AND (infrastructure_raw_cost IS NULL OR"
        " infrastructure_raw_cost = 0)";
    DuckTransaction tx(engine);
    int64_t before = engine.QueryInt("SELECT count(*) FROM " + table, "count summary rows");
    int64_t deleted =
        engine.QueryInt("SELECT count(*) FROM " + table + where, "count old summary rows", scope);
    engine.Execute("DELETE FROM " + table + where, "delete old summary rows", scope);
    engine.Execute("INSERT INTO " + table + " BY NAME SELECT * REPLACE (" + TrinoDecimals() + ") FROM (" +
                       SqlFile("ocp/090_summary_rows.sql") + "\n)",
                   "sql/ocp/090_summary_rows.sql", params);
    int64_t inserted =
        engine.QueryInt("SELECT count(*) FROM " + table, "count summary rows") - (before - deleted);
    engine.Execute(
        "UPDATE " + T("reporting_ocpusagereportperiod") +
            " SET summary_data_creation_datetime = coalesce(summary_data_creation_datetime, now()),"
            " summary_data_updated_datetime = now() WHERE id = $report_period_id",
        "update report period", params);
    tx.Commit();
    (void)context;
    return {"reporting_ocpusagelineitem_daily_summary", deleted, inserted};
  }

 private:
  std::string T(const std::string& table) const { return prefix_ + table; }

  Engine& engine_;
  std::string file_;
  std::string schema_;
  std::string prefix_;
};

}  // namespace

void InitDuckDbOutput(Engine& engine, const std::string& file, const std::string& schema) {
  AttachDuckDbOutput(engine, file);
  std::string qualified = SqlIdentifier(kDuckDbOutputName) + "." + SqlIdentifier(schema);
  engine.Execute("CREATE SCHEMA IF NOT EXISTS " + qualified, "create schema " + schema);
  for (const auto& [path, text] : SqlFolder("duckdb/")) {
    engine.Execute(RenderSql(text, {{"schema", qualified}}, "sql/" + path), "sql/" + path);
  }
}

std::unique_ptr<OcpSummaryTarget> NewDuckDbOcpTarget(Engine& engine, const std::string& file,
                                                     const std::string& schema) {
  return std::make_unique<DuckDbOcpTarget>(engine, file, schema);
}

}  // namespace costagg
