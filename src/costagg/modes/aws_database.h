#pragma once
/// The AWS rows Koku's own AWS processing keeps before any summary runs, as both AWS summaries need them: the
/// source's bill of the month and an account alias row per usage account (koku@768be825:
/// koku/masu/processor/aws/aws_report_parquet_summary_updater.py,
/// koku/masu/database/aws_report_db_accessor.py bills_for_provider_uuid; koku/masu/util/aws/common.py
/// update_account_aliases).

#include <cstdint>
#include <string>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/output/koku_database.h"

namespace costagg {

/// The bill of AWS source `aws_source` for the month starting `month_start` (YYYY-MM-01). With --bill-id
/// (options.bill_id) that bill, which must be the source's for the month (DataError otherwise). Else Koku's
/// `bills.first()`: the lowest id of the month's bills; when there is none and `create`, a new one as Koku's
/// processing makes it (billing resource 'aws', payer account `payer`). Returns 0 when there is none and
/// `create` is false.
int64_t FindAwsBill(KokuDatabase& db, Engine& engine, const Options& options, const std::string& aws_source,
                    const std::string& month_start, const std::string& payer, bool create);

/// Creates a reporting_awsaccountalias row (alias = the account id, as Koku does without organization data)
/// for every account of `accounts_sql` (a DuckDB query, one column) that has none.
void EnsureAccountAliases(KokuDatabase& db, Engine& engine, const std::string& accounts_sql);

}  // namespace costagg
