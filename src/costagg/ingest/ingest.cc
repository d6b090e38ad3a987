#include "costagg/ingest/ingest.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "costagg/error.h"
#include "costagg/ingest/aws_convert.h"
#include "costagg/ingest/csv_read.h"
#include "costagg/ingest/json_sql.h"
#include "costagg/ingest/ocp_convert.h"
#include "costagg/ingest/payload.h"
#include "costagg/ingest/staging.h"
#include "costagg/input/koku_layout.h"

namespace costagg {
namespace fs = std::filesystem;
namespace {

/// A cell quoted in an error message: control characters escaped as in JSON (the message stays one line) and
/// cut to a readable length.
std::string Shown(const std::string& value) {
  std::string escaped = PythonJsonString(value);
  escaped = escaped.substr(1, escaped.size() - 2);  // without the JSON quotes
  constexpr size_t kMax = 200;
  return escaped.size() > kMax ? escaped.substr(0, kMax) + "..." : escaped;
}

constexpr const char* kCsvTable = "costagg_ingest_csv";
constexpr const char* kTypedTable = "costagg_ingest_typed";

void CheckRequest(const IngestRequest& request, const std::string& what) {
  if (request.schema.empty()) throw UsageError(what + ": no schema given");
  if (request.source_uuid.empty()) throw UsageError(what + ": no source uuid given");
  std::error_code ec;
  if (!fs::is_directory(request.from_dir, ec)) {
    throw DataError(what + ": input folder '" + request.from_dir + "' does not exist or is not a directory");
  }
}

/// First row of a (column, value) query, or {"", ""}.
std::pair<std::string, std::string> FirstPair(Engine& engine, const std::string& sql,
                                              const std::string& step) {
  auto batches = engine.QueryAll(sql, step);
  for (const auto& b : batches) {
    if (b.rows > 0) return {b.columns[0].texts[0], b.columns[1].texts[0]};
  }
  return {"", ""};
}

/// Writes the rows of `select` to a staged parquet file for `key`; returns the row count. A result without
/// rows is dropped again (only possible when every row of an OCP chunk was an anomaly; see ingest.h).
int64_t WriteParquet(Engine& engine, StagedOutput& staged, const std::string& key, const std::string& select,
                     const SqlParams& params, const std::string& step) {
  std::string path = staged.PathFor(key);
  engine.Execute("COPY (" + select + ") TO " + SqlLiteral(path) + " (FORMAT parquet)", step, params);
  int64_t rows = engine.QueryInt("SELECT sum(num_rows) FROM parquet_file_metadata(" + SqlLiteral(path) + ")",
                                 step, {}, 0);
  if (rows == 0) staged.Drop(key);
  return rows;
}

int YearOf(const std::string& day) { return std::stoi(day.substr(0, 4)); }
int MonthOf(const std::string& day) { return std::stoi(day.substr(5, 2)); }

/// Reads the CSV at `path` (`header` its columns) straight into the typed work table by the conversion's
/// CreateTypedTableSql and counts its rows into the report; a file without data rows is reported as skipped.
/// Returns the row count.
template <typename Conversion>
int64_t ReadTypedTable(Engine& engine, const std::string& path, const std::vector<std::string>& header,
                       const Conversion& conversion, const StagedOutput& staged, IngestReport* report) {
  std::string parquet = staged.WorkFile("typed.parquet");
  ExecuteOnCsv(
      engine, path, header.size(),
      [&](const std::string& source) { return conversion.CreateTypedTableSql(source, kTypedTable, parquet); },
      "read CSV " + path);
  int64_t rows = engine.QueryInt("SELECT count(*) FROM " + std::string(kTypedTable), "count rows of " + path);
  report->csv_rows += rows;
  if (rows == 0) report->skipped.push_back(path + ": no data rows");
  return rows;
}

/// Throws the DataError for an OCP file whose typed table has bad rows (OcpConversion::BadRowsSql): the CSV
/// is loaded as text again to name the first bad column and value.
[[noreturn]] void ThrowBadOcpFile(Engine& engine, const std::string& path,
                                  const std::vector<std::string>& header, const OcpConversion& conversion,
                                  const std::string& step) {
  LoadCsv(engine, path, header, kCsvTable);
  auto [bad_column, bad_value] = FirstPair(engine, conversion.FindBadTimestampSql(kCsvTable), step);
  if (!bad_column.empty()) {
    throw DataError(path + ": column " + bad_column + ": cannot parse timestamp '" + Shown(bad_value) +
                    "' (Koku fails such a file)");
  }
  auto [day_column, bad_day] = FirstPair(engine, conversion.FindBadDaySql(kCsvTable), step);
  if (!day_column.empty()) {
    throw DataError(path + ": column interval_start: '" + Shown(bad_day) +
                    "' does not start with a YYYY-MM-DD day");
  }
  throw DataError(path + ": a timestamp or the interval_start day cannot be parsed");
}

/// The chunks of the typed table, in the order Koku writes them (by day, then chunk).
std::vector<OcpChunk> OcpChunks(Engine& engine, const OcpConversion& conversion, const std::string& step) {
  std::vector<OcpDay> days;
  for (const auto& b : engine.QueryAll(conversion.DaysSql(kTypedTable), step)) {
    for (size_t r = 0; r < b.rows; ++r) {
      days.push_back(
          {b.columns[0].texts[r], b.columns[1].ints[r], b.columns[2].ints[r], b.columns[3].ints[r]});
    }
  }
  std::vector<OcpChunk> chunks = OcpConversion::ContiguousChunks(days);
  if (!chunks.empty() || days.empty()) return chunks;
  for (const auto& b : engine.QueryAll(conversion.ChunkRangesSql(kTypedTable), step)) {
    for (size_t r = 0; r < b.rows; ++r) {
      chunks.push_back({b.columns[0].texts[r], b.columns[1].ints[r], b.columns[2].ints[r]});
    }
  }
  return chunks;
}

/// Converts one OCP CSV into staged raw and daily parquet. `counters` numbers the daily pieces per
/// (report type, day) within the manifest, as Koku's report_tracker does; `labels` is the run's table of
/// converted label texts, which the engine's label lookup reads.
void IngestOcpFile(Engine& engine, const IngestRequest& request, const OcpPayload& payload,
                   const std::string& path, std::map<std::string, int>* counters, TextLookup* labels,
                   StagedOutput& staged, IngestReport* report) {
  std::vector<std::string> header = ReadCsvHeader(engine, path);
  if (header.empty()) {
    report->skipped.push_back(path + ": empty file");
    return;
  }
  std::string report_type = DetectOcpReportType(header);
  if (report_type.empty()) {
    report->skipped.push_back(path + ": unknown report type (the header has the columns of no OCP report)");
    return;
  }
  OcpConversion conversion(report_type, header);
  if (ReadTypedTable(engine, path, header, conversion, staged, report) == 0) return;
  std::string step = "ingest " + report_type + " " + path;
  if (engine.QueryInt(conversion.BadRowsSql(kTypedTable), step) > 0) {
    ThrowBadOcpFile(engine, path, header, conversion, step);
  }
  AddOcpLabels(engine, conversion, kTypedTable, labels, step);

  std::string day;
  std::string stem;
  int c = 0;
  for (const auto& chunk : OcpChunks(engine, conversion, step)) {
    if (chunk.day != day) {
      day = chunk.day;
      c = 0;
      int counter = (*counters)[report_type + "." + day]++;
      stem = OcpDailyPieceStem(report_type, day, payload.manifest_id, counter);
    } else {
      ++c;
    }
    KokuPartition partition{request.schema, request.source_uuid, YearOf(day), MonthOf(day)};
    SqlParams params = {{"day", day}, {"lo", chunk.lo}, {"hi", chunk.hi}};
    bool mig = engine.QueryInt(conversion.ChunkHasMigSql(kTypedTable), step, params) > 0;
    std::string raw_key = OcpParquetPrefix(partition, report_type, ParquetDataset::kRaw) +
                          ParquetFileName(stem, c, ParquetDataset::kRaw);
    int64_t raw_rows =
        WriteParquet(engine, staged, raw_key, conversion.RawSelectSql(kTypedTable, mig), params, step);
    if (raw_rows == 0) continue;  // every row of the chunk was an anomaly
    report->files.push_back({report_type, raw_key, raw_rows});
    std::string daily_key = OcpParquetPrefix(partition, report_type, ParquetDataset::kDaily) +
                            ParquetFileName(stem, c, ParquetDataset::kDaily);
    int64_t daily_rows =
        WriteParquet(engine, staged, daily_key, conversion.DailySelectSql(kTypedTable, mig), params, step);
    report->files.push_back({report_type + "_daily", daily_key, daily_rows});
  }
}

/// Converts one CUR file into staged raw and daily parquet, one pair per daily slice.
void IngestAwsFile(Engine& engine, const IngestRequest& request, const AwsReportFile& file,
                   StagedOutput& staged, IngestReport* report) {
  const std::string& path = file.path;
  std::vector<std::string> header = ReadCsvHeader(engine, path);
  if (header.empty()) {
    report->skipped.push_back(path + ": empty file");
    return;
  }
  std::optional<CurColumns> columns = SelectCurColumns(header);
  if (!columns) {
    report->skipped.push_back(path + ": not an AWS CUR (no bill/InvoiceId or bill_invoice_id column)");
    return;
  }
  if (std::find(columns->kept.begin(), columns->kept.end(), columns->time_interval) == columns->kept.end()) {
    throw DataError(path + ": no " + columns->time_interval + " column (Koku cuts the daily slices by it)");
  }
  AwsConversion conversion(*columns, header);
  if (std::string dup = conversion.DuplicateOutputColumn(); !dup.empty()) {
    throw DataError(path + ": two columns become '" + dup + "' after Koku's name normalisation");
  }
  std::vector<std::string> missing = conversion.MissingForDaily();
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw DataError(path + ": missing column(s) " + list + " (Koku's daily aggregation needs them)");
  }
  std::string step = "ingest aws " + path;
  if (ReadTypedTable(engine, path, header, conversion, staged, report) == 0) return;
  if (engine.QueryInt(conversion.BadRowsSql(kTypedTable), step) > 0) {
    // The text, to name the first bad value.
    LoadCsv(engine, path, header, kCsvTable, conversion.KeptIndexes());
    auto [bad_column, bad_value] = FirstPair(engine, conversion.FindBadValueSql(kCsvTable), step);
    throw DataError(path + ": column " + bad_column + ": cannot parse '" + Shown(bad_value) +
                    "' (Koku fails such a file)");
  }
  int year = file.year;
  int month = file.month;
  if (year == 0) {
    // No manifest: the billing period of the data, as Koku's manifest would give it.
    std::vector<RowBatch> batches;
    if (conversion.HasColumn("bill_billingperiodstartdate")) {
      batches = engine.QueryAll(
          "SELECT strftime(min(bill_billingperiodstartdate), '%Y-%m') FROM " + std::string(kTypedTable),
          step);
    }
    if (batches.empty() || batches[0].columns[0].IsNull(0)) {
      throw DataError(
          path + ": no bill/BillingPeriodStartDate and no Manifest.json to take the billing period from");
    }
    std::string ym = batches[0].columns[0].texts[0];
    year = std::stoi(ym.substr(0, 4));
    month = std::stoi(ym.substr(5, 2));
  }
  KokuPartition partition{request.schema, request.source_uuid, year, month};
  auto slices = engine.QueryAll(conversion.SlicesSql(kTypedTable), step);
  for (const auto& batch : slices) {
    for (size_t r = 0; r < batch.rows; ++r) {
      std::string day = batch.columns[0].texts[r];
      int64_t slice_batch = batch.columns[1].ints[r];
      std::string stem =
          AwsDailySliceStem(day, file.manifest_id, file.base_name, static_cast<int>(slice_batch));
      int64_t lo = slice_batch * AwsConversion::BatchRows();
      SqlParams params = {{"day", day}, {"lo", lo}, {"hi", lo + AwsConversion::BatchRows() - 1}};
      // Each slice holds at most one read batch of rows, so Koku converts it as a single chunk 0.
      std::string raw_key =
          AwsParquetPrefix(partition, ParquetDataset::kRaw) + ParquetFileName(stem, 0, ParquetDataset::kRaw);
      int64_t raw_rows =
          WriteParquet(engine, staged, raw_key, conversion.RawSelectSql(kTypedTable), params, step);
      report->files.push_back({"aws", raw_key, raw_rows});
      std::string daily_key = AwsParquetPrefix(partition, ParquetDataset::kDaily) +
                              ParquetFileName(stem, 0, ParquetDataset::kDaily);
      int64_t daily_rows =
          WriteParquet(engine, staged, daily_key, conversion.DailySelectSql(kTypedTable), params, step);
      report->files.push_back({"aws_daily", daily_key, daily_rows});
    }
  }
}

/// The JSON macros, and row order kept through COPY and the scans (the typed parquet's row numbers are the
/// CSV order, which chunking, the raw files' row order and the order of the Kahan sums rely on; it is
/// DuckDB's default, set in case the engine was tuned otherwise).
void PrepareEngine(Engine& engine) {
  engine.Execute("SET preserve_insertion_order = true", "ingest: engine settings");
  InstallJsonMacros(engine);
}

void DropWorkTables(Engine& engine) {
  engine.Execute("DROP TABLE IF EXISTS " + std::string(kCsvTable) + "; DROP VIEW IF EXISTS " + kTypedTable,
                 "ingest: drop work tables");
}

std::unique_ptr<ObjectStore> OpenLocalTarget(const IngestRequest& request, const std::string& what) {
  std::string bucket, prefix;
  if (ParseS3Url(request.to, &bucket, &prefix)) {
    throw UsageError(
        what + ": an s3:// target needs S3 credentials: open it with OpenObjectStore and pass the store");
  }
  if (request.to.empty()) throw UsageError(what + ": no target given");
  return OpenObjectStore(request.to, S3Options{});
}

}  // namespace

