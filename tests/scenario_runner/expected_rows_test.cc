#include "expected_rows.h"

#include <gtest/gtest.h>

#include <algorithm>

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

TEST(KindOf, ClassifiesOcpAwsColumns) {
  EXPECT_EQ(KindOf("tags"), ColumnKind::kJson);
  EXPECT_EQ(KindOf("aws_cost_category"), ColumnKind::kJson);
  EXPECT_EQ(KindOf("infrastructure_monthly_cost_json"), ColumnKind::kJson);
  EXPECT_EQ(KindOf("supplementary_usage_cost"), ColumnKind::kJson);
  for (const char* number :
       {"usage_amount", "normalized_usage_amount", "unblended_cost", "markup_cost", "markup_cost_blended",
        "markup_cost_savingsplan", "markup_cost_amortized", "calculated_amortized_cost",
        "infrastructure_data_in_gigabytes", "distributed_cost", "blended_rate"}) {
    EXPECT_EQ(KindOf(number), ColumnKind::kNumber) << number;
  }
  for (const char* text :
       {"usage_account_id", "cost_category_id", "product_code", "unit", "resource_id", "source_uuid",
        "currency_code", "data_transfer_direction", "cost_model_rate_type"}) {
    EXPECT_EQ(KindOf(text), ColumnKind::kText) << text;
  }
}

TEST(CompareTables, GenericKeyPairsRowsByTextThenByClosestNumbers) {
  // Three rows share every text cell; the actual ones come in another order and one is off in one number.
  Table expected =
      MakeTable({"namespace", "unblended_cost", "usage_amount"}, {{Cell("n"), Cell("1.0"), Cell("10")},
                                                                  {Cell("n"), Cell("2.0"), Cell("20")},
                                                                  {Cell("n"), Cell("3.0"), Cell("30")}});
  Table actual = MakeTable({"usage_amount", "unblended_cost", "namespace"},
                           {{Cell("30.000000000000000"), Cell("3.0"), Cell("n")},
                            {Cell("10"), Cell("1.0"), Cell("n")},
                            {Cell("20"), Cell("2.5"), Cell("n")}});
  Comparison c = CompareTables(expected, actual, {});
  ASSERT_EQ(c.problems.size(), 1u) << c.problems[0];
  EXPECT_NE(c.problems[0].find("column unblended_cost: expected '2.0', actual '2.5'"), std::string::npos);
  EXPECT_EQ(c.mismatched_rows, 1u);
  EXPECT_EQ(c.mismatches_by_column["unblended_cost"], 1u);
  EXPECT_EQ(c.missing_rows + c.extra_rows, 0u);
}

TEST(CompareTables, ClosestPairWinsOverFirstCome) {
  // Expected row 1 is as far from both actual rows in column count; the closer value decides, so the exact
  // twin of expected row 2 is not taken by row 1.
  Table expected =
      MakeTable({"namespace", "unblended_cost"}, {{Cell("n"), Cell("1.0")}, {Cell("n"), Cell("2.0")}});
  Table actual =
      MakeTable({"namespace", "unblended_cost"}, {{Cell("n"), Cell("2.0")}, {Cell("n"), Cell("1.1")}});
  Comparison c = CompareTables(expected, actual, {});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].find("expected '1.0', actual '1.1'"), std::string::npos);
}

TEST(CompareTables, TextDifferenceIsMissingPlusExtraWithTheNearestRowNamed) {
  Table expected = MakeTable({"cluster_alias", "namespace", "unblended_cost"},
                             {{Cell("A"), Cell("n1"), Cell("1")}, {Cell("A"), Cell("n2"), Cell("2")}});
  Table actual = MakeTable({"cluster_alias", "namespace", "unblended_cost"},
                           {{Cell("A"), Cell("n1"), Cell("1")}, {Cell("B"), Cell("n2"), Cell("2")}});
  Comparison c = CompareTables(expected, actual, {});
  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_EQ(c.missing_rows, 1u);
  EXPECT_EQ(c.extra_rows, 1u);
  EXPECT_NE(c.problems[0].find("missing row: "), std::string::npos);
  EXPECT_NE(c.problems[0].find("namespace='n2'"), std::string::npos);
  EXPECT_NE(c.problems[0].find("nearest extra row differs in cluster_alias (expected 'A', actual 'B')"),
            std::string::npos)
      << c.problems[0];
  EXPECT_NE(c.problems[1].find("extra row: "), std::string::npos);
}

