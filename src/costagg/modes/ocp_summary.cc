#include "costagg/modes/ocp_summary.h"

#include <spdlog/spdlog.h>

#include <algorithm>
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

constexpr const char* kSummaryTable = "reporting_ocpusagelineitem_daily_summary";

/// DuckDB's memory limit for this mode when --memory-limit is not given. What does not spill (a part's label
/// joins) is bounded by --part-rows, so the range's inputs spill beyond it: 10M hourly pod rows of one day
/// run at 256MB in 331 MiB of resident memory; a 2M-row day stays near 250 MiB whatever the limit.
constexpr const char* kOcpMemoryLimit = "1536MB";

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
/// filter). Koku moves the start of `range` to the first day with pod data when that is later, and applies it
/// to every input (ocp.md §3.0.2, quirk Q22): `range` comes back moved. Returns the daily pod rows in range.
int64_t LoadInputs(Engine& engine, ObjectStore& store, const KokuPartition& partition, DayRange& range) {
  auto prefix = [&](const char* type, ParquetDataset dataset) {
    return OcpParquetPrefix(partition, type, dataset);
  };
  CreateParquetTable(
      engine, store,
      {"pod_usage_daily_month", prefix("pod_usage", ParquetDataset::kDaily), PodDailyColumns(), ""});
  auto first =
      engine.QueryAll("SELECT CAST(min(interval_start) AS DATE)::VARCHAR FROM pod_usage_daily_month WHERE " +
                          DaysFilter("interval_start", range),
                      "first day with pod data");
  if (!first.empty() && first[0].rows > 0 && !first[0].columns[0].IsNull(0) &&
      first[0].columns[0].texts[0] > range.start) {
    range.start = first[0].columns[0].texts[0];
  }
  std::string in_range = DaysFilter("interval_start", range);
  // Sorted by day: each part reads its day's row groups only.
  engine.Execute(
      "CREATE OR REPLACE TEMP TABLE pod_usage_daily AS SELECT * FROM pod_usage_daily_month WHERE " +
          in_range + " ORDER BY interval_start",
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

/// One part of the summary: the pod rows of `day` on the nodes whose hash modulo `modulus` is in [first,
/// last], and in the day's last part its storage rows. Every row of a node and day is in one part, and every
/// row Koku's statement groups shares a node and a day, so the parts' summary rows are the range's; a part's
/// labels join holds no more than --part-rows daily pod rows at once (DuckDB does not spill it).
struct OcpPart {
  DayRange day;
  int64_t modulus = 1;
  int64_t first = 0;
  int64_t last = 0;
};

/// The parts of the range, day by day: as many in a day as it has `part_rows` of pod rows (--part-rows: small
/// enough that a part's compute is short beside its COPY and its memory bounded, large enough that the
/// per-part statements cost little). Nothing is copied until the first part is computed, so when the first
/// day has several parts its first is a quarter of the others (its next three quarters follow as one part).
/// A day without pod or storage rows has no summary rows and no part.
std::vector<OcpPart> OcpParts(Engine& engine, int64_t part_rows) {
  std::vector<OcpPart> parts;
  for (const auto& batch : engine.QueryAll(
           "SELECT day::VARCHAR, sum(pods)::BIGINT FROM ("
           " SELECT CAST(interval_start AS DATE) AS day, count(*) AS pods FROM pod_usage_daily GROUP BY 1"
           " UNION ALL SELECT DISTINCT CAST(interval_start AS DATE), 0 FROM storage_usage_daily)"
           " GROUP BY 1 ORDER BY 1",
           "rows per day")) {
    for (size_t r = 0; r < batch.rows; ++r) {
      DayRange day{batch.columns[0].texts[r], batch.columns[0].texts[r]};
      int64_t buckets = std::max<int64_t>(1, (batch.columns[1].ints[r] + part_rows - 1) / part_rows);
      if (parts.empty() && buckets > 1) {
        parts.push_back({day, 4 * buckets, 0, 0});
        parts.push_back({day, 4 * buckets, 1, 3});
        for (int64_t b = 1; b < buckets; ++b) parts.push_back({day, 4 * buckets, 4 * b, 4 * b + 3});
      } else {
        for (int64_t b = 0; b < buckets; ++b) parts.push_back({day, buckets, b, b});
      }
    }
  }
  return parts;
}

/// Points pod_usage_part and storage_usage_part (the inputs of steps 050-090) at `part`: views, whose day
/// filter skips the other days' row groups of pod_usage_daily (sorted by day). The day's storage rows go with
/// its last part, so that the run's first part, the one nothing is copied beside, is only pods.
void SelectPart(Engine& engine, const OcpPart& part) {
  std::string day = DaysFilter("interval_start", part.day);
  engine.Execute("CREATE OR REPLACE TEMP VIEW pod_usage_part AS SELECT * FROM pod_usage_daily WHERE " + day +
                     " AND hash(node) % " + std::to_string(part.modulus) + " BETWEEN " +
                     std::to_string(part.first) + " AND " + std::to_string(part.last),
                 "pod rows of a part");
  engine.Execute(
      "CREATE OR REPLACE TEMP VIEW storage_usage_part AS SELECT * FROM storage_usage_daily WHERE " +
          (part.last == part.modulus - 1 ? day : std::string("false")),
      "storage rows of a part");
}

}  // namespace

void SummarizeOcp(const Options& options, RunReport* report) {
  DayRange range = RequestedRange(options);
  KokuPartition partition{options.schema, options.source, options.year, options.month};

  ModeInput input = OpenModeInput(options, "OCP", kOcpMemoryLimit, report);
  auto& [store, engine] = input;
  {
    PhaseTimer timer(report, "load_inputs");
    report->input_rows = LoadInputs(*engine, *store, partition, range);
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
    // The range's label sets, capacity, volume nodes and topology: everything the parts share.
    RunSqlSteps(*engine, "ocp/", "010", "050", params);
  }
  {
    // Part by part, each part's rows copied while the next part is computed, all in one transaction.
    PhaseTimer timer(report, "summarize_and_write");
    std::unique_ptr<PartWrite> write = db->StartWrite(*engine, OcpWrites(range, context, params));
    // Into PostgreSQL the loop goes at the COPY's pace: a part of --part-rows pods computes on one thread in
    // a fifth of the time its rows take to copy, and more threads only contend with the encoder and a local
    // server (2 cores: 3.5 s instead of 3.8 s for 2M rows, a third less CPU). --threads overrides it.
    bool one_thread = options.threads == 0 && options.output.rfind("duckdb:", 0) != 0;
    if (one_thread) engine->Execute("SET threads = 1", "one thread for the parts");
    std::vector<TableRows> rows;
    for (const OcpPart& part : OcpParts(*engine, options.part_rows > 0 ? options.part_rows : kOcpPartRows)) {
      if (!rows.empty()) write->Add(*engine, rows);
      SelectPart(*engine, part);
      RunSqlSteps(*engine, "ocp/", "050", "090", params);
      rows = {{kSummaryTable, SqlFile("ocp/090_summary_rows.sql"), params}};
    }
    for (auto& count : write->Finish(*engine, rows)) report->tables.push_back(std::move(count));
    if (one_thread) engine->Execute("RESET threads", "threads");
  }
}

}  // namespace costagg
