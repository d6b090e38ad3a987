#include "costagg/modes/ocp_aws_summary.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/input/koku_layout.h"
#include "costagg/input/object_store.h"
#include "costagg/input/parquet_tables.h"
#include "costagg/modes/aws_database.h"
#include "costagg/modes/mode_input.h"
#include "costagg/modes/ocp_summary.h"
#include "costagg/modes/sql_steps.h"
#include "costagg/output/koku_database.h"
#include "costagg/output/postgres/pg_numeric.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

constexpr const char* kProjectTable = "reporting_ocpawscostlineitem_project_daily_summary_p";

/// DuckDB's memory limit for this mode when --memory-limit is not given.
constexpr const char* kOcpAwsMemoryLimit = "1536MB";

/// The eight UI tables, in the order Koku fills them.
constexpr const char* kUiTables[] = {
    "reporting_ocpaws_compute_summary_p",        "reporting_ocpaws_cost_summary_by_account_p",
    "reporting_ocpaws_cost_summary_by_region_p", "reporting_ocpaws_cost_summary_by_service_p",
    "reporting_ocpaws_cost_summary_p",           "reporting_ocpaws_database_summary_p",
    "reporting_ocpaws_network_summary_p",        "reporting_ocpaws_storage_summary_p"};

ExpectedColumn Col(const char* name, const char* type, bool required = true) {
  return {name, type, required};
}

/// The AWS daily columns the steps read (ocp_on_aws.md §1.3, §3.2).
std::vector<ExpectedColumn> AwsDailyColumns() {
  return {Col("row_uuid", "VARCHAR"),
          Col("lineitem_resourceid", "VARCHAR"),
          Col("lineitem_usagestartdate", "TIMESTAMP"),
          Col("bill_payeraccountid", "VARCHAR"),
          Col("bill_billingentity", "VARCHAR"),
          Col("product_productname", "VARCHAR"),
          Col("lineitem_productcode", "VARCHAR"),
          Col("lineitem_usageaccountid", "VARCHAR"),
          Col("lineitem_availabilityzone", "VARCHAR"),
          Col("product_productfamily", "VARCHAR"),
          Col("product_instancetype", "VARCHAR"),
          Col("product_region", "VARCHAR"),
          Col("pricing_unit", "VARCHAR"),
          {"resourcetags", "VARCHAR", true, true},
          {"costcategory", "VARCHAR", true, true},
          Col("lineitem_usageamount", "DOUBLE"),
          Col("lineitem_currencycode", "VARCHAR"),
          Col("lineitem_lineitemtype", "VARCHAR"),
          Col("lineitem_unblendedcost", "DOUBLE"),
          Col("lineitem_blendedcost", "DOUBLE"),
          Col("savingsplan_savingsplaneffectivecost", "DOUBLE"),
          Col("lineitem_usagetype", "VARCHAR"),
          Col("lineitem_operation", "VARCHAR")};
}

/// The pair's parquet (§1.1-1.4), checked once over the window and then read chunk by chunk: each member is a
/// checked projection (ParquetTableInfo::projection_sql) to which a chunk appends its days.
struct PairParquet {
  std::string aws_daily;      ///< AWS daily rows of the AWS source
  std::string aws_raw;        ///< AWS hourly rows, the four columns 002_aws_hourly_maxima.sql reads
  std::string pod_daily;      ///< pod daily rows of the OpenShift source
  std::string storage_daily;  ///< storage daily rows of the OpenShift source
};

