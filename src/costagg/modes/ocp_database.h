#pragma once
/// The PostgreSQL side of `summarize ocp` around the row computation: the cluster, report period and topology
/// rows Koku's own ingest and summary keep (ocp.md §2.3-2.4, §3.1), the reference tables the SQL reads, and
/// the monthly partition. Where Koku would already have created a row, it is created when missing, so a
/// standalone database works from an empty init-db.

#include <cstdint>
#include <string>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/modes/ocp_target.h"
#include "costagg/output/postgres/pg_connection.h"

namespace costagg {

/// Reads and writes the tenant schema for one source.
class OcpDatabase {
 public:
  OcpDatabase(PgConnection& conn, std::string schema) : conn_(conn), schema_(std::move(schema)) {}

  /// Resolves cluster id and alias (flags, else the source's cluster row, else its report period), keeps the
  /// cluster row as Koku does, and finds or creates the report period of `start`'s month (Q19: its end is the
  /// first of the next month plus one day). Its own short transaction.
  OcpRunContext Prepare(const Options& options, const std::string& start);

  /// Creates the monthly partition `<table>_YYYY_MM` of a partitioned table when missing, and records it in
  /// Koku's partitioned_tables when that table exists. Its own short transaction.
  void EnsureMonthlyPartition(const std::string& table, int year, int month);

  /// enabled_tag_keys(key) and cost_category_namespace(namespace, cost_category_id) in DuckDB.
  void LoadReferenceTables(Engine& engine);

  /// reporting_ocp_nodes, reporting_ocp_pvcs and reporting_ocp_projects from the topology_* DuckDB tables
  /// (sql/ocp/075_topology.sql), with Koku's insert-or-fill rules. Runs in the caller's transaction.
  void WriteTopology(Engine& engine, const OcpRunContext& context);

  /// ocp_node_roles(node, resource_id, node_role) in DuckDB: every node row of the schema (all clusters).
  void LoadNodeRoles(Engine& engine);

  /// Sets the report period's summary timestamps. Runs in the caller's transaction.
  void MarkSummarized(const OcpRunContext& context);

 private:
  std::string Table(const std::string& name) const;

  PgConnection& conn_;
  std::string schema_;
};

}  // namespace costagg