IngestReport IngestOcp(Engine& engine, ObjectStore& target, const IngestRequest& request) {
  CheckRequest(request, "ingest ocp");
  OcpInput input = FindOcpInput(request.from_dir);
  IngestReport report;
  report.skipped = input.skipped;
  if (input.payloads.empty()) {
    throw DataError("ingest ocp: no manifest.json and no CSV files under '" + request.from_dir + "'");
  }
  std::set<std::string> clusters;
  for (const auto& p : input.payloads) {
    if (!p.cluster_id.empty()) clusters.insert(p.cluster_id);
  }
  if (clusters.size() > 1) {
    throw DataError("ingest ocp: '" + request.from_dir + "' holds payloads of clusters " + *clusters.begin() +
                    " and " + *std::next(clusters.begin()) +
                    "; a source is one cluster, ingest them separately");
  }
  if (!clusters.empty()) report.cluster_id = *clusters.begin();

  PrepareEngine(engine);
  TextLookup labels;
  engine.RegisterTextLookup(OcpConversion::kLabelLookup, &labels);
  // The function must not read the table after it is gone, whatever way this returns.
  struct Unregister {
    Engine& engine;
    ~Unregister() { engine.RegisterTextLookup(OcpConversion::kLabelLookup, nullptr); }
  } unregister{engine};
  StagedOutput staged(target, request.staging_dir);
  for (const auto& payload : input.payloads) {
    std::map<std::string, int> counters;
    for (const auto& path : payload.files)
      IngestOcpFile(engine, request, payload, path, &counters, &labels, staged, &report);
  }
  DropWorkTables(engine);
  staged.Commit();
  return report;
}

IngestReport IngestAws(Engine& engine, ObjectStore& target, const IngestRequest& request) {
  CheckRequest(request, "ingest aws");
  AwsInput input = FindAwsInput(request.from_dir);
  IngestReport report;
  report.skipped = input.skipped;
  if (input.files.empty()) {
    throw DataError("ingest aws: no Manifest.json and no CSV files under '" + request.from_dir + "'");
  }
  PrepareEngine(engine);
  StagedOutput staged(target, request.staging_dir);
  for (const auto& file : input.files) IngestAwsFile(engine, request, file, staged, &report);
  DropWorkTables(engine);
  staged.Commit();
  return report;
}

IngestReport IngestOcp(Engine& engine, const IngestRequest& request) {
  auto store = OpenLocalTarget(request, "ingest ocp");
  return IngestOcp(engine, *store, request);
}

IngestReport IngestAws(Engine& engine, const IngestRequest& request) {
  auto store = OpenLocalTarget(request, "ingest aws");
  return IngestAws(engine, *store, request);
}

}  // namespace costagg