/// Checks the pair's parquet over the window (every value Koku never writes is refused here, before
/// anything is computed) and makes the view aws_daily_window of the window's AWS daily rows, which the run
/// reads only for the row count, the payer and the accounts. Nothing is held: each chunk reads its own days.
PairParquet LoadInputs(Engine& engine, ObjectStore& store, const Options& options, const DayRange& range) {
  KokuPartition aws{options.schema, options.aws_source, options.year, options.month};
  KokuPartition ocp{options.schema, options.source, options.year, options.month};
  PairParquet parquet;
  parquet.aws_daily =
      CreateParquetTable(engine, store,
                         {"aws_daily_window", AwsParquetPrefix(aws, ParquetDataset::kDaily),
                          AwsDailyColumns(), DaysFilter("lineitem_usagestartdate", range), false})
          .projection_sql;
  parquet.aws_raw =
      CreateParquetTable(engine, store,
                         {"aws_raw_window",
                          AwsParquetPrefix(aws, ParquetDataset::kRaw),
                          {Col("lineitem_resourceid", "VARCHAR"), Col("lineitem_usagestartdate", "TIMESTAMP"),
                           Col("lineitem_unblendedcost", "DOUBLE"), Col("lineitem_unblendedrate", "DOUBLE")},
                          DaysFilter("lineitem_usagestartdate", range),
                          false})
          .projection_sql;
  parquet.pod_daily = CreateParquetTable(engine, store,
                                         {"ocp_pod_daily_window",
                                          OcpParquetPrefix(ocp, "pod_usage", ParquetDataset::kDaily),
                                          {Col("interval_start", "TIMESTAMP"), Col("namespace", "VARCHAR"),
                                           Col("node", "VARCHAR"), Col("resource_id", "VARCHAR")},
                                          DaysFilter("interval_start", range),
                                          false})
                          .projection_sql;
  parquet.storage_daily =
      CreateParquetTable(engine, store,
                         {"ocp_storage_daily_window",
                          OcpParquetPrefix(ocp, "storage_usage", ParquetDataset::kDaily),
                          {Col("interval_start", "TIMESTAMP"), Col("persistentvolume", "VARCHAR"),
                           Col("csi_volume_handle", "VARCHAR", false)},
                          DaysFilter("interval_start", range),
                          false})
          .projection_sql;
  return parquet;
}

/// The chunk's parquet inputs under the names the steps read: the views aws_daily (its AWS daily rows, with
/// usage_start; 010_daily_temp.sql holds them once as aws_chunk) and aws_raw (its hourly rows, read once by
/// 002), and the tables ocp_pod_daily and ocp_storage_daily. The days filter reaches the parquet reader, so
/// only the chunk's row groups are read.
void LoadChunkParquet(Engine& engine, const PairParquet& parquet, const DayRange& chunk) {
  std::string aws_days = " WHERE " + DaysFilter("lineitem_usagestartdate", chunk);
  std::string ocp_days = " WHERE " + DaysFilter("interval_start", chunk);
  engine.Execute(
      "CREATE OR REPLACE TEMP VIEW aws_daily AS SELECT *, lineitem_usagestartdate AS usage_start"
      " FROM (" +
          parquet.aws_daily + aws_days + ")",
      "AWS daily rows of " + chunk.start + ".." + chunk.end);
  engine.Execute("CREATE OR REPLACE TEMP VIEW aws_raw AS " + parquet.aws_raw + aws_days,
                 "AWS hourly rows of " + chunk.start + ".." + chunk.end);
  engine.Execute("CREATE OR REPLACE TEMP TABLE ocp_pod_daily AS " + parquet.pod_daily + ocp_days,
                 "pod daily rows of " + chunk.start + ".." + chunk.end);
  engine.Execute("CREATE OR REPLACE TEMP TABLE ocp_storage_daily AS " + parquet.storage_daily + ocp_days,
                 "storage daily rows of " + chunk.start + ".." + chunk.end);
}

/// What the run writes into every row, resolved from the output.
struct PairContext {
  std::string cluster_id;
  std::string cluster_alias;
  int64_t report_period_id = 0;
  int64_t bill_id = 0;
};

/// The text values of a small DuckDB query's first column.
std::vector<std::string> Texts(Engine& engine, const std::string& sql, const std::string& step,
                               const SqlParams& params = {}) {
  std::vector<std::string> out;
  for (const auto& batch : engine.QueryAll(sql, step, params)) {
    for (size_t r = 0; r < batch.rows; ++r) {
      if (!batch.columns[0].IsNull(r)) out.push_back(batch.columns[0].texts[r]);
    }
  }
  return out;
}

