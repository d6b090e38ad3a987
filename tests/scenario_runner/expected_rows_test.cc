#include "expected_rows.h"

#include <gtest/gtest.h>

namespace costagg::scenario {
namespace {

Table MakeTable(std::vector<std::string> columns, std::vector<std::vector<Cell>> rows) {
  return Table{std::move(columns), std::move(rows)};
}

TEST(ParseCsv, TellsNullFromEmptyString) {
  Table t = ParseCsv("a,b,c\n,\"\",x\n");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_FALSE(t.rows[0][0].has_value());
  EXPECT_EQ(t.rows[0][1], Cell(""));
  EXPECT_EQ(t.rows[0][2], Cell("x"));
}

TEST(ParseCsv, QuotedCellsKeepCommasQuotesAndNewlines) {
  Table t = ParseCsv("a,b\r\n\"{\"\"k\"\": \"\"v,w\"\"}\",\"line1\nline2\"\r\n");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], Cell("{\"k\": \"v,w\"}"));
  EXPECT_EQ(t.rows[0][1], Cell("line1\nline2"));
}

TEST(ParseCsv, TrailingEmptyCellIsNull) {
  Table t = ParseCsv("a,b\nx,\n");
  ASSERT_EQ(t.rows[0].size(), 2u);
  EXPECT_FALSE(t.rows[0][1].has_value());
}

TEST(ParseCsv, RejectsRaggedRowsAndOpenQuotes) {
  EXPECT_THROW(ParseCsv("a,b\nx\n"), std::runtime_error);
  EXPECT_THROW(ParseCsv("a\n\"x\n"), std::runtime_error);
}

TEST(KindOf, ClassifiesLidsColumns) {
  EXPECT_EQ(KindOf("pod_labels"), ColumnKind::kJson);
  EXPECT_EQ(KindOf("infrastructure_usage_cost"), ColumnKind::kJson);
  EXPECT_EQ(KindOf("pod_usage_cpu_core_hours"), ColumnKind::kNumber);
  EXPECT_EQ(KindOf("node_capacity_cpu_cores"), ColumnKind::kNumber);
  EXPECT_EQ(KindOf("persistentvolumeclaim_capacity_gigabyte"), ColumnKind::kNumber);
  EXPECT_EQ(KindOf("node_capacity_memory_gigabytes"), ColumnKind::kNumber);
  EXPECT_EQ(KindOf("volume_request_storage_gigabyte_months"), ColumnKind::kNumber);
  EXPECT_EQ(KindOf("cost_category"), ColumnKind::kText);
  EXPECT_EQ(KindOf("usage_start"), ColumnKind::kText);
}

TEST(CellsEqual, NumbersWithinTolerance) {
  EXPECT_TRUE(CellsEqual(ColumnKind::kNumber, Cell("0.3225806451612903"), Cell("0.322580645161290")));
  EXPECT_TRUE(CellsEqual(ColumnKind::kNumber, Cell("2.4e-19"), Cell("0.000000000000000")));
  EXPECT_FALSE(CellsEqual(ColumnKind::kNumber, Cell("84.0000001"), Cell("84.000000000000000")));
  EXPECT_FALSE(CellsEqual(ColumnKind::kNumber, Cell("0"), std::nullopt));
  EXPECT_TRUE(CellsEqual(ColumnKind::kNumber, std::nullopt, std::nullopt));
}

TEST(CellsEqual, JsonAsParsedValues) {
  EXPECT_TRUE(
      CellsEqual(ColumnKind::kJson, Cell("{\"b\": \"1\", \"a\": \"2\"}"), Cell("{\"a\":\"2\",\"b\":\"1\"}")));
  EXPECT_TRUE(CellsEqual(ColumnKind::kJson, Cell("{\"cpu\": 0.0}"), Cell("{\"cpu\": 0.000000000}")));
  EXPECT_FALSE(CellsEqual(ColumnKind::kJson, Cell("{\"a\": \"1\"}"), Cell("{\"a\": \"1\", \"b\": \"2\"}")));
  EXPECT_FALSE(CellsEqual(ColumnKind::kJson, Cell("{}"), std::nullopt));
}

TEST(CellsEqual, TextExactlyAndEmptyIsNotNull) {
  EXPECT_FALSE(CellsEqual(ColumnKind::kText, Cell(""), std::nullopt));
  EXPECT_FALSE(CellsEqual(ColumnKind::kText, Cell("a"), Cell("A")));
}

TEST(CompareRows, ReportsMissingExtraAndMismatches) {
  Table expected = MakeTable({"data_source", "namespace", "pod_labels", "pod_usage_cpu_core_hours"},
                             {{Cell("Pod"), Cell("a"), Cell("{}"), Cell("1.0")},
                              {Cell("Pod"), Cell("b"), Cell("{}"), Cell("2.0")},
                              {Cell("Pod"), Cell("c"), Cell("{}"), Cell("3.0")}});
  Table actual = MakeTable({"pod_usage_cpu_core_hours", "data_source", "namespace", "pod_labels"},
                           {{Cell("1.000000000000000"), Cell("Pod"), Cell("a"), Cell("{}")},
                            {Cell("2.5"), Cell("Pod"), Cell("b"), Cell("{}")},
                            {Cell("4"), Cell("Pod"), Cell("d"), Cell("{}")}});
  auto problems = CompareRows(expected, actual);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].find("column pod_usage_cpu_core_hours: expected '2.0', actual '2.5'"),
            std::string::npos);
  EXPECT_NE(problems[1].find("missing row"), std::string::npos);
  EXPECT_NE(problems[1].find("namespace='c'"), std::string::npos);
  EXPECT_NE(problems[2].find("extra row"), std::string::npos);
  EXPECT_NE(problems[2].find("namespace='d'"), std::string::npos);
}

TEST(CompareRows, PairsRowsThatShareAKey) {
  // Two unallocated rows differing only in cost category (Q12) match in either order.
  Table expected =
      MakeTable({"namespace", "cost_category"}, {{Cell("P"), Cell("x")}, {Cell("P"), Cell("y")}});
  Table actual = MakeTable({"namespace", "cost_category"}, {{Cell("P"), Cell("y")}, {Cell("P"), Cell("x")}});
  EXPECT_TRUE(CompareRows(expected, actual).empty());
  Table one = MakeTable({"namespace", "cost_category"}, {{Cell("P"), Cell("x")}});
  auto problems = CompareRows(expected, one);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("missing row"), std::string::npos);
}

TEST(CompareRows, JsonKeysMatchWhateverTheFormatting) {
  Table expected = MakeTable({"pod_labels", "node"}, {{Cell("{\"b\": \"1\", \"a\": \"2\"}"), Cell("n")}});
  Table actual = MakeTable({"pod_labels", "node"}, {{Cell("{\"a\": \"2\", \"b\": \"1\"}"), Cell("n")}});
  EXPECT_TRUE(CompareRows(expected, actual).empty());
}

}  // namespace
}  // namespace costagg::scenario
