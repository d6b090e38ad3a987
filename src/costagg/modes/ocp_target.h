#pragma once
/// Where `summarize ocp` writes: Koku's PostgreSQL (the product) or the embedded DuckDB file (--output
/// duckdb:FILE, for trying costagg without a server). The row computation is the same SQL for both; a target
/// only finds or creates the run's cluster and report period, serves the reference tables, keeps the topology
/// tables, and replaces the range's summary rows.

#include <cstdint>
#include <memory>
#include <string>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/run_report.h"

namespace costagg {

/// The inclusive day range a run covers.
struct DayRange {
  std::string start;  ///< YYYY-MM-DD
  std::string end;    ///< YYYY-MM-DD, included
};

/// What the run writes into every summary row.
struct OcpRunContext {
  std::string cluster_id;
  std::string cluster_alias;
  std::string cluster_uuid;  ///< reporting_ocp_clusters.uuid, the topology tables' cluster key
  int64_t report_period_id = 0;
};

/// One output of a summary run, used in this order: Prepare, LoadReferenceTables, WriteTopology,
/// LoadNodeRoles, ReplaceSummary.
class OcpSummaryTarget {
 public:
  virtual ~OcpSummaryTarget() = default;
  /// Takes the source's lock, resolves cluster id and alias, finds or creates the cluster row and the report
  /// period of `start`'s month (Q19), and the month's partition.
  virtual OcpRunContext Prepare(const Options& options, const std::string& start) = 0;
  /// enabled_tag_keys(key) and cost_category_namespace(namespace, cost_category_id) as DuckDB temp tables.
  virtual void LoadReferenceTables(Engine& engine) = 0;
  /// Keeps reporting_ocp_nodes, _pvcs and _projects from the topology_* tables (sql/ocp/075_topology.sql).
  virtual void WriteTopology(Engine& engine, const OcpRunContext& context) = 0;
  /// ocp_node_roles(node, resource_id, node_role) as a DuckDB temp table: every node row of the schema.
  virtual void LoadNodeRoles(Engine& engine) = 0;
  /// Deletes the range's summary rows of the report period (keeping rows with infrastructure raw cost, Q23),
  /// inserts the rows of sql/ocp/090_summary_rows.sql, marks the report period summarised, and commits.
  virtual TableCount ReplaceSummary(Engine& engine, const DayRange& range, const OcpRunContext& context,
                                    const SqlParams& params) = 0;
};

/// The target for `options.output`: postgresql://... or duckdb:FILE.
std::unique_ptr<OcpSummaryTarget> OpenOcpSummaryTarget(const Options& options, Engine& engine);

}  // namespace costagg