/// Finds the OpenShift source's report period and cluster (summarize ocp made them), and finds or creates the
/// month's AWS bill and the account alias rows (Koku's AWS processing would have), and the month's
/// partitions.
PairContext Prepare(KokuDatabase& db, Engine& engine, const Options& options, const DayRange& range) {
  PairContext context;
  std::string month_start = range.start.substr(0, 8) + "01";
  std::string ocp = SqlLiteral(options.source);
  db.Load(engine, "ocp_report_period",
          {{"id", "BIGINT"}, {"cluster_id", "VARCHAR"}, {"cluster_alias", "VARCHAR"}},
          "SELECT id, cluster_id, cluster_alias FROM {{schema}}.reporting_ocpusagereportperiod WHERE "
          "provider_id = " +
              ocp + " AND report_period_start = " + SqlLiteral(month_start + " 00:00:00+00") +
              (options.report_period_id > 0 ? " AND id = " + std::to_string(options.report_period_id) : "") +
              " ORDER BY id");
  db.Load(engine, "ocp_cluster", {{"cluster_id", "VARCHAR"}, {"cluster_alias", "VARCHAR"}},
          "SELECT cluster_id, cluster_alias FROM {{schema}}.reporting_ocp_clusters WHERE provider_id = " +
              ocp + " ORDER BY uuid");
  auto periods = Texts(engine, "SELECT id::VARCHAR FROM ocp_report_period ORDER BY id", "report period");
  if (periods.empty()) {
    throw DataError(
        db.Describe() + ": no OpenShift report period of source " + options.source + " for " +
        month_start.substr(0, 7) +
        (options.report_period_id > 0 ? " with id " + std::to_string(options.report_period_id) : "") +
        " in schema " + options.schema + ": run costagg summarize ocp for it first");
  }
  context.report_period_id = std::stoll(periods[0]);
  context.cluster_id = options.cluster_id;
  if (context.cluster_id.empty()) {
    // The cluster row first, then the report period's (each in the order read).
    auto ids = Texts(
        engine,
        "SELECT cluster_id FROM (SELECT cluster_id, 0 AS o, rowid AS r FROM ocp_cluster UNION ALL"
        " SELECT cluster_id, 1, rowid FROM ocp_report_period) WHERE cluster_id IS NOT NULL ORDER BY o, r",
        "cluster id");
    if (!ids.empty()) context.cluster_id = ids[0];
  }
  context.cluster_alias = options.cluster_alias;
  if (context.cluster_alias.empty()) {
    auto aliases =
        Texts(engine,
              "SELECT cluster_alias FROM (SELECT cluster_alias, 0 AS o, rowid AS r FROM ocp_cluster UNION"
              " ALL SELECT cluster_alias, 1, rowid FROM ocp_report_period) WHERE cluster_alias IS NOT NULL"
              " ORDER BY o, r",
              "cluster alias");
    context.cluster_alias = aliases.empty() ? context.cluster_id : aliases[0];
  }

  auto payers = Texts(engine, "SELECT max(bill_payeraccountid) FROM aws_daily_window", "payer account");
  context.bill_id = FindAwsBill(db, engine, options, options.aws_source, month_start,
                                payers.empty() ? "" : payers[0], true);
  EnsureAccountAliases(db, engine, "SELECT lineitem_usageaccountid FROM aws_daily_window");
  int year = std::stoi(month_start.substr(0, 4)), month = std::stoi(month_start.substr(5, 2));
  db.EnsureMonthlyPartition(kProjectTable, year, month);
  for (const char* table : kUiTables) db.EnsureMonthlyPartition(table, year, month);
  return context;
}

/// `sql` with {{start}} and {{end}} replaced by the range's date literals ({{schema}} is left to the
/// database).
std::string WithRange(std::string sql, const DayRange& range) {
  for (const auto& [name, value] : {std::pair{"{{start}}", range.start}, std::pair{"{{end}}", range.end}}) {
    for (size_t at = sql.find(name); at != std::string::npos; at = sql.find(name, at)) {
      sql.replace(at, std::string(name).size(), SqlLiteral(value));
    }
  }
  return sql;
}

/// The reference tables the steps read (§3.1, §3.2, §3.10, §3.12).
void LoadReferenceTables(KokuDatabase& db, Engine& engine) {
  auto keys = [&](const char* name, const std::string& types) {
    db.Load(engine, name, {{"key", "VARCHAR"}},
            "SELECT DISTINCT key FROM {{schema}}.reporting_enabledtagkeys WHERE enabled = true AND "
            "provider_type IN (" +
                types + ")");
  };
  keys("aws_tag_keys", "'AWS'");
  keys("ocp_tag_keys", "'OCP'");
  keys("pg_tag_keys", "'AWS', 'OCP'");
  db.Load(engine, "account_alias", {{"id", "INTEGER"}, {"account_id", "VARCHAR"}},
          "SELECT id, account_id FROM {{schema}}.reporting_awsaccountalias");
}

