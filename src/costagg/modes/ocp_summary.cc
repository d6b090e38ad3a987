#include "costagg/modes/ocp_summary.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/input/koku_layout.h"
#include "costagg/input/object_store.h"
#include "costagg/input/parquet_tables.h"
#include "costagg/modes/infrastructure_map.h"
#include "costagg/modes/mode_input.h"
#include "costagg/modes/ocp_database.h"
#include "costagg/modes/sql_steps.h"
#include "costagg/output/koku_database.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

ExpectedColumn Col(const char* name, const char* type, bool required = true) {
  return {name, type, required};
}

/// A label column: JSON text, NULL allowed (quirk Q8).
ExpectedColumn Labels(const char* name) { return {name, "VARCHAR", true, true}; }

/// The columns each summary step reads (ocp.md §1.4); newer-operator columns are optional.
std::vector<ExpectedColumn> PodDailyColumns() {
  return {Col("interval_start", "TIMESTAMP"),
          Col("namespace", "VARCHAR"),
          Col("node", "VARCHAR"),
          Col("pod", "VARCHAR"),
          Col("resource_id", "VARCHAR"),
          Labels("pod_labels"),
          Col("pod_usage_cpu_core_seconds", "DOUBLE"),
          Col("pod_request_cpu_core_seconds", "DOUBLE"),
          Col("pod_effective_usage_cpu_core_seconds", "DOUBLE", false),
          Col("pod_limit_cpu_core_seconds", "DOUBLE"),
          Col("pod_usage_memory_byte_seconds", "DOUBLE"),
          Col("pod_request_memory_byte_seconds", "DOUBLE"),
          Col("pod_effective_usage_memory_byte_seconds", "DOUBLE", false),
          Col("pod_limit_memory_byte_seconds", "DOUBLE"),
          Col("node_capacity_cpu_cores", "DOUBLE"),
          Col("node_capacity_memory_bytes", "DOUBLE"),
          Col("node_role", "VARCHAR", false)};
}

std::vector<ExpectedColumn> PodHourlyColumns() {
  return {Col("interval_start", "TIMESTAMP"), Col("node", "VARCHAR"),
          Col("node_capacity_cpu_core_seconds", "DOUBLE"),
          Col("node_capacity_memory_byte_seconds", "DOUBLE")};
}

std::vector<ExpectedColumn> StorageDailyColumns() {
  return {Col("interval_start", "TIMESTAMP"),
          Col("namespace", "VARCHAR"),
          Col("pod", "VARCHAR"),
          Col("persistentvolumeclaim", "VARCHAR"),
          Col("persistentvolume", "VARCHAR"),
          Col("storageclass", "VARCHAR"),
          Col("csi_volume_handle", "VARCHAR", false),
          Col("persistentvolumeclaim_capacity_bytes", "DOUBLE"),
          Col("persistentvolumeclaim_capacity_byte_seconds", "DOUBLE"),
          Col("volume_request_storage_byte_seconds", "DOUBLE"),
          Col("persistentvolumeclaim_usage_byte_seconds", "DOUBLE"),
          Labels("persistentvolume_labels"),
          Labels("persistentvolumeclaim_labels")};
}

/// Loads every input of the summary into DuckDB (ocp.md §3.0.7: source, year, month by path; range by
/// filter).
int64_t LoadInputs(Engine& engine, ObjectStore& store, const KokuPartition& partition,
                   const DayRange& range) {
  auto prefix = [&](const char* type, ParquetDataset dataset) {
    return OcpParquetPrefix(partition, type, dataset);
  };
  std::string in_range = DaysFilter("interval_start", range);
  CreateParquetTable(
      engine, store,
      {"pod_usage_daily_month", prefix("pod_usage", ParquetDataset::kDaily), PodDailyColumns(), ""});
  engine.Execute(
      "CREATE OR REPLACE TEMP TABLE pod_usage_daily AS SELECT * FROM pod_usage_daily_month WHERE " + in_range,
      "select pod usage in range");
  CreateParquetTable(
      engine, store,
      {"pod_usage_hourly", prefix("pod_usage", ParquetDataset::kRaw), PodHourlyColumns(), in_range, false});
  CreateParquetTable(engine, store,
                     {"storage_usage_daily", prefix("storage_usage", ParquetDataset::kDaily),
                      StorageDailyColumns(), in_range});
  CreateParquetTable(engine, store,
                     {"node_labels_daily",
                      prefix("node_labels", ParquetDataset::kDaily),
                      {Col("interval_start", "TIMESTAMP"), Col("node", "VARCHAR"), Labels("node_labels")},
                      in_range});
  CreateParquetTable(
      engine, store,
      {"namespace_labels_daily",
       prefix("namespace_labels", ParquetDataset::kDaily),
       {Col("interval_start", "TIMESTAMP"), Col("namespace", "VARCHAR"), Labels("namespace_labels")},
       in_range});
  return engine.QueryInt("SELECT count(*) FROM pod_usage_daily", "count pod rows");
}

