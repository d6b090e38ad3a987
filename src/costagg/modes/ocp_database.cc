#include "costagg/modes/ocp_database.h"

#include <cstdio>

#include "costagg/error.h"
#include "costagg/output/postgres/pg_koku_database.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

std::string MonthStart(int year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, month);
  return buf;
}

std::string NextMonthStart(int year, int month) {
  return month == 12 ? MonthStart(year + 1, 1) : MonthStart(year, month + 1);
}

}  // namespace

std::string OcpDatabase::Table(const std::string& name) const { return QualifiedName(schema_, name); }

OcpRunContext OcpDatabase::Prepare(const Options& options, const std::string& start) {
  OcpRunContext context;
  int year = std::stoi(start.substr(0, 4));
  int month = std::stoi(start.substr(5, 2));
  std::string period_start = MonthStart(year, month) + " 00:00:00+00";
  if (conn_.Query("SELECT count(*) FROM pg_namespace WHERE nspname = $1", {schema_}, "look up schema")
          .Scalar() == "0") {
    throw DataError("schema " + schema_ + " does not exist on " + conn_.target() +
                    ": check --schema, or create Koku's tables with costagg init-db");
  }
  PgTransaction tx(conn_);
  PgResult clusters =
      conn_.Query("SELECT uuid::text, cluster_id, cluster_alias FROM " + Table("reporting_ocp_clusters") +
                      " WHERE provider_id = $1 ORDER BY cluster_alias = $2 DESC, uuid",
                  {options.source, options.cluster_alias}, "read reporting_ocp_clusters");
  PgResult periods = conn_.Query("SELECT id::text, cluster_id, cluster_alias FROM " +
                                     Table("reporting_ocpusagereportperiod") +
                                     " WHERE provider_id = $1 AND report_period_start = $2",
                                 {options.source, period_start}, "read reporting_ocpusagereportperiod");
  context.cluster_id = options.cluster_id;
  if (context.cluster_id.empty() && !clusters.rows.empty()) context.cluster_id = *clusters.rows[0][1];
  if (context.cluster_id.empty() && !periods.rows.empty() && periods.rows[0][1]) {
    context.cluster_id = *periods.rows[0][1];
  }
  if (context.cluster_id.empty()) {
    throw UsageError("--cluster-id is required: schema " + schema_ +
                     " has no cluster or report period of source " + options.source + " to take it from");
  }
  context.cluster_alias = options.cluster_alias;
  if (context.cluster_alias.empty() && !clusters.rows.empty() && clusters.rows[0][2]) {
    context.cluster_alias = *clusters.rows[0][2];
  }
  if (context.cluster_alias.empty()) context.cluster_alias = context.cluster_id;

  // The cluster row (Koku's populate_cluster_table): duplicates with another alias go, the alias follows.
  if (clusters.rows.size() > 1) {
    conn_.Execute(
        "DELETE FROM " + Table("reporting_ocp_clusters") + " WHERE provider_id = $1 AND cluster_alias <> $2",
        {options.source, context.cluster_alias}, "delete duplicate reporting_ocp_clusters rows");
  }
  PgResult cluster = conn_.Query("SELECT uuid::text FROM " + Table("reporting_ocp_clusters") +
                                     " WHERE provider_id = $1 ORDER BY uuid LIMIT 1",
                                 {options.source}, "read reporting_ocp_clusters");
  if (cluster.rows.empty()) {
    cluster = conn_.Query(
        "INSERT INTO " + Table("reporting_ocp_clusters") +
            " (uuid, cluster_id, cluster_alias, provider_id) VALUES (gen_random_uuid(), $1, $2, $3)"
            " RETURNING uuid::text",
        {context.cluster_id, context.cluster_alias, options.source}, "create cluster row");
  } else {
    conn_.Execute("UPDATE " + Table("reporting_ocp_clusters") +
                      " SET cluster_alias = $1 WHERE uuid = $2::uuid AND cluster_alias IS DISTINCT FROM $1",
                  {context.cluster_alias, cluster.Scalar()}, "update cluster alias");
  }
  context.cluster_uuid = cluster.Scalar();

  if (options.report_period_id > 0) {
    // Koku passes the id it already knows; it must be this source's period of this month.
    periods = conn_.Query("SELECT id::text, cluster_id, cluster_alias FROM " +
                              Table("reporting_ocpusagereportperiod") +
                              " WHERE id = $1 AND provider_id = $2 AND report_period_start = $3",
                          {std::to_string(options.report_period_id), options.source, period_start},
                          "read reporting_ocpusagereportperiod");
    if (periods.rows.empty()) {
      throw DataError("--report-period-id " + std::to_string(options.report_period_id) +
                      " is not the report period of source " + options.source + " for " +
                      period_start.substr(0, 7) + " in schema " + schema_);
    }
  }
  if (periods.rows.empty()) {
    // Q19: Koku stores the end as the first of the next month plus one day.
    periods =
        conn_.Query("INSERT INTO " + Table("reporting_ocpusagereportperiod") +
                        " (cluster_id, cluster_alias, report_period_start, report_period_end, provider_id)"
                        " VALUES ($1, $2, $3::timestamptz, $4::timestamptz + interval '1 day', $5)"
                        " RETURNING id::text, cluster_id, cluster_alias",
                    {context.cluster_id, context.cluster_alias, period_start,
                     NextMonthStart(year, month) + " 00:00:00+00", options.source},
                    "create report period");
  }
  context.report_period_id = std::stoll(*periods.rows[0][0]);
  tx.Commit();
  return context;
}