/// The columns of the OpenShift rows read from the output (§1.4, ocp_aws_tables/ocp_daily_summary_rows.sql).
const std::vector<LoadColumn>& OcpRowColumns() {
  static const std::vector<LoadColumn> columns = {{"source", "VARCHAR"},
                                                  {"usage_start", "DATE"},
                                                  {"cluster_id", "VARCHAR"},
                                                  {"cluster_alias", "VARCHAR"},
                                                  {"data_source", "VARCHAR"},
                                                  {"namespace", "VARCHAR"},
                                                  {"node", "VARCHAR"},
                                                  {"resource_id", "VARCHAR"},
                                                  {"pod_labels", "VARCHAR"},
                                                  {"volume_labels", "VARCHAR"},
                                                  {"persistentvolumeclaim", "VARCHAR"},
                                                  {"persistentvolume", "VARCHAR"},
                                                  {"storageclass", "VARCHAR"},
                                                  {"csi_volume_handle", "VARCHAR"},
                                                  {"persistentvolumeclaim_capacity_gigabyte", "DOUBLE"},
                                                  {"pod_effective_usage_cpu_core_hours", "DOUBLE"},
                                                  {"pod_effective_usage_memory_gigabyte_hours", "DOUBLE"},
                                                  {"node_capacity_cpu_core_hours", "DOUBLE"},
                                                  {"node_capacity_memory_gigabyte_hours", "DOUBLE"},
                                                  {"cost_category_id", "INTEGER"}};
  return columns;
}

/// The daily summary rows of every OpenShift source (2c and 2f read all of them), one chunk at a time. A
/// reader of their own fetches them (the write holds the database's connection from the first chunk on) on a
/// thread, one chunk ahead of the compute, so that PostgreSQL reads the next chunk's rows while the engine
/// computes this one's; LoadNext makes them ocp_lids, each Storage row with its CSI handle from the PVC table
/// and the labels rewritten by sql/ocp_aws/001_ocp_rows.sql. At most two chunks' fetched rows exist at once.
class ChunkOcpRows {
 public:
  /// Starts fetching the first chunk's rows.
  ChunkOcpRows(std::unique_ptr<RowReader> reader, std::vector<DayRange> chunks)
      : reader_(std::move(reader)), chunks_(std::move(chunks)) {
    if (!chunks_.empty()) next_ = FetchAsync(0);
  }
  /// A fetch still running (the run failed before it was needed) is cancelled, so that the failure is
  /// reported without waiting for rows nobody will read. Cancelling again until it ends covers a fetch whose
  /// statement had not reached the server yet.
  ~ChunkOcpRows() {
    if (!next_.valid()) return;
    while (next_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      reader_->Cancel();
      next_.wait_for(std::chrono::milliseconds(100));
    }
  }
  ChunkOcpRows(const ChunkOcpRows&) = delete;
  ChunkOcpRows& operator=(const ChunkOcpRows&) = delete;

  /// Makes ocp_lids the rows of the next chunk (in the order given) and starts fetching the one after it.
  /// Rethrows a failure of the fetch.
  void LoadNext(Engine& engine) {
    size_t index = loaded_++;
    std::unique_ptr<FetchedRows> rows = next_.get();
    if (loaded_ < chunks_.size()) next_ = FetchAsync(loaded_);
    const DayRange& chunk = chunks_[index];
    engine.Execute("CREATE OR REPLACE TEMP VIEW ocp_rows_read AS SELECT * FROM " + rows->Relation(),
                   "OpenShift rows of " + chunk.start + ".." + chunk.end);
    RunSqlSteps(engine, "ocp_aws/", "001", "002", {});
    engine.Execute("CREATE OR REPLACE TEMP TABLE ocp_lids AS SELECT * FROM ocp_rows_staged",
                   "OpenShift rows of chunk " + std::to_string(index + 1));
    engine.Execute("DROP VIEW ocp_rows_staged; DROP VIEW ocp_rows_read", "OpenShift rows read");
  }

 private:
  std::future<std::unique_ptr<FetchedRows>> FetchAsync(size_t index) {
    std::string select = WithRange(SqlFile("ocp_aws_tables/ocp_daily_summary_rows.sql"), chunks_[index]);
    return std::async(std::launch::async, [this, select = std::move(select)] {
      return reader_->Fetch("ocp_lids", OcpRowColumns(), select);
    });
  }

  std::unique_ptr<RowReader> reader_;
  std::vector<DayRange> chunks_;
  size_t loaded_ = 0;
  /// Declared last: destroyed first, it waits for a fetch still running before the reader goes.
  std::future<std::unique_ptr<FetchedRows>> next_;
};

