#include "costagg/ingest/ocp_convert.h"

#include <gtest/gtest.h>

#include "costagg/engine/engine.h"
#include "costagg/ingest/json_sql.h"
#include "support/cli.h"

namespace costagg {
namespace {

/// Where a test's typed table is stored.
std::string TypedParquet() { return testing::FreshDirectory("ocp-convert") + "/typed.parquet"; }

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
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  EXPECT_EQ(engine.QueryInt(conversion.BadRowsSql("typed"), "test"), 0);
  TextLookup labels;
  engine.RegisterTextLookup(OcpConversion::kLabelLookup, &labels);
  AddOcpLabels(engine, conversion, "typed", &labels, "test");
  auto batches = engine.QueryAll(
      "SELECT node, node_labels, strftime(interval_start, '%Y-%m-%d %H:%M:%S.%f') FROM (" +
          conversion.RawSelectSql("typed", false) + ")",
      "test", {{"day", std::string("2025-03-01")}, {"lo", int64_t{0}}, {"hi", int64_t{199999}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 1u);
  // NUL removed, then html.escape(quote=True); labels are not sanitized.
  EXPECT_EQ(b.columns[0].texts[0], "a&lt;b&gt;&amp;&quot;c&#x27;d");
  EXPECT_EQ(b.columns[1].texts[0], R"({"k": "<v>"})");
  // Milliseconds are kept, finer digits truncated (pandas coerce_timestamps="ms").
  EXPECT_EQ(b.columns[2].texts[0], "2025-03-01 05:06:07.891000");
}

// Each character html.escape changes, and NUL, is found on its own; other text (non-ASCII too) is kept as
// it is. Expected values written by hand from Python's html.escape(quote=True).
TEST(IngestOcpConvertTest, SanitizesEachSpecialCharacterAlone) {
  Engine engine;
  InstallJsonMacros(engine);
  std::vector<std::string> header = With({"node", "node_labels"});
  OcpConversion conversion("node_labels", header);
  std::vector<std::pair<std::string, std::string>> cases = {{"a&b", "a&amp;b"},
                                                            {"x<y", "x&lt;y"},
                                                            {"p>q", "p&gt;q"},
                                                            {"say \"hi\"", "say &quot;hi&quot;"},
                                                            {"it's", "it&#x27;s"},
                                                            {std::string("nul") + '\0' + "byte", "nulbyte"},
                                                            {"plain-1.internal", "plain-1.internal"},
                                                            {"\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9"}};
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (const auto& c : cases) {
    rows.push_back({"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC",
                    "2025-03-01 00:00:00 +0000 UTC", "2025-03-01 00:59:59 +0000 UTC", c.first, ""});
  }
  LoadRows(engine, header.size(), rows);
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  TextLookup labels;
  engine.RegisterTextLookup(OcpConversion::kLabelLookup, &labels);
  AddOcpLabels(engine, conversion, "typed", &labels, "test");
  auto batches =
      engine.QueryAll("SELECT node FROM (" + conversion.RawSelectSql("typed", false) + ")", "test",
                      {{"day", std::string("2025-03-01")}, {"lo", int64_t{0}}, {"hi", int64_t{99}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, cases.size());
  for (size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(b.columns[0].texts[i], cases[i].second) << i;
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
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  EXPECT_EQ(engine.QueryInt(conversion.BadRowsSql("typed"), "test"), 1);  // the typed table sees it too
  auto batches = engine.QueryAll(conversion.FindBadTimestampSql("csv"), "test");
  ASSERT_EQ(batches.at(0).rows, 1u);
  EXPECT_EQ(batches.at(0).columns[0].texts[0], "interval_end");  // the empty one sorts before "yesterday"
  EXPECT_EQ(batches.at(0).columns[1].texts[0], "");
}

// Chunks are ranges of CSV order: computed from each day's first and last rowid when the days are contiguous,
// otherwise (interleaved days) by the window.
TEST(IngestOcpConvertTest, ChunksAreRangesOfCsvOrder) {
  std::vector<OcpChunk> chunks =
      OcpConversion::ContiguousChunks({{"2025-03-01", 0, 399999, 400000}, {"2025-03-02", 400000, 400004, 5}});
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].lo, 0);
  EXPECT_EQ(chunks[0].hi, 199999);
  EXPECT_EQ(chunks[1].lo, 200000);
  EXPECT_EQ(chunks[1].hi, 399999);
  EXPECT_EQ(chunks[2].day, "2025-03-02");
  EXPECT_EQ(chunks[2].lo, 400000);
  EXPECT_EQ(chunks[2].hi, 400004);
  // Day 1 at rows 0 and 2, day 2 at row 1: not contiguous.
  EXPECT_TRUE(OcpConversion::ContiguousChunks({{"2025-03-01", 0, 2, 2}, {"2025-03-02", 1, 1, 1}}).empty());

  Engine engine;
  std::vector<std::string> header = With({"namespace", "namespace_labels"});
  OcpConversion conversion("namespace_labels", header);
  auto row = [](const std::string& day) -> std::vector<std::optional<std::string>> {
    return {day + " 00:00:00 +0000 UTC",
            day + " 00:00:00 +0000 UTC",
            day + " 00:00:00 +0000 UTC",
            day + " 00:59:59 +0000 UTC",
            "a",
            ""};
  };
  LoadRows(engine, header.size(), {row("2025-03-02"), row("2025-03-01"), row("2025-03-02")});
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  auto batches = engine.QueryAll(conversion.ChunkRangesSql("typed"), "test");
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 2u);
  EXPECT_EQ(b.columns[0].texts[0], "2025-03-01");
  EXPECT_EQ(b.columns[1].ints[0], 1);
  EXPECT_EQ(b.columns[2].ints[0], 1);
  EXPECT_EQ(b.columns[0].texts[1], "2025-03-02");
  EXPECT_EQ(b.columns[1].ints[1], 0);
  EXPECT_EQ(b.columns[2].ints[1], 2);
}

// The run's label table converts each distinct text once per run: a second file adds only its new texts.
TEST(IngestOcpConvertTest, LabelTableKeepsOneEntryPerText) {
  Engine engine;
  InstallJsonMacros(engine);
  TextLookup labels;
  engine.RegisterTextLookup(OcpConversion::kLabelLookup, &labels);
  std::vector<std::string> header = With({"node", "node_labels"});
  OcpConversion conversion("node_labels", header);
  auto row = [](const std::optional<std::string>& text) -> std::vector<std::optional<std::string>> {
    return {"2025-03-01 00:00:00 +0000 UTC",
            "2025-04-01 00:00:00 +0000 UTC",
            "2025-03-01 00:00:00 +0000 UTC",
            "2025-03-01 00:59:59 +0000 UTC",
            "n",
            text};
  };
  LoadRows(engine, header.size(), {row("label_a:1"), row("label_a:1"), row(std::nullopt)});
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  AddOcpLabels(engine, conversion, "typed", &labels, "test");
  EXPECT_EQ(labels.size(), 2u);  // '' and a:1
  LoadRows(engine, header.size(), {row("label_a:1"), row("label_b:2")});
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  auto fresh = engine.QueryAll(conversion.NewLabelsSql("typed"), "test");
  ASSERT_EQ(fresh.at(0).rows, 1u);  // only the new text is converted
  EXPECT_EQ(fresh.at(0).columns[0].texts[0], "label_b:2");
  AddOcpLabels(engine, conversion, "typed", &labels, "test");
  EXPECT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels.at(""), std::optional<std::string>("{}"));
  auto batches =
      engine.QueryAll("SELECT node_labels FROM (" + conversion.RawSelectSql("typed", false) + ")", "test",
                      {{"day", std::string("2025-03-01")}, {"lo", int64_t{0}}, {"hi", int64_t{1}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 2u);
  EXPECT_EQ(b.columns[0].texts[0], R"({"a": "1"})");
  EXPECT_EQ(b.columns[0].texts[1], R"({"b": "2"})");
}

}  // namespace
}  // namespace costagg
