#include "costagg/modes/ocp_target.h"

#include "costagg/error.h"
#include "costagg/modes/ocp_database.h"
#include "costagg/output/duckdb/duckdb_ocp_target.h"
#include "costagg/output/postgres/copy_writer.h"
#include "costagg/output/postgres/pg_catalog.h"
#include "costagg/output/postgres/pg_connection.h"
#include "costagg/output/postgres/pg_settings.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

constexpr const char* kSummaryTable = "reporting_ocpusagelineitem_daily_summary";

/// Koku's PostgreSQL: the source's advisory lock for the whole run, the topology and the summary rows in one
/// transaction, the summary rows by binary COPY.
class PgOcpTarget : public OcpSummaryTarget {
 public:
  explicit PgOcpTarget(const Options& options)
      : conn_(BuildConninfo(options.output == "postgresql://" ? "" : options.output, options.postgres)),
        db_(conn_, options.schema),
        schema_(options.schema) {}

  OcpRunContext Prepare(const Options& options, const std::string& start) override {
    if (!conn_.LockSource(options.schema, options.source, std::chrono::seconds(options.lock_wait_seconds))) {
      throw Error(ErrorKind::kLockBusy, "another costagg run holds the lock of source " + options.source +
                                            " in schema " + options.schema + " (waited " +
                                            std::to_string(options.lock_wait_seconds) + " s, --lock-wait)");
    }
    OcpRunContext context = db_.Prepare(options, start);
    db_.EnsureMonthlyPartition(kSummaryTable, std::stoi(start.substr(0, 4)), std::stoi(start.substr(5, 2)));
    return context;
  }

  void LoadReferenceTables(Engine& engine) override { db_.LoadReferenceTables(engine); }

  void WriteTopology(Engine& engine, const OcpRunContext& context) override {
    tx_ = std::make_unique<PgTransaction>(conn_);
    db_.WriteTopology(engine, context);
  }

  void LoadNodeRoles(Engine& engine) override { db_.LoadNodeRoles(engine); }

  TableCount ReplaceSummary(Engine& engine, const DayRange& range, const OcpRunContext& context,
                            const SqlParams& params) override {
    PgTable table = ReadTable(conn_, schema_, kSummaryTable);
    int64_t deleted = conn_.Execute(
        "DELETE FROM " + QualifiedName(schema_, kSummaryTable) +
            " WHERE usage_start >= $1 AND usage_start <= $2 AND report_period_id = $3"
            " AND (infrastructure_raw_cost IS NULL OR infrastructure_raw_cost = 0)",
        {range.start, range.end, std::to_string(context.report_period_id)}, "delete old summary rows");
    auto rows = engine.Query(SqlFile("ocp/090_summary_rows.sql"), "sql/ocp/090_summary_rows.sql", params);
    int64_t inserted = CopyRows(conn_, table, *rows);
    db_.MarkSummarized(context);
    tx_->Commit();
    return {kSummaryTable, deleted, inserted};
  }

 private:
  PgConnection conn_;
  OcpDatabase db_;
  std::string schema_;
  std::unique_ptr<PgTransaction> tx_;
};

}  // namespace

std::unique_ptr<OcpSummaryTarget> OpenOcpSummaryTarget(const Options& options, Engine& engine) {
  if (options.output.rfind("duckdb:", 0) == 0) {
    return NewDuckDbOcpTarget(engine, options.output.substr(7), options.schema);
  }
  return std::make_unique<PgOcpTarget>(options);
}

}  // namespace costagg