/// Koku's PostgreSQL source of matched tag pairs (§3.1 step 2): its tag catalogues, used when some key is
/// enabled for both AWS and OpenShift, the enabled keys hold any OpenShift row, the catalogues exist in the
/// output and give pairs. Loads them as catalog_tag_pairs(key, value) and returns true; false means the
/// chunks' own data decides (Koku's Trino path, sql/ocp_aws/005_tag_pairs.sql).
bool LoadCatalogTagPairs(KokuDatabase& db, Engine& engine) {
  if (engine.QueryInt(
          "SELECT count(*) FROM (SELECT key FROM aws_tag_keys INTERSECT SELECT key FROM ocp_tag_keys)",
          "keys enabled on both sides") == 0) {
    return false;
  }
  for (const char* table :
       {"reporting_awstags_summary", "reporting_awstags_values", "reporting_ocptags_values"}) {
    if (!db.HasTable(table)) return false;
  }
  db.Load(engine, "ocp_key_rows", {{"n", "BIGINT"}},
          "SELECT count(*) AS n FROM {{schema}}.reporting_enabledtagkeys WHERE provider_type = 'OCP'");
  if (engine.QueryInt("SELECT n FROM ocp_key_rows", "OpenShift key rows") == 0) return false;
  db.Load(engine, "catalog_tag_pairs", {{"key", "VARCHAR"}, {"value", "VARCHAR"}},
          SqlFile("ocp_aws_tables/catalog_tag_pairs.sql"));
  return engine.QueryInt("SELECT count(*) FROM catalog_tag_pairs", "catalog tag pairs") > 0;
}

/// The chunk's days in parts (sql/ocp_aws/039_part_rows.sql): runs of whole days holding at most `part_rows`
/// of the chunk's matched AWS rows (daily_temp) between them; a day with more is a part of its own. Days
/// without rows join the part they fall in.
std::vector<DayRange> ChunkParts(Engine& engine, const DayRange& chunk, int64_t part_rows) {
  std::map<std::string, int64_t> rows;
  for (const auto& batch : engine.QueryAll(
           "SELECT CAST(usage_start AS VARCHAR), count(*) FROM daily_temp GROUP BY ALL", "rows per day"))
    for (size_t r = 0; r < batch.rows; ++r) rows[batch.columns[0].texts[r]] = batch.columns[1].ints[r];
  std::vector<DayRange> parts;
  int64_t in_part = 0;
  for (const DayRange& day : Days(chunk)) {
    int64_t n = rows.count(day.start) ? rows[day.start] : 0;
    if (!parts.empty() && in_part + n <= part_rows) {
      parts.back().end = day.start;
      in_part += n;
    } else {
      parts.push_back(day);
      in_part = n;
    }
  }
  return parts;
}

/// Koku's matched tag list M of one chunk (§3.1): the shared AWS/OpenShift tag pairs (sql/ocp_aws/005) as
/// Python-JSON strings, and the openshift_cluster / openshift_node / openshift_project strings, written
/// literally. Loaded as matched_tags(tag, position), distinct, and registered as costagg_matched_tags (the
/// returned set, kept until the next chunk's replaces it).
std::unique_ptr<SubstringSet> LoadMatchedTags(Engine& engine, const PairContext& context,
                                              const SqlParams& params) {
  std::set<std::string> tags;
  for (const auto& batch : engine.QueryAll("SELECT key, value FROM chunk_tag_pairs", "tag pairs")) {
    for (size_t r = 0; r < batch.rows; ++r) {
      std::string tag = MatchedTagString(batch.columns[0].texts[r], batch.columns[1].texts[r]);
      if (!tag.empty()) tags.insert(tag);
    }
  }
  auto special = [&](const std::string& key, const std::string& value) {
    tags.insert("\"" + key + "\": \"" + value + "\"");
  };
  special("openshift_cluster", context.cluster_id);
  special("openshift_cluster", context.cluster_alias);
  std::string in_chunk =
      " FROM ocp_pod_daily WHERE interval_start >= $chunk_start::DATE"
      " AND interval_start < $chunk_end::DATE + INTERVAL 1 DAY";
  for (const auto& node : Texts(engine, "SELECT DISTINCT node" + in_chunk, "chunk nodes", params)) {
    special("openshift_node", node);
  }
  for (const auto& ns : Texts(engine, "SELECT DISTINCT namespace" + in_chunk, "chunk namespaces", params)) {
    special("openshift_project", ns);
  }
  engine.Execute("CREATE OR REPLACE TEMP TABLE matched_tags (tag VARCHAR, position INTEGER)", "matched tags");
  constexpr size_t kPerInsert = 500;
  std::string values;
  size_t position = 0;
  for (const auto& tag : tags) {
    values += (values.empty() ? "(" : ", (") + SqlLiteral(tag) + ", " + std::to_string(position++) + ")";
    if (position % kPerInsert == 0 || position == tags.size()) {
      engine.Execute("INSERT INTO matched_tags VALUES " + values, "matched tags");
      values.clear();
    }
  }
  return RegisterMatchedTags(engine);
}

