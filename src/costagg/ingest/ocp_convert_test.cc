#include "costagg/ingest/ocp_convert.h"

#include <gtest/gtest.h>

#include "costagg/engine/engine.h"
#include "costagg/ingest/json_sql.h"

namespace costagg {
namespace {

const std::vector<std::string> kTimes = {"report_period_start", "report_period_end", "interval_start",
                                         "interval_end"};

std::vector<std::string> With(std::vector<std::string> names) {
  names.insert(names.begin(), kTimes.begin(), kTimes.end());
  return names;
}

/// Loads rows (already split into fields, NULL as nullopt) as the CSV table c0..cN.
void LoadRows(Engine& engine, size_t columns,
              const std::vector<std::vector<std::optional<std::string>>>& rows) {
  std::string create = "CREATE OR REPLACE TEMP TABLE csv (";
  for (size_t i = 0; i < columns; ++i) create += (i ? ", c" : "c") + std::to_string(i) + " VARCHAR";
  engine.Execute(create + ")", "test");
  for (const auto& row : rows) {
    std::string values;
    SqlParams params;  // bound, so that values may hold NUL bytes
    for (size_t i = 0; i < row.size(); ++i) {
      std::string name = "v" + std::to_string(i);
      values += (i ? ", " : "") + (row[i] ? "$" + name : std::string("NULL::VARCHAR"));
      if (row[i]) params[name] = *row[i];
    }
    engine.Execute("INSERT INTO csv VALUES (" + values + ")", "test", params);
  }
}

TEST(IngestOcpConvertTest, SanitizesNamesAndParsesTimestamps) {
  Engine engine;
  InstallJsonMacros(engine);
  std::vector<std::string> header = With({"node", "node_labels"});
  OcpConversion conversion("node_labels", header);
  std::string nul(1, '\0');
  LoadRows(engine, header.size(),
           {{"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC", "2025-03-01T05:06:07.891234",
             "2025-03-01 05:59:59 +0000 UTC", "a<b>&\"c'" + nul + "d", "label_k:<v>"}});
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM (" + conversion.FindBadTimestampSql("csv") + ")", "test"),
            0);
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed"), "test");
  auto batches =
      engine.QueryAll("SELECT node, node_labels, strftime(interval_start, '%Y-%m-%d %H:%M:%S.%f') FROM (" +
                          conversion.RawSelectSql("typed", false) + ")",
                      "test", {{"day", std::string("2025-03-01")}, {"chunk", int64_t{0}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 1u);
  // NUL removed, then html.escape(quote=True); labels are not sanitized.
  EXPECT_EQ(b.columns[0].texts[0], "a&lt;b&gt;&amp;&quot;c&#x27;d");
  EXPECT_EQ(b.columns[1].texts[0], R"({"k": "<v>"})");
  // Milliseconds are kept, finer digits truncated (pandas coerce_timestamps="ms").
  EXPECT_EQ(b.columns[2].texts[0], "2025-03-01 05:06:07.891000");
}

TEST(IngestOcpConvertTest, FindsTheFirstUnparsableTimestamp) {
  Engine engine;
  std::vector<std::string> header = With({"namespace", "namespace_labels"});
  OcpConversion conversion("namespace_labels", header);
  LoadRows(engine, header.size(),
           {{"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC",
             "2025-03-01 00:00:00 +0000 UTC", "2025-03-01 00:59:59 +0000 UTC", "a", ""},
            {"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC", "yesterday", std::nullopt, "a",
             ""}});
  auto batches = engine.QueryAll(conversion.FindBadTimestampSql("csv"), "test");
  ASSERT_EQ(batches.at(0).rows, 1u);
  EXPECT_EQ(batches.at(0).columns[0].texts[0], "interval_end");  // the empty one sorts before "yesterday"
  EXPECT_EQ(batches.at(0).columns[1].texts[0], "");
}

}  // namespace
}  // namespace costagg
