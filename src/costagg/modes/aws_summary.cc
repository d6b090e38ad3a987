#include "costagg/modes/aws_summary.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "costagg/error.h"
#include "costagg/input/koku_layout.h"
#include "costagg/input/parquet_tables.h"
#include "costagg/modes/aws_database.h"
#include "costagg/modes/day_range.h"
#include "costagg/modes/infrastructure_map.h"
#include "costagg/modes/mode_input.h"
#include "costagg/modes/sql_steps.h"
#include "costagg/output/koku_database.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

constexpr const char* kDailyTable = "reporting_awscostentrylineitem_daily_summary";
constexpr const char* kEc2Table = "reporting_awscostentrylineitem_summary_by_ec2_compute_p";

/// DuckDB's memory limit for this mode when --memory-limit is not given. A day's summary is one aggregate
/// whose distinct resource-id lists do not spill: one day of a 100M-row month (3.2M line items, 1.4M
/// resources) needs more than 640MB and runs in 1.3 GiB of resident memory at 1200MB; a 2M-row month stays
/// near 330 MiB whatever the limit (docs/benchmarks/aws_summary.md).
constexpr const char* kAwsMemoryLimit = "1536MB";

ExpectedColumn Col(const char* name, const char* type, bool required = true) {
  return {name, type, required};
}

/// The daily line item columns the two summaries read (ocp_on_aws.md §1.3, §5, §5.1). The EC2 attributes
/// are optional: NULL when the files lack them, as a Hive table column missing from a file reads in Trino.
std::vector<ExpectedColumn> AwsLineItemColumns() {
  return {Col("lineitem_usagestartdate", "TIMESTAMP"),
          Col("bill_payeraccountid", "VARCHAR"),
          Col("bill_billingentity", "VARCHAR"),
          Col("lineitem_productcode", "VARCHAR"),
          Col("product_productname", "VARCHAR"),
          Col("lineitem_usageaccountid", "VARCHAR"),
          Col("lineitem_availabilityzone", "VARCHAR"),
          Col("product_productfamily", "VARCHAR"),
          Col("product_region", "VARCHAR"),
          {"resourcetags", "VARCHAR", true, true},
          {"costcategory", "VARCHAR", true, true},
          Col("product_instancetype", "VARCHAR"),
          Col("pricing_unit", "VARCHAR"),
          Col("lineitem_lineitemtype", "VARCHAR"),
          Col("lineitem_resourceid", "VARCHAR"),
          Col("lineitem_usageamount", "DOUBLE"),
          Col("lineitem_normalizationfactor", "DOUBLE"),
          Col("lineitem_normalizedusageamount", "DOUBLE"),
          Col("lineitem_currencycode", "VARCHAR"),
          Col("lineitem_unblendedrate", "DOUBLE"),
          Col("lineitem_unblendedcost", "DOUBLE"),
          Col("lineitem_blendedrate", "DOUBLE"),
          Col("lineitem_blendedcost", "DOUBLE"),
          Col("savingsplan_savingsplaneffectivecost", "DOUBLE"),
          Col("pricing_publicondemandcost", "DOUBLE"),
          Col("pricing_publicondemandrate", "DOUBLE"),
          Col("product_operatingsystem", "VARCHAR", false),
          Col("product_memory", "VARCHAR", false),
          Col("product_vcpu", "VARCHAR", false)};
}

/// The enabled AWS tag keys (aws_tag_keys), every account alias (account_alias) and the source's
/// organizational units (org_unit; none when the schema lacks Koku's table) as DuckDB temp tables.
void LoadReferenceTables(KokuDatabase& db, Engine& engine, const std::string& source) {
  db.Load(
      engine, "aws_tag_keys", {{"key", "VARCHAR"}},
      "SELECT key FROM {{schema}}.reporting_enabledtagkeys WHERE enabled = true AND provider_type = 'AWS'");
  db.Load(engine, "account_alias", {{"id", "INTEGER"}, {"account_id", "VARCHAR"}},
          "SELECT id, account_id FROM {{schema}}.reporting_awsaccountalias");
  std::vector<LoadColumn> ou_columns = {{"id", "INTEGER"},
                                        {"account_alias_id", "INTEGER"},
                                        {"provider_id", "UUID"},
                                        {"created_timestamp", "DATE"},
                                        {"deleted_timestamp", "DATE"}};
  if (db.HasTable("reporting_awsorganizationalunit")) {
    db.Load(engine, "org_unit", ou_columns,
            "SELECT id, account_alias_id, provider_id, created_timestamp, deleted_timestamp"
            " FROM {{schema}}.reporting_awsorganizationalunit WHERE provider_id = " +
                SqlLiteral(source));
  } else {
    engine.Execute(
        "CREATE OR REPLACE TEMP TABLE org_unit (id INTEGER, account_alias_id INTEGER, provider_id UUID,"
        " created_timestamp DATE, deleted_timestamp DATE)",
        "no organizational units");
  }
}

}  // namespace