/// A SubstringSet of the strings `sql` returns, in its order, registered as `function`.
std::unique_ptr<SubstringSet> RegisterSubstrings(Engine& engine, const std::string& sql,
                                                 const std::string& function) {
  auto set = std::make_unique<SubstringSet>(Texts(engine, sql, function));
  set->Register(engine, function);
  return set;
}

}  // namespace

std::unique_ptr<SubstringSet> RegisterMatchedTags(Engine& engine) {
  return RegisterSubstrings(engine, "SELECT tag FROM matched_tags ORDER BY position", "costagg_matched_tags");
}

std::unique_ptr<SubstringSet> RegisterTieNeedles(Engine& engine) {
  return RegisterSubstrings(engine, "SELECT needle FROM tie_needles ORDER BY needle", "costagg_tie_needles");
}

double NineDecimalMarkup(double markup) { return std::stod(RoundDoubleHalfUp(markup, 9)); }

std::string MatchedTagString(const std::string& key, const std::string& value) {
  std::string out;
  try {
    out = nlohmann::json(key).dump(-1, ' ', true) + ": " + nlohmann::json(value).dump(-1, ' ', true);
  } catch (const nlohmann::json::exception&) {
    return "";
  }
  std::erase_if(out, [](char c) { return c == '{' || c == '}'; });
  return out;
}

