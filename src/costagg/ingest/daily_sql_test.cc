#include "costagg/ingest/daily_sql.h"

#include <gtest/gtest.h>

#include "costagg/engine/engine.h"

namespace costagg {
namespace {

/// Runs DailyAggregateSql over `rows_sql` (columns k, o, x) and returns "k:sum(o):sum(x)" per group.
std::vector<std::string> Sums(Engine& engine, const std::string& rows_sql) {
  std::string sql = DailyAggregateSql(
      {{"k", "k", DailyKind::kKey}, {"n", "o", DailyKind::kSum}, {"x", "x", DailyKind::kOrderedSum}},
      rows_sql, "o");
  std::vector<std::string> out;
  for (const auto& b :
       engine.QueryAll("SELECT k || ':' || n || ':' || x::VARCHAR FROM (" + sql + ")", "test")) {
    for (size_t r = 0; r < b.rows; ++r) out.push_back(b.columns[0].texts[r]);
  }
  return out;
}

// The sums are Kahan sums in the order column's order, whatever order the rows arrive in: 1e16 + 1 + 1 in
// that order is 1.0000000000000002e16 with compensation (a plain double sum loses both ones); a group of
// NULLs sums to 0.0 as pandas' does; outputs keep their declared order and the result is sorted.
TEST(IngestDailySqlTest, OrderedKahanSumsPerGroup) {
  Engine engine;
  auto rows = [](const std::string& order) {
    return "SELECT * FROM (VALUES ('b', 3, 1.0), ('b', 1, 1e16), ('b', 2, 1.0), ('a', 5, NULL::DOUBLE)) t(k, "
           "o, x) "
           "ORDER BY " +
           order;
  };
  std::vector<std::string> expected = {"a:5:0.0", "b:6:1.0000000000000002e+16"};
  EXPECT_EQ(Sums(engine, rows("o")), expected);
  EXPECT_EQ(Sums(engine, rows("o DESC")), expected);
  // The same as DuckDB's own ordered aggregate.
  auto direct = engine.QueryAll(
      "SELECT fsum(x ORDER BY o)::VARCHAR FROM (VALUES (3, 1.0), (1, 1e16), (2, 1.0)) t(o, x)", "test");
  EXPECT_EQ(direct.at(0).columns.at(0).texts.at(0), "1.0000000000000002e+16");
}

}  // namespace
}  // namespace costagg
