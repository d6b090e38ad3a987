#include "costagg/ingest/daily_sql.h"

#include "costagg/engine/engine.h"

namespace costagg {
namespace {

/// The leading key outputs, or ALL when the keys are not all at the front.
std::string SortKeys(const std::vector<DailyOutput>& outputs) {
  std::string keys;
  size_t leading = 0;
  while (leading < outputs.size() && outputs[leading].key) {
    keys += (keys.empty() ? "" : ", ") + SqlIdentifier(outputs[leading++].name);
  }
  for (size_t i = leading; i < outputs.size(); ++i) {
    if (outputs[i].key) return "ALL";
  }
  return keys.empty() ? "ALL" : keys;
}

}  // namespace

std::string DailyAggregateSql(const std::vector<DailyOutput>& outputs, const std::string& rows_sql,
                              const std::string& order_column, const std::string& group_by) {
  // Inner: keys and plain aggregates, plus the per-group list of the summed inputs sorted by CSV order.
  // Outer: the columns in their output order, each ordered sum taken from its field of the list.
  std::string inner, outer, fields;
  int sums = 0;
  for (const auto& out : outputs) {
    std::string id = SqlIdentifier(out.name);
    if (!outer.empty()) outer += ", ";
    if (out.ordered_sum) {
      std::string field = "s" + std::to_string(sums++);
      fields += ", '" + field + "': " + out.expr;
      outer += "coalesce(list_aggregate(list_transform(__costagg_sums, lambda x: x." + field +
               "), 'fsum'), 0.0) AS " + id;
    } else {
      inner += (inner.empty() ? "" : ", ") + out.expr + " AS " + id;
      outer += id;
    }
  }
  if (sums > 0) {
    inner += (inner.empty() ? "" : ", ") + std::string("list_sort(list({'o': ") + order_column + fields +
             "})) AS __costagg_sums";
  }
  return "SELECT " + outer + " FROM (SELECT " + inner + " FROM (" + rows_sql + ") GROUP BY " + group_by +
         ") ORDER BY " + SortKeys(outputs);
}

}  // namespace costagg
