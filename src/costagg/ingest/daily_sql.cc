#include "costagg/ingest/daily_sql.h"

#include "costagg/engine/engine.h"

namespace costagg {
namespace {

/// The ORDER BY list of a daily SELECT with `outputs` (output names): the leading keys, or ALL when the keys
/// are not all at the front.
std::string SortKeys(const std::vector<DailyOutput>& outputs) {
  std::string keys;
  size_t leading = 0;
  while (leading < outputs.size() && outputs[leading].kind == DailyKind::kKey) {
    keys += (keys.empty() ? "" : ", ") + SqlIdentifier(outputs[leading++].name);
  }
  for (size_t i = leading; i < outputs.size(); ++i) {
    if (outputs[i].kind == DailyKind::kKey) return "ALL";
  }
  return keys.empty() ? "ALL" : keys;
}

}  // namespace

std::string DailyAggregateSql(const std::vector<DailyOutput>& outputs, const std::string& rows_sql,
                              const std::string& order_column) {
  // Inner: keys and plain aggregates, plus the per-group list of the summed inputs sorted by CSV order.
  // Outer: the columns in their output order, each ordered sum taken from its field of the list.
  std::string inner, outer, fields, group;
  int sums = 0;
  auto add = [](std::string& list, const std::string& item) { list += (list.empty() ? "" : ", ") + item; };
  for (const auto& out : outputs) {
    std::string id = SqlIdentifier(out.name);
    switch (out.kind) {
      case DailyKind::kKey:
        add(inner, out.expr + " AS " + id);
        add(group, out.expr);
        add(outer, id);
        break;
      case DailyKind::kMax:
        add(inner, "max(" + out.expr + ") AS " + id);
        add(outer, id);
        break;
      case DailyKind::kSum:
        add(inner, "sum(" + out.expr + ") AS " + id);
        add(outer, id);
        break;
      case DailyKind::kOrderedSum: {
        std::string field = "s" + std::to_string(sums++);
        fields += ", '" + field + "': " + out.expr;
        add(outer, "coalesce(list_aggregate(list_transform(__costagg_sums, lambda x: x." + field +
                       "), 'fsum'), 0.0) AS " + id);
        break;
      }
      case DailyKind::kConstant:
        add(outer, out.expr + " AS " + id);
        break;
    }
  }
  if (sums > 0) add(inner, "list_sort(list({'o': " + order_column + fields + "})) AS __costagg_sums");
  return "SELECT " + outer + " FROM (SELECT " + inner + " FROM (" + rows_sql + ")" +
         (group.empty() ? "" : " GROUP BY " + group) + ") ORDER BY " + SortKeys(outputs);
}

}  // namespace costagg
