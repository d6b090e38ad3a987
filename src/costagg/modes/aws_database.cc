#include "costagg/modes/aws_database.h"

#include "costagg/error.h"
#include "costagg/modes/day_range.h"

namespace costagg {

int64_t FindAwsBill(KokuDatabase& db, Engine& engine, const Options& options, const std::string& aws_source,
                    const std::string& month_start, const std::string& payer, bool create) {
  std::string period_start = month_start + " 00:00:00+00";
  db.Load(engine, "aws_bill", {{"id", "BIGINT"}},
          "SELECT id FROM {{schema}}.reporting_awscostentrybill WHERE provider_id = " +
              SqlLiteral(aws_source) + " AND billing_period_start = " + SqlLiteral(period_start) +
              (options.bill_id > 0 ? " AND id = " + std::to_string(options.bill_id) : ""));
  int64_t id = engine.QueryInt("SELECT min(id) FROM aws_bill", "bill of the month");
  if (options.bill_id > 0) {
    if (id == 0) {
      throw DataError("--bill-id " + std::to_string(options.bill_id) + " is not the bill of AWS source " +
                      aws_source + " for " + month_start.substr(0, 7) + " in schema " + options.schema);
    }
    return id;
  }
  if (id > 0 || !create) return id;
  int year = std::stoi(month_start.substr(0, 4)), month = std::stoi(month_start.substr(5, 2));
  // As Koku's parquet processor makes it (create_bill): billing resource 'aws' (the model's default), no bill
  // type, the payer account of the month's line items.
  return db.FindOrCreate("reporting_awscostentrybill",
                         {{"provider_id", aws_source}, {"billing_period_start", period_start}},
                         {{"billing_resource", "aws"},
                          {"payer_account_id", payer},
                          {"billing_period_end", NextMonthStart(year, month) + " 00:00:00+00"}});
}

void EnsureAccountAliases(KokuDatabase& db, Engine& engine, const std::string& accounts_sql) {
  db.Load(engine, "known_account_alias", {{"account_id", "VARCHAR"}},
          "SELECT account_id FROM {{schema}}.reporting_awsaccountalias");
  for (const auto& batch :
       engine.QueryAll("SELECT DISTINCT a FROM (" + accounts_sql +
                           ") AS accounts(a) WHERE a NOT IN (SELECT account_id FROM known_account_alias)"
                           " ORDER BY a",
                       "usage accounts without an alias")) {
    for (size_t r = 0; r < batch.rows; ++r) {
      if (batch.columns[0].IsNull(r)) continue;
      const std::string& account = batch.columns[0].texts[r];
      db.FindOrCreate("reporting_awsaccountalias", {{"account_id", account}}, {{"account_alias", account}});
    }
  }
}

}  // namespace costagg
