#include "costagg/run.h"

#include <spdlog/spdlog.h>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/ingest/ingest.h"
#include "costagg/input/object_store.h"
#include "costagg/modes/aws_summary.h"
#include "costagg/modes/ocp_aws_summary.h"
#include "costagg/modes/ocp_summary.h"
#include "costagg/output/duckdb/duckdb_koku_database.h"
#include "costagg/output/postgres/pg_connection.h"
#include "costagg/output/postgres/pg_settings.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

EngineOptions EngineOptionsFor(const Options& options) {
  EngineOptions e;
  e.memory_limit = options.memory_limit;
  e.threads = options.threads;
  return e;
}

/// ingest ocp|aws: nise CSV -> Koku parquet under --to.
void RunIngest(const Options& options, RunReport* report) {
  std::unique_ptr<ObjectStore> target;
  {
    PhaseTimer timer(report, "check_target");
    target = OpenObjectStore(options.to, options.s3);
    if (target->IsS3()) target->CheckAccess();
  }
  // Parquet is written locally and uploaded through the object store, so DuckDB needs no S3 access here.
  EngineOptions engine_options = EngineOptionsFor(options);
  if (engine_options.memory_limit.empty()) engine_options.memory_limit = kIngestDefaultMemoryLimit;
  Engine engine(engine_options);
  IngestRequest request;
  request.from_dir = options.from_dir;
  request.to = options.to;
  request.schema = options.schema;
  request.source_uuid = options.source;
  IngestReport ingested;
  {
    PhaseTimer timer(report, "ingest");
    ingested = options.command == Command::kIngestOcp ? IngestOcp(engine, *target, request)
                                                      : IngestAws(engine, *target, request);
  }
  for (const auto& f : ingested.files) report->files.push_back({f.report_type, f.object, f.rows});
  for (const auto& s : ingested.skipped) report->notes.push_back("skipped " + s);
  report->input_rows = ingested.csv_rows;
  if (ingested.files.empty()) report->status = "no_data";
}

/// init-db: Koku's tables, partitions bookkeeping and reference rows in the schema; harmless to rerun.
void RunInitDb(const Options& options, RunReport* report) {
  if (options.output.rfind("duckdb:", 0) == 0) {
    PhaseTimer timer(report, "create_tables");
    Engine engine(EngineOptionsFor(options));
    InitDuckDbOutput(engine, options.output.substr(7), options.schema);
    report->notes.push_back("schema " + options.schema + " ready in " + options.output.substr(7));
    return;
  }
  PgConnection conn(BuildConninfo(options.output == "postgresql://" ? "" : options.output, options.postgres));
  PhaseTimer timer(report, "create_tables");
  PgTransaction tx(conn);
  // Two init-db runs at once would race on CREATE EXTENSION and CREATE SCHEMA; a transaction lock serialises
  // them.
  conn.Execute("SELECT pg_advisory_xact_lock(" + std::to_string(kCostaggLockKey) + ", hashtext('init-db'))",
               "lock init-db");
  conn.Execute("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(options.schema), "create schema");
  for (const auto& [path, text] : SqlFolder("schema/")) {
    if (path == "schema/partition.sql") continue;  // run per month by the writers
    conn.Execute(RenderSql(text, {{"schema", QuoteIdentifier(options.schema)}}, "sql/" + path),
                 "sql/" + path);
  }
  tx.Commit();
  report->notes.push_back("schema " + options.schema + " ready on " + conn.target());
}

}  // namespace

void Run(const Options& options, RunReport* report) {
  report->command = options.command;
  report->schema = options.schema;
  report->source = options.source;
  report->aws_source = options.aws_source;
  report->start_date = options.start_date;
  report->end_date = options.end_date;
  switch (options.command) {
    case Command::kIngestOcp:
    case Command::kIngestAws:
      RunIngest(options, report);
      return;
    case Command::kInitDb:
      RunInitDb(options, report);
      return;
    case Command::kSummarizeOcp:
      SummarizeOcp(options, report);
      return;
    case Command::kSummarizeOcpAws:
      SummarizeOcpAws(options, report);
      return;
    case Command::kSummarizeAws:
      SummarizeAws(options, report);
      return;
  }
}

}  // namespace costagg