void OcpDatabase::EnsureMonthlyPartition(const std::string& table, int year, int month) {
  EnsurePgMonthlyPartition(conn_, schema_, table, year, month);
}

void OcpDatabase::LoadReferenceTables(Engine& engine) {
  LoadPgResultIntoDuckDb(engine, "enabled_tag_keys", {{"key", "VARCHAR"}},
                         conn_.Query("SELECT key FROM " + Table("reporting_enabledtagkeys") +
                                         " WHERE enabled = true AND provider_type = 'OCP'",
                                     "read reporting_enabledtagkeys"));
  LoadPgResultIntoDuckDb(engine, "cost_category_namespace",
                         {{"namespace", "VARCHAR"}, {"cost_category_id", "INTEGER"}},
                         conn_.Query("SELECT namespace, cost_category_id::text FROM " +
                                         Table("reporting_ocp_cost_category_namespace"),
                                     "read reporting_ocp_cost_category_namespace"));
}

namespace {

/// A PostgreSQL array literal of text values ('{"a","b",NULL}'), for passing a column of values as one
/// parameter to unnest().
std::string TextArrayLiteral(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

/// The columns of a small DuckDB query as PostgreSQL array literals, one parameter per column.
PgParams ColumnsAsArrays(Engine& engine, const std::string& sql, const std::string& step) {
  std::vector<std::vector<std::optional<std::string>>> columns;
  for (const auto& batch : engine.QueryAll(sql, step)) {
    columns.resize(batch.columns.size());
    for (size_t c = 0; c < batch.columns.size(); ++c) {
      for (size_t r = 0; r < batch.rows; ++r) {
        if (batch.columns[c].IsNull(r)) {
          columns[c].push_back(std::nullopt);
        } else {
          columns[c].push_back(batch.columns[c].texts[r]);
        }
      }
    }
  }
  PgParams params;
  for (const auto& column : columns) params.push_back(TextArrayLiteral(column));
  return params;
}

}  // namespace

void OcpDatabase::WriteTopology(Engine& engine, const OcpRunContext& context) {
  // Nodes (Koku's populate_node_table): an existing (node, resource_id, cores, cluster) row whose role or
  // architecture is empty gets both overwritten; a new one is added. Set-based, one statement each.
  PgParams nodes =
      ColumnsAsArrays(engine,
                      "SELECT node, resource_id, round(node_capacity_cpu_cores, 2)::VARCHAR, node_role,"
                      " architecture FROM topology_nodes ORDER BY ALL",
                      "read topology_nodes");
  if (nodes.size() == 5) {
    nodes.push_back(context.cluster_uuid);
    const std::string seen =
        "WITH seen AS (SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::text[])"
        " AS t(node, resource_id, cores, node_role, architecture)) ";
    const std::string match =
        "n.node = s.node AND n.resource_id IS NOT DISTINCT FROM s.resource_id"
        " AND n.node_capacity_cpu_cores IS NOT DISTINCT FROM s.cores AND n.cluster_id = $6::uuid";
    conn_.Execute(
        seen + "UPDATE " + Table("reporting_ocp_nodes") +
            " AS n SET node_role = s.node_role, architecture = s.architecture FROM seen AS s WHERE " + match +
            " AND (coalesce(n.node_role, '') = '' OR coalesce(n.architecture, '') = '')",
        nodes, "update node roles");
    conn_.Execute(
        seen + "INSERT INTO " + Table("reporting_ocp_nodes") +
            " (uuid, node, resource_id, node_capacity_cpu_cores, node_role, architecture, cluster_id)"
            " SELECT gen_random_uuid(), s.node, s.resource_id, s.cores, s.node_role, s.architecture, $6::uuid"
            " FROM seen AS s WHERE NOT EXISTS (SELECT 1 FROM " +
            Table("reporting_ocp_nodes") + " AS n WHERE " + match + ")",
        nodes, "add nodes");
  }
  // PVCs (populate_pvc_table): an existing (pv, pvc, cluster) row without a CSI handle gets one; new ones are
  // added, one per (pv, pvc).
  PgParams pvcs = ColumnsAsArrays(
      engine,
      "SELECT persistentvolume, persistentvolumeclaim, max(csi_volume_handle) FROM topology_pvcs"
      " WHERE persistentvolume IS NOT NULL AND persistentvolumeclaim IS NOT NULL GROUP BY ALL ORDER BY ALL",
      "read topology_pvcs");
  if (pvcs.size() == 3) {
    pvcs.push_back(context.cluster_uuid);
    const std::string seen =
        "WITH seen AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(pv, pvc, csi)) ";
    const std::string match =
        "p.persistent_volume = s.pv AND p.persistent_volume_claim = s.pvc AND p.cluster_id = $4::uuid";
    conn_.Execute(seen + "UPDATE " + Table("reporting_ocp_pvcs") +
                      " AS p SET csi_volume_handle = s.csi FROM seen AS s"
                      " WHERE " +
                      match + " AND coalesce(p.csi_volume_handle, '') = ''",
                  pvcs, "update pvcs");
    conn_.Execute(
        seen + "INSERT INTO " + Table("reporting_ocp_pvcs") +
            " (uuid, persistent_volume, persistent_volume_claim, csi_volume_handle, cluster_id)"
            " SELECT gen_random_uuid(), s.pv, s.pvc, s.csi, $4::uuid FROM seen AS s WHERE NOT EXISTS"
            " (SELECT 1 FROM " +
            Table("reporting_ocp_pvcs") + " AS p WHERE " + match + ")",
        pvcs, "add pvcs");
  }
  // Projects (populate_project_table): get or create.
  PgParams projects = ColumnsAsArrays(
      engine, "SELECT namespace FROM topology_projects WHERE namespace IS NOT NULL ORDER BY ALL",
      "read projects");
  if (projects.size() == 1) {
    projects.push_back(context.cluster_uuid);
    conn_.Execute("INSERT INTO " + Table("reporting_ocp_projects") +
                      " (uuid, project, cluster_id) SELECT gen_random_uuid(), s.project, $2::uuid"
                      " FROM unnest($1::text[]) AS s(project) WHERE NOT EXISTS (SELECT 1 FROM " +
                      Table("reporting_ocp_projects") +
                      " AS p WHERE p.project = s.project AND p.cluster_id = $2::uuid)",
                  projects, "add projects");
  }
}

void OcpDatabase::LoadNodeRoles(Engine& engine) {
  LoadPgResultIntoDuckDb(
      engine, "ocp_node_roles", {{"node", "VARCHAR"}, {"resource_id", "VARCHAR"}, {"node_role", "VARCHAR"}},
      conn_.Query("SELECT node, resource_id, node_role FROM " + Table("reporting_ocp_nodes"),
                  "read reporting_ocp_nodes"));
}

void OcpDatabase::MarkSummarized(const OcpRunContext& context) {
  conn_.Execute("UPDATE " + Table("reporting_ocpusagereportperiod") +
                    " SET summary_data_creation_datetime = coalesce(summary_data_creation_datetime, now()),"
                    " summary_data_updated_datetime = now() WHERE id = $1",
                {std::to_string(context.report_period_id)}, "update report period");
}

}  // namespace costagg
