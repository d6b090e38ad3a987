#pragma once
/// What `summarize ocp` needs from Koku's database around its SQL (ocp.md §2.3-2.4, §3.1), through the verbs
/// of KokuDatabase, so the same code serves PostgreSQL and the embedded DuckDB file: the cluster and report
/// period rows (created when missing, as Koku's ingest would have), the reference tables the SQL reads, and
/// the writes of a run: the topology tables with Koku's insert-or-fill rules, the summary rows of the range,
/// the report period's timestamps, all in one transaction.

#include <cstdint>
#include <string>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/modes/day_range.h"
#include "costagg/output/koku_database.h"

namespace costagg {

/// What the run writes into every summary row.
struct OcpRunContext {
  std::string cluster_id;
  std::string cluster_alias;
  std::string cluster_uuid;  ///< reporting_ocp_clusters.uuid, the topology tables' cluster key
  int64_t report_period_id = 0;
};

/// Resolves cluster id and alias (flags, else the source's cluster row, else its report period), keeps the
/// cluster row as Koku does (duplicates with another alias go, the alias follows), and finds or creates the
/// report period of `start`'s month (Q19: its end is the first of the next month plus one day) and the
/// month's partition.
OcpRunContext PrepareOcpRun(KokuDatabase& db, Engine& engine, const Options& options,
                            const std::string& start);

/// enabled_tag_keys(key), cost_category_namespace(namespace, cost_category_id) and ocp_node_rows (every node
/// row of the schema, all clusters) as DuckDB temp tables.
void LoadOcpReferenceTables(KokuDatabase& db, Engine& engine);

/// The run's writes: reporting_ocp_nodes, _pvcs and _projects merged from the topology_* tables
/// (sql/ocp/045_topology.sql), the range's summary rows replaced (keeping rows with infrastructure raw cost,
/// Q23) by sql/ocp/090_summary_rows.sql, and the report period marked summarised.
WriteSet OcpWrites(const DayRange& range, const OcpRunContext& context, const SqlParams& params);

}  // namespace costagg
