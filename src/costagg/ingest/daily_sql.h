#pragma once
/// The GROUP BY of Koku's daily parquet (ocp.md §1.4, ocp_on_aws.md §1.3) with pandas' sums: each double sum
/// is Kahan-compensated in CSV order, as pandas' groupby().sum() adds a chunk's rows in frame order.
///
/// Every group collects one list of {order, x1, x2, ...}, sorts it by the CSV order (unique, so the sort
/// decides every position) and runs fsum over each field of the sorted list: the same additions in the same
/// order, so the same doubles. DuckDB's ordered aggregate (`fsum(x ORDER BY o)`) keeps a sort per group and
/// per aggregate and cost 3 s per 200,000-row pod chunk; this costs a fifth of that. (Folding the rows in
/// costagg instead, one pass in CSV order with a hash table, was tried in the tenth session and was slower:
/// see docs/benchmarks/ingest.md.)

#include <string>
#include <vector>

namespace costagg {

/// How a daily output column is made from a chunk's rows.
enum class DailyKind {
  kKey,         ///< a GROUP BY key: `expr` over the rows (the keys together are unique per output row)
  kMax,         ///< max(`expr`)
  kSum,         ///< sum(`expr`) of a column that is not a double
  kOrderedSum,  ///< coalesce(Kahan sum of the double `expr` in CSV order, 0.0): pandas' sum of a double
  kConstant,    ///< `expr` evaluated once per output row, reading no input column (NULL::BIGINT, uuid())
};

/// One output column of a daily SELECT.
struct DailyOutput {
  std::string name;  ///< output column name (unquoted)
  std::string expr;  ///< the expression over the rows (see `kind`)
  DailyKind kind = DailyKind::kKey;
};

/// "SELECT <outputs in order> FROM (`rows_sql`) GROUP BY <the key expressions> ORDER BY <keys>". `rows_sql`
/// must have the CSV-order column `order_column` (unique per row). When the outputs start with every key, the
/// sort is by those keys only: they are unique per row, so the order is the same as ORDER BY ALL's, at a
/// fraction of the cost; otherwise ORDER BY ALL.
std::string DailyAggregateSql(const std::vector<DailyOutput>& outputs, const std::string& rows_sql,
                              const std::string& order_column);

}  // namespace costagg