/// ocp.md §3.0.2 (quirk Q22): the range starts at the first day that has pod data, when that is later.
std::string TrimmedStart(Engine& engine, const DayRange& range) {
  auto batches =
      engine.QueryAll("SELECT CAST(min(interval_start) AS DATE)::VARCHAR FROM pod_usage_daily", "trim");
  if (batches.empty() || batches[0].rows == 0 || batches[0].columns[0].IsNull(0)) return range.start;
  const std::string& first = batches[0].columns[0].texts[0];
  return first > range.start ? first : range.start;
}

}  // namespace

void SummarizeOcp(const Options& options, RunReport* report) {
  DayRange range = RequestedRange(options);
  KokuPartition partition{options.schema, options.source, options.year, options.month};

  ModeInput input = OpenModeInput(options, "OCP", "", report);
  auto& [store, engine] = input;
  {
    PhaseTimer timer(report, "load_inputs");
    report->input_rows = LoadInputs(*engine, *store, partition, range);
    // Koku moves the start to the first day with pod data and applies it to every input (quirk Q22).
    std::string first_day = TrimmedStart(*engine, range);
    if (first_day != range.start) {
      range.start = first_day;
      report->input_rows = LoadInputs(*engine, *store, partition, range);
    }
    report->start_date = range.start;
    report->end_date = range.end;
  }
  {
    // Which AWS sources the cluster runs on (Koku's provider map), for the caller to run summarize ocp-aws
    // on.
    PhaseTimer timer(report, "find_infrastructure");
    try {
      report->infrastructure = FindAwsInfrastructure(
          *engine, *store, options.schema, options.source, options.year, options.month, range,
          "SELECT resource_id FROM pod_usage_daily WHERE resource_id IS NOT NULL");
      report->infrastructure_checked = true;
    } catch (const Error& e) {
      // The OpenShift summary does not depend on it: say why the map is missing and go on.
      report->notes.push_back(std::string("infrastructure map not found: ") + e.what());
    }
  }
  if (report->input_rows == 0) {
    report->status = "no_data";
    spdlog::info("no pod usage for source {} between {} and {}", options.source, range.start, range.end);
  }

  std::unique_ptr<KokuDatabase> db = OpenKokuDatabase(options, *engine);
  OcpRunContext context;
  {
    PhaseTimer timer(report, "prepare_database");
    db->Lock(options.source, "source " + options.source, std::chrono::seconds(options.lock_wait_seconds));
    context = PrepareOcpRun(*db, *engine, options, range.start);
  }
  SqlParams params = {{"report_period_id", int64_t{context.report_period_id}},
                      {"cluster_id", context.cluster_id},
                      {"cluster_alias", context.cluster_alias},
                      {"cluster_uuid", context.cluster_uuid},
                      {"source", options.source}};
  {
    PhaseTimer timer(report, "compute_summary");
    LoadOcpReferenceTables(*db, *engine);
    DefineSqlMacros(*engine);
    RunSqlSteps(*engine, "ocp/", "010", "090", params);
  }
  {
    PhaseTimer timer(report, "write_summary");
    for (auto& count : db->Write(*engine, OcpWrites(range, context, params))) {
      report->tables.push_back(std::move(count));
    }
  }
}

}  // namespace costagg
