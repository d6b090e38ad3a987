#pragma once
/// The GROUP BY of Koku's daily parquet (ocp.md §1.4, ocp_on_aws.md §1.3) with pandas' sums: each double sum
/// is Kahan-compensated in CSV order, as pandas' groupby().sum() adds a chunk's rows in frame order.
///
/// DuckDB's ordered aggregate (`fsum(x ORDER BY o)`) keeps a sort per group and per aggregate, which cost 3 s
/// per 200,000-row chunk of pod_usage (12 sums, 83,000 groups). Here every group collects one list of {order,
/// x1, x2, ...}, sorts it by the CSV order (unique, so the sort decides every position) and runs fsum over
/// each field of the sorted list: the same additions in the same order, so the same doubles, at a fifth of
/// the cost.

#include <string>
#include <vector>

namespace costagg {

/// One output column of a daily SELECT.
struct DailyOutput {
  std::string name;  ///< output column name (unquoted)
  std::string expr;  ///< for a plain column: the expression over the rows (a key or an aggregate); for an
                     ///< ordered sum: the double input column's expression
  bool ordered_sum = false;  ///< coalesce(Kahan sum in `order_column` order, 0.0), pandas' sum of a double
  bool key = false;          ///< a GROUP BY key (unique together with the other keys)
};

/// "SELECT <outputs in order> FROM (`rows_sql`) GROUP BY `group_by` ORDER BY ALL". `rows_sql` must have the
/// CSV-order column `order_column` (unique per row). When the outputs start with every group key (`key`), the
/// sort is by those keys only: they are unique per row, so the order is the same as ORDER BY ALL's, at a
/// fraction of the cost.
std::string DailyAggregateSql(const std::vector<DailyOutput>& outputs, const std::string& rows_sql,
                              const std::string& order_column, const std::string& group_by);

}  // namespace costagg