TEST(CompareTables, NullIsNotEmptyAndNotZero) {
  Table expected = MakeTable({"node", "unblended_cost"}, {{Cell(""), std::nullopt}});
  Table actual = MakeTable({"node", "unblended_cost"}, {{std::nullopt, Cell("0")}});
  Comparison c = CompareTables(expected, actual, {});
  EXPECT_EQ(c.missing_rows, 1u);
  EXPECT_EQ(c.extra_rows, 1u);
  Table same_node = MakeTable({"node", "unblended_cost"}, {{Cell(""), Cell("0")}});
  c = CompareTables(expected, same_node, {});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].find("expected NULL, actual '0'"), std::string::npos);
}

TEST(CompareTables, IgnoredColumnsAreNeitherReadNorCompared) {
  Table expected = MakeTable({"uuid", "account_alias_id", "namespace"}, {{Cell("u1"), Cell("1"), Cell("n")}});
  Table actual = MakeTable({"namespace"}, {{Cell("n")}});
  CompareOptions options;
  options.ignored_columns = {"uuid", "account_alias_id"};
  EXPECT_TRUE(CompareTables(expected, actual, options).Equal());
  auto problems = CompareTables(expected, actual, {}).problems;
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "actual rows lack column uuid");
}

TEST(CompareTables, JsonNumbersCompareWithToleranceInsideTheKey) {
  Table expected =
      MakeTable({"tags", "infrastructure_usage_cost"},
                {{Cell("{\"app\": \"a\", \"Map\": \"m\"}"), Cell("{\"cpu\": 0.1, \"memory\": 0}")}});
  Table actual = MakeTable({"tags", "infrastructure_usage_cost"},
                           {{Cell("{\"Map\":\"m\",\"app\":\"a\"}"),
                             Cell("{\"cpu\": 0.10000000000000001, \"memory\": 0.000000000}")}});
  EXPECT_TRUE(CompareTables(expected, actual, {}).Equal());
  Table other = MakeTable({"tags", "infrastructure_usage_cost"},
                          {{Cell("{\"Map\":\"m\",\"app\":\"a\"}"), Cell("{\"cpu\": 0.2, \"memory\": 0}")}});
  auto c = CompareTables(expected, other, {});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].find("column infrastructure_usage_cost"), std::string::npos);
}

TEST(CompareTables, ThousandsOfRowsStayFast) {
  // 1000 rows of 30 columns where every row has a wrong text cell: all missing, all extra, and the nearest
  // row of each looked up (about a million row comparisons).
  std::vector<std::string> columns;
  for (int c = 0; c < 15; ++c) columns.push_back("text_" + std::to_string(c));
  for (int c = 0; c < 15; ++c) columns.push_back("value_" + std::to_string(c) + "_cost");
  Table expected{columns, {}};
  Table actual{columns, {}};
  for (int r = 0; r < 1000; ++r) {
    std::vector<Cell> row;
    for (int c = 0; c < 15; ++c) row.push_back(Cell("t" + std::to_string((r * (c + 1)) % 97)));
    for (int c = 0; c < 15; ++c) row.push_back(Cell(std::to_string(r * 0.25 + c)));
    expected.rows.push_back(row);
    row[0] = Cell("changed");
    actual.rows.push_back(row);
  }
  Comparison c = CompareTables(expected, actual, {});
  EXPECT_EQ(c.missing_rows, 1000u);
  EXPECT_EQ(c.extra_rows, 1000u);
  EXPECT_NE(c.problems[0].find("nearest extra row differs in text_0"), std::string::npos) << c.problems[0];
  actual.rows = expected.rows;
  std::reverse(actual.rows.begin(), actual.rows.end());
  EXPECT_TRUE(CompareTables(expected, actual, {}).Equal());
}

}  // namespace
}  // namespace costagg::scenario