void SummarizeOcpAws(const Options& options, RunReport* report) {
  DayRange range = RequestedRange(options);
  report->start_date = range.start;
  report->end_date = range.end;
  // Bounded by default: DuckDB spills what does not fit (docs/benchmarks/ocp_aws_summary.md); --memory-limit
  // overrides it.
  ModeInput input = OpenModeInput(options, "AWS", kOcpAwsMemoryLimit, report);
  auto& [store, engine] = input;
  PairParquet parquet;
  {
    PhaseTimer timer(report, "load_inputs");
    parquet = LoadInputs(*engine, *store, options, range);
    report->input_rows = engine->QueryInt("SELECT count(*) FROM aws_daily_window", "count AWS rows");
  }
  if (report->input_rows == 0) {
    report->status = "no_data";
    spdlog::info("no AWS cost rows of source {} between {} and {}", options.aws_source, range.start,
                 range.end);
    return;
  }

  // Koku's chunks (§3): every step reads only its chunk's days, so memory is bounded by a chunk, not the
  // window. Every output row is one day's, and no step looks beyond its chunk.
  std::vector<DayRange> chunks = KokuChunks(range);
  std::unique_ptr<KokuDatabase> db = OpenKokuDatabase(options, *engine);
  PairContext context;
  std::unique_ptr<ChunkOcpRows> ocp_rows;
  {
    PhaseTimer timer(report, "prepare_database");
    // One lock per (AWS source, OpenShift source) pair: runs of other pairs go on in parallel.
    std::string pair = "ocp-aws/" + options.aws_source + "/" + options.source;
    db->Lock(pair, pair, std::chrono::seconds(options.lock_wait_seconds));
    context = Prepare(*db, *engine, options, range);
    DefineSqlMacros(*engine);
    RunSqlSteps(*engine, "ocp_aws/", "000", "001", {});
    LoadReferenceTables(*db, *engine);
    ocp_rows = std::make_unique<ChunkOcpRows>(db->OpenReader(), chunks);
  }
  int days_in_month = DaysInMonth(std::stoi(range.start.substr(0, 4)), std::stoi(range.start.substr(5, 2)));
  SqlParams params = {{"aws_source", options.aws_source},
                      {"ocp_source", options.source},
                      {"hours_in_month", int64_t{days_in_month * 24}},
                      {"markup", NineDecimalMarkup(options.markup)},
                      {"distribution", options.distribution},
                      {"report_period_id", context.report_period_id},
                      {"bill_id", context.bill_id}};
  // The pair's rows of the range in every output table are replaced in one transaction. Chunk by chunk, the
  // project and UI rows of the chunk's days are computed and handed to the write, which copies them while the
  // next chunk is computed (Koku fills these tables per chunk too; every row belongs to one day).
  std::string range_where =
      "usage_start >= " + SqlLiteral(range.start) + " AND usage_start <= " + SqlLiteral(range.end);
  std::vector<TableReplace> scopes;
  scopes.push_back({kProjectTable,
                    range_where + " AND cost_entry_bill_id = " + std::to_string(context.bill_id) +
                        " AND report_period_id = " + std::to_string(context.report_period_id),
                    "",
                    {}});
  for (const char* table : kUiTables) {
    scopes.push_back({table,
                      range_where + " AND source_uuid = " + SqlLiteral(options.aws_source) +
                          " AND cluster_id = " + SqlLiteral(context.cluster_id),
                      "",
                      {}});
  }
  int64_t part_rows = options.part_rows > 0 ? options.part_rows : kOcpAwsPartRows;
  std::unique_ptr<PartWrite> write;
  std::vector<TableRows> part;  // a part's rows of every table, handed over before anything replaces them
  std::unique_ptr<SubstringSet> matched_tags;  // what the chunk's costagg_matched_tags reads
  std::unique_ptr<SubstringSet> tie_needles;   // what the chunk's costagg_tie_needles reads
  // (the engine by an init-capture: clang does not capture a structured binding)
  auto hand_over = [&write, &part, &eng = *engine] {
    if (!part.empty()) write->Add(eng, part);
    part.clear();
  };
  {
    PhaseTimer timer(report, "compute_summary");
    bool catalog_tags = LoadCatalogTagPairs(*db, *engine);
    write = db->StartWrite(*engine, {{}, scopes, {}});
    for (size_t i = 0; i < chunks.size(); ++i) {
      const DayRange& chunk = chunks[i];
      hand_over();
      params["chunk_start"] = chunk.start;
      params["chunk_end"] = chunk.end;
      // The chunk's inputs replace the previous chunk's, and its final rows start empty (000 makes them).
      LoadChunkParquet(*engine, parquet, chunk);
      ocp_rows->LoadNext(*engine);
      RunSqlSteps(*engine, "ocp_aws/", "000", "001", params);
      RunSqlSteps(*engine, "ocp_aws/", "002", "005", params);
      if (catalog_tags) {
        engine->Execute("CREATE OR REPLACE TEMP TABLE chunk_tag_pairs AS SELECT * FROM catalog_tag_pairs",
                        "matched tag pairs from Koku's catalogues");
      } else {
        RunSqlSteps(*engine, "ocp_aws/", "005", "010", params);
      }
      matched_tags = LoadMatchedTags(*engine, context, params);
      RunSqlSteps(*engine, "ocp_aws/", "010", "036", params);
      tie_needles = RegisterTieNeedles(*engine);
      RunSqlSteps(*engine, "ocp_aws/", "036", "039", params);
      // The final rows part by part (sql/ocp_aws/039_part_rows.sql): each part's rows of every table are
      // handed to the write (materialised, then copied while the next part is computed) before the next
      // part's replace them, a day at a time. The run's last part goes to Finish.
      for (const DayRange& days : ChunkParts(*engine, chunk, part_rows)) {
        hand_over();
        SqlParams part_params = params;
        part_params["part_start"] = days.start;
        part_params["part_end"] = days.end;
        RunSqlSteps(*engine, "ocp_aws/", "039", "999", part_params);
        for (const DayRange& day : Days(days)) {
          SqlParams day_params = part_params;
          day_params["day"] = day.start;
          for (const auto& scope : scopes) {
            part.push_back({scope.table,
                            "SELECT * FROM (" + SqlFile("ocp_aws_tables/" + scope.table + ".sql") +
                                ") WHERE usage_start = $day::DATE",
                            day_params});
          }
        }
      }
    }
  }
  {
    PhaseTimer timer(report, "write_summary");
    for (auto& count : write->Finish(*engine, part)) report->tables.push_back(std::move(count));
  }
}

}  // namespace costagg
