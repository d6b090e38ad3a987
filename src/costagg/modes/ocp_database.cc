#include "costagg/modes/ocp_database.h"

#include <chrono>
#include <cstdio>

#include "costagg/error.h"
#include "costagg/modes/day_range.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

constexpr const char* kSummaryTable = "reporting_ocpusagelineitem_daily_summary";

/// The text values of a small DuckDB query (NULL as nullopt), row by row.
std::vector<std::vector<std::optional<std::string>>> Rows(Engine& engine, const std::string& sql,
                                                          const std::string& step,
                                                          const SqlParams& params = {}) {
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (const auto& batch : engine.QueryAll(sql, step, params)) {
    for (size_t r = 0; r < batch.rows; ++r) {
      std::vector<std::optional<std::string>> row;
      for (const auto& column : batch.columns) {
        row.push_back(column.IsNull(r) ? std::nullopt : std::optional<std::string>(column.texts[r]));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace

OcpRunContext PrepareOcpRun(KokuDatabase& db, Engine& engine, const Options& options,
                            const std::string& start) {
  OcpRunContext context;
  int year = std::stoi(start.substr(0, 4));
  int month = std::stoi(start.substr(5, 2));
  std::string period_start = MonthStart(year, month) + " 00:00:00+00";
  std::string source = SqlLiteral(options.source);
  auto read_clusters = [&] {
    db.Load(
        engine, "ocp_source_clusters",
        {{"uuid", "VARCHAR"}, {"cluster_id", "VARCHAR"}, {"cluster_alias", "VARCHAR"}},
        "SELECT CAST(uuid AS TEXT) AS uuid, cluster_id, cluster_alias FROM {{schema}}.reporting_ocp_clusters"
        " WHERE provider_id = " +
            source);
  };
  read_clusters();
  db.Load(engine, "ocp_source_periods",
          {{"id", "BIGINT"}, {"cluster_id", "VARCHAR"}, {"cluster_alias", "VARCHAR"}},
          "SELECT id, cluster_id, cluster_alias FROM {{schema}}.reporting_ocpusagereportperiod WHERE "
          "provider_id = " +
              source + " AND report_period_start = " + SqlLiteral(period_start));
  // The cluster row whose alias is the one asked for comes first (a row without alias before it, as
  // PostgreSQL orders NULL first in DESC); its cluster id and alias are the defaults.
  auto clusters = Rows(engine,
                       "SELECT uuid, cluster_id, cluster_alias FROM ocp_source_clusters"
                       " ORDER BY cluster_alias = $alias DESC NULLS FIRST, uuid",
                       "read clusters", {{"alias", options.cluster_alias}});
  auto periods =
      Rows(engine, "SELECT id::VARCHAR, cluster_id, cluster_alias FROM ocp_source_periods ORDER BY id",
           "read periods");
  context.cluster_id = options.cluster_id;
  if (context.cluster_id.empty() && !clusters.empty() && clusters[0][1]) context.cluster_id = *clusters[0][1];
  if (context.cluster_id.empty() && !periods.empty() && periods[0][1]) context.cluster_id = *periods[0][1];
  if (context.cluster_id.empty()) {
    throw UsageError("--cluster-id is required: " + db.Describe() + " schema " + options.schema +
                     " has no cluster or report period of source " + options.source + " to take it from");
  }
  context.cluster_alias = options.cluster_alias;
  if (context.cluster_alias.empty() && !clusters.empty() && clusters[0][2])
    context.cluster_alias = *clusters[0][2];
  if (context.cluster_alias.empty()) context.cluster_alias = context.cluster_id;

  // The cluster row (Koku's populate_cluster_table): duplicates with another alias go, the alias follows.
  std::string alias = SqlLiteral(context.cluster_alias);
  if (clusters.size() > 1) {
    db.Execute("DELETE FROM {{schema}}.reporting_ocp_clusters WHERE provider_id = " + source +
               " AND cluster_alias <> " + alias);
  }
  read_clusters();
  auto remaining = Rows(engine, "SELECT uuid FROM ocp_source_clusters ORDER BY uuid LIMIT 1", "read cluster");
  if (remaining.empty()) {
    db.Execute(
        "INSERT INTO {{schema}}.reporting_ocp_clusters (uuid, cluster_id, cluster_alias, provider_id)"
        " VALUES (gen_random_uuid(), " +
        SqlLiteral(context.cluster_id) + ", " + alias + ", " + source + ")");
    read_clusters();
    remaining = Rows(engine, "SELECT uuid FROM ocp_source_clusters ORDER BY uuid LIMIT 1", "read cluster");
  } else {
    db.Execute("UPDATE {{schema}}.reporting_ocp_clusters SET cluster_alias = " + alias + " WHERE uuid = " +
               SqlLiteral(*remaining[0][0]) + " AND cluster_alias IS DISTINCT FROM " + alias);
  }
  context.cluster_uuid = *remaining.at(0)[0];

  if (options.report_period_id > 0) {
    // Koku passes the id it already knows; it must be this source's period of this month.
    if (engine.QueryInt("SELECT count(*) FROM ocp_source_periods WHERE id = $id", "report period",
                        {{"id", int64_t{options.report_period_id}}}) == 0) {
      throw DataError("--report-period-id " + std::to_string(options.report_period_id) +
                      " is not the report period of source " + options.source + " for " +
                      period_start.substr(0, 7) + " in schema " + options.schema);
    }
    context.report_period_id = options.report_period_id;
  } else {
    // Q19: Koku stores the end as the first of the next month plus one day.
    std::string next = NextMonthStart(year, month);
    context.report_period_id =
        db.FindOrCreate("reporting_ocpusagereportperiod",
                        {{"provider_id", options.source}, {"report_period_start", period_start}},
                        {{"cluster_id", context.cluster_id},
                         {"cluster_alias", context.cluster_alias},
                         {"report_period_end", next.substr(0, 8) + "02 00:00:00+00"}});
  }
  db.EnsureMonthlyPartition(kSummaryTable, year, month);
  return context;
}

void LoadOcpReferenceTables(KokuDatabase& db, Engine& engine) {
  db.Load(
      engine, "enabled_tag_keys", {{"key", "VARCHAR"}},
      "SELECT key FROM {{schema}}.reporting_enabledtagkeys WHERE enabled = true AND provider_type = 'OCP'");
  db.Load(engine, "cost_category_namespace", {{"namespace", "VARCHAR"}, {"cost_category_id", "INTEGER"}},
          "SELECT namespace, cost_category_id FROM {{schema}}.reporting_ocp_cost_category_namespace");
  db.Load(
      engine, "ocp_node_rows",
      {{"node", "VARCHAR"},
       {"resource_id", "VARCHAR"},
       {"node_capacity_cpu_cores", "DOUBLE"},
       {"node_role", "VARCHAR"},
       {"architecture", "VARCHAR"},
       {"cluster_id", "VARCHAR"}},
      "SELECT node, resource_id, CAST(node_capacity_cpu_cores AS TEXT) AS node_capacity_cpu_cores, node_role,"
      " architecture, CAST(cluster_id AS TEXT) AS cluster_id FROM {{schema}}.reporting_ocp_nodes");
}

WriteSet OcpWrites(const DayRange& range, const OcpRunContext& context, const SqlParams& params) {
  SqlParams cluster = {{"cluster_uuid", context.cluster_uuid}};
  WriteSet writes;
  // Koku's populate_node_table, populate_pvc_table and populate_project_table: a node row matching on (node,
  // resource id, cores, cluster) whose role or architecture is empty gets both; a PVC row without a CSI
  // handle gets one; everything unseen is added.
  writes.merges.push_back(
      {"reporting_ocp_nodes",
       {"node", "resource_id", "node_capacity_cpu_cores", "cluster_id"},
       {"node_role", "architecture"},
       "uuid",
       "SELECT node, resource_id, round(node_capacity_cpu_cores, 2) AS node_capacity_cpu_cores,"
       " node_role, architecture, $cluster_uuid AS cluster_id FROM topology_nodes",
       cluster});
  writes.merges.push_back(
      {"reporting_ocp_pvcs",
       {"persistent_volume", "persistent_volume_claim", "cluster_id"},
       {"csi_volume_handle"},
       "uuid",
       "SELECT persistentvolume AS persistent_volume, persistentvolumeclaim AS"
       " persistent_volume_claim, max(csi_volume_handle) AS csi_volume_handle, $cluster_uuid AS"
       " cluster_id FROM topology_pvcs WHERE persistentvolume IS NOT NULL AND"
       " persistentvolumeclaim IS NOT NULL GROUP BY persistentvolume, persistentvolumeclaim",
       cluster});
  writes.merges.push_back(
      {"reporting_ocp_projects",
       {"project", "cluster_id"},
       {},
       "uuid",
       "SELECT DISTINCT namespace AS project, $cluster_uuid AS cluster_id FROM topology_projects"
       " WHERE namespace IS NOT NULL",
       cluster});
  writes.replaces.push_back({kSummaryTable,
                             "usage_start >= " + SqlLiteral(range.start) +
                                 " AND usage_start <= " + SqlLiteral(range.end) +
                                 " AND report_period_id = " + std::to_string(context.report_period_id) +
                                 " AND (infrastructure_raw_cost IS NULL OR infrastructure_raw_cost = 0)",
                             SqlFile("ocp/090_summary_rows.sql"), params});
  writes.statements.push_back(
      "UPDATE {{schema}}.reporting_ocpusagereportperiod"
      " SET summary_data_creation_datetime = coalesce(summary_data_creation_datetime, now()),"
      " summary_data_updated_datetime = now() WHERE id = " +
      std::to_string(context.report_period_id));
  return writes;
}

}  // namespace costagg