void SummarizeAws(const Options& options, RunReport* report) {
  DayRange range = RequestedRange(options);
  report->start_date = range.start;
  report->end_date = range.end;
  ModeInput input = OpenModeInput(options, "AWS", kAwsMemoryLimit, report);
  auto& [store, engine] = input;
  // The parquet is read where it is used, never copied: a view of the month (or the window) checked once, and
  // per day a view of that day's line items whose date filter reaches the parquet reader.
  std::string projection;
  bool any_rows = false;
  std::string payer;
  {
    PhaseTimer timer(report, "load_inputs");
    KokuPartition aws{options.schema, options.source, options.year, options.month};
    projection =
        CreateParquetTable(
            *engine, *store,
            {"aws_month_line_items", AwsParquetPrefix(aws, ParquetDataset::kDaily), AwsLineItemColumns(),
             options.ec2_compute ? "" : DaysFilter("lineitem_usagestartdate", range), false})
            .projection_sql;
    report->input_rows = engine->QueryInt("SELECT count(*) FROM (" + projection + " WHERE " +
                                              DaysFilter("lineitem_usagestartdate", range) + ")",
                                          "count AWS rows");
    for (const auto& batch : engine->QueryAll(
             "SELECT max(bill_payeraccountid), count(*) FROM aws_month_line_items", "payer account")) {
      if (batch.rows == 0) continue;
      if (!batch.columns[0].IsNull(0)) payer = batch.columns[0].texts[0];
      any_rows = batch.columns[1].ints[0] > 0;
    }
  }
  {
    // Which OpenShift clusters run on this AWS source (Koku's provider map), for summarize ocp-aws.
    PhaseTimer timer(report, "find_infrastructure");
    try {
      report->infrastructure = FindOpenShiftOnAws(
          *engine, *store, options.schema, options.source, options.year, options.month, range,
          "SELECT lineitem_resourceid FROM (" + projection + " WHERE " +
              DaysFilter("lineitem_usagestartdate", range) + ")");
      report->infrastructure_checked = true;
    } catch (const Error& e) {
      report->notes.push_back(std::string("infrastructure map not found: ") + e.what());
    }
  }
  if (report->input_rows == 0) report->status = "no_data";

  std::unique_ptr<KokuDatabase> db = OpenKokuDatabase(options, *engine);
  int64_t bill_id = 0;
  std::string month_start = MonthStart(options.year, options.month);
  {
    PhaseTimer timer(report, "prepare_database");
    db->Lock(options.source, "source " + options.source, std::chrono::seconds(options.lock_wait_seconds));
    // Koku summarises only when the source has a bill for the month; its AWS processing would have made it
    // from the CUR, so with rows to summarise it is made here when missing.
    bill_id = FindAwsBill(*db, *engine, options, options.source, month_start, payer, any_rows);
    if (bill_id == 0) {
      spdlog::info("no AWS rows and no bill of source {} for {}: nothing to summarise", options.source,
                   month_start.substr(0, 7));
      return;
    }
    EnsureAccountAliases(*db, *engine, "SELECT lineitem_usageaccountid FROM aws_month_line_items");
    db->EnsureMonthlyPartition(kDailyTable, options.year, options.month);
    if (options.ec2_compute) db->EnsureMonthlyPartition(kEc2Table, options.year, options.month);
    LoadReferenceTables(*db, *engine, options.source);
    DefineSqlMacros(*engine);
  }
  SqlParams params = {{"source_uuid", options.source}, {"bill_id", bill_id}, {"markup", options.markup}};
  std::vector<TableReplace> scopes;
  scopes.push_back({kDailyTable,
                    "usage_start >= " + SqlLiteral(range.start) + " AND usage_start <= " +
                        SqlLiteral(range.end) + " AND cost_entry_bill_id = " + std::to_string(bill_id),
                    "",
                    {}});
  if (options.ec2_compute) {
    // Koku's delete: the source's rows from the first of the month to the end date. The insert covers the
    // whole month, so an instance first seen after the end date keeps its earlier row and gets another (quirk
    // A6 of docs/aws_quirks.md); Koku's end date is normally the last day with data.
    scopes.push_back({kEc2Table,
                      "usage_start >= " + SqlLiteral(month_start) + " AND usage_start <= " +
                          SqlLiteral(range.end) + " AND source_uuid = " + SqlLiteral(options.source),
                      "",
                      {}});
  }
  // Koku stamps every bill of the source's month as summarised.
  std::vector<std::string> statements = {
      "UPDATE {{schema}}.reporting_awscostentrybill"
      " SET summary_data_creation_datetime = coalesce(summary_data_creation_datetime, now()),"
      " summary_data_updated_datetime = now() WHERE provider_id = " +
      SqlLiteral(options.source) + " AND billing_period_start = " + SqlLiteral(month_start + " 00:00:00+00")};
  std::vector<TableCount> counts;
  {
    PhaseTimer timer(report, "summarize_and_write");
    // Day by day (Koku runs the statement per 5-day chunk; every row is one day's, so the rows are the same):
    // a day's rows are copied while the next day is computed, all in one transaction.
    std::unique_ptr<PartWrite> write = db->StartWrite(*engine, {{}, scopes, statements});
    std::vector<TableRows> part;
    for (const DayRange& day : Days(range)) {
      if (!part.empty()) write->Add(*engine, part);
      engine->Execute("CREATE OR REPLACE TEMP VIEW aws_line_items AS " + projection + " WHERE " +
                          DaysFilter("lineitem_usagestartdate", day),
                      "line items of " + day.start);
      SqlParams day_params = params;
      day_params["chunk_start"] = day.start;
      day_params["chunk_end"] = day.end;
      part = {{kDailyTable, SqlFile("aws/" + std::string(kDailyTable) + ".sql"), day_params}};
    }
    if (options.ec2_compute) {
      part.push_back({kEc2Table, SqlFile("aws/" + std::string(kEc2Table) + ".sql"), params});
    }
    counts = write->Finish(*engine, part);
  }
  for (auto& count : counts) {
    // The month's EC2 rows can be there when the range has no line item: then the run did write data.
    if (count.inserted > 0) report->status = "ok";
    report->tables.push_back(std::move(count));
  }
}

}  // namespace costagg
