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

/// Converts one OCP CSV into staged raw and daily parquet. `counters` numbers the daily pieces per
/// (report type, day) within the manifest, as Koku's report_tracker does.
void IngestOcpFile(Engine& engine, const IngestRequest& request, const OcpPayload& payload,
                   const std::string& path, std::map<std::string, int>* counters, StagedOutput& staged,
                   IngestReport* report) {
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
  int64_t rows = LoadCsv(engine, path, header, kCsvTable);
  report->csv_rows += rows;
  if (rows == 0) {
    report->skipped.push_back(path + ": no data rows");
    return;
  }
  OcpConversion conversion(report_type, header);
  std::string step = "ingest " + report_type + " " + path;
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
  engine.Execute(conversion.CreateTypedTableSql(kCsvTable, kTypedTable), step);

  auto pieces = engine.QueryAll(conversion.PiecesSql(kTypedTable), step);
  for (const auto& batch : pieces) {
    for (size_t r = 0; r < batch.rows; ++r) {
      std::string day = batch.columns[0].texts[r];
      int64_t chunks = batch.columns[1].ints[r];
      int counter = (*counters)[report_type + "." + day]++;
      std::string stem = OcpDailyPieceStem(report_type, day, payload.manifest_id, counter);
      KokuPartition partition{request.schema, request.source_uuid, YearOf(day), MonthOf(day)};
      for (int64_t chunk = 0; chunk < chunks; ++chunk) {
        SqlParams params = {{"day", day}, {"chunk", chunk}};
        bool mig = engine.QueryInt(conversion.ChunkHasMigSql(kTypedTable), step, params) > 0;
        int c = static_cast<int>(chunk);
        std::string raw_key = OcpParquetPrefix(partition, report_type, ParquetDataset::kRaw) +
                              ParquetFileName(stem, c, ParquetDataset::kRaw);
        int64_t raw_rows =
            WriteParquet(engine, staged, raw_key, conversion.RawSelectSql(kTypedTable, mig), params, step);
        if (raw_rows == 0) continue;  // every row of the chunk was an anomaly
        report->files.push_back({report_type, raw_key, raw_rows});
        std::string daily_key = OcpParquetPrefix(partition, report_type, ParquetDataset::kDaily) +
                                ParquetFileName(stem, c, ParquetDataset::kDaily);
        int64_t daily_rows = WriteParquet(engine, staged, daily_key,
                                          conversion.DailySelectSql(kTypedTable, mig), params, step);
        report->files.push_back({report_type + "_daily", daily_key, daily_rows});
      }
    }
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
  int64_t rows = LoadCsv(engine, path, header, kCsvTable, conversion.KeptIndexes());
  report->csv_rows += rows;
  if (rows == 0) {
    report->skipped.push_back(path + ": no data rows");
    return;
  }
  auto [bad_column, bad_value] = FirstPair(engine, conversion.FindBadValueSql(kCsvTable), step);
  if (!bad_column.empty()) {
    throw DataError(path + ": column " + bad_column + ": cannot parse '" + Shown(bad_value) +
                    "' (Koku fails such a file)");
  }
  engine.Execute(conversion.CreateTypedTableSql(kCsvTable, kTypedTable), step);
  int year = file.year;
  int month = file.month;
  if (year == 0) {
    // No manifest: the billing period of the data, as Koku's manifest would give it.
    auto batches = engine.QueryAll(
        "SELECT strftime(min(bill_billingperiodstartdate), '%Y-%m') FROM " + std::string(kTypedTable), step);
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
      SqlParams params = {{"day", day}, {"batch", slice_batch}};
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

/// The JSON macros, and row order kept through CREATE TABLE AS (rowid = CSV order, which chunking and the
/// order of the Kahan sums rely on; it is DuckDB's default, set in case the engine was tuned otherwise).
void PrepareEngine(Engine& engine) {
  engine.Execute("SET preserve_insertion_order = true", "ingest: engine settings");
  InstallJsonMacros(engine);
}

void DropWorkTables(Engine& engine) {
  engine.Execute("DROP TABLE IF EXISTS " + std::string(kCsvTable) + "; DROP TABLE IF EXISTS " + kTypedTable,
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
  StagedOutput staged(target, request.staging_dir);
  for (const auto& payload : input.payloads) {
    std::map<std::string, int> counters;
    for (const auto& path : payload.files)
      IngestOcpFile(engine, request, payload, path, &counters, staged, &report);
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
