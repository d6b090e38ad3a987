#include "costagg/ingest/aws_convert.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>

#include "costagg/engine/engine.h"
#include "costagg/ingest/csv_read.h"
#include "costagg/ingest/json_sql.h"
#include "support/cli.h"

namespace costagg {
namespace {

/// Where a test's typed table is stored.
std::string TypedParquet() { return testing::FreshDirectory("aws-convert") + "/typed.parquet"; }

/// The conversion of a CUR with `header`, which must be one.
AwsConversion ConversionOf(const std::vector<std::string>& header) {
  std::optional<CurColumns> columns = SelectCurColumns(header);
  if (!columns) throw std::runtime_error("the test's header is not a CUR header");
  return AwsConversion(*columns, header);
}

TEST(IngestAwsConvertTest, SnakeCaseHeadersAreTranslated) {
  std::vector<std::string> header = {"identity_time_interval",     "bill_invoice_id",
                                     "line_item_usage_start_date", "line_item_legal_entity",
                                     "product_instance_type",      "resource_tags_user_app"};
  auto columns = SelectCurColumns(header);
  ASSERT_TRUE(columns.has_value());
  EXPECT_FALSE(columns->legacy);
  EXPECT_EQ(columns->time_interval, "identity_time_interval");
  // product_instance_type is not Koku's OPTIONAL_ALT_COLS spelling (product_instancetype); snake_case tags
  // are not under a kept prefix.
  EXPECT_EQ(columns->kept,
            (std::vector<std::string>{"identity_time_interval", "bill_invoice_id",
                                      "line_item_usage_start_date", "line_item_legal_entity"}));
  AwsConversion conversion(*columns, header);
  // line_item_legal_entity has no COL_TRANSLATION entry: it keeps its name and the legacy required column is
  // added empty; the rest of the daily keys are missing.
  std::vector<std::string> missing = conversion.MissingForDaily();
  EXPECT_NE(std::find(missing.begin(), missing.end(), "bill_payeraccountid"), missing.end());
  EXPECT_EQ(std::find(missing.begin(), missing.end(), "lineitem_legalentity"), missing.end());
}

TEST(IngestAwsConvertTest, TagsAreOneJsonObjectOrderedByHeader) {
  std::vector<std::string> header = {
      "identity/TimeInterval",      "bill/InvoiceId",        "resourceTags/user:zeta",
      "resourceTags/user:\xC3\xA9", "resourceTags/user:app", "resourceTags/user:App",
      "resourceTags/aws:createdBy", "costCategory/b",        "costCategory/a"};
  AwsConversion conversion = ConversionOf(header);
  Engine engine;
  InstallJsonMacros(engine);
  engine.Execute(
      "CREATE TEMP TABLE csv AS SELECT * FROM (VALUES "
      "('2025-03-01T00:00:00Z/2025-03-01T01:00:00Z', 'i1', 'z\"', 'e', 'web', 'Web', 'root', 'B', 'A'), "
      "('2025-03-01T00:00:00Z/2025-03-01T01:00:00Z', 'i1', NULL, '', NULL, 'x', NULL, NULL, NULL)) "
      "t(c0, c1, c2, c3, c4, c5, c6, c7, c8)",
      "test");
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  auto batches = engine.QueryAll(
      "SELECT resourcetags, costcategory FROM (" + conversion.RawSelectSql("typed") + ")", "test",
      {{"day", std::string("2025-03-01")}, {"lo", int64_t{0}}, {"hi", int64_t{199999}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 2u);
  // Keys by full header in code point order: "App" < "app" < "zeta" < "é"; aws: tags are not user tags.
  EXPECT_EQ(b.columns[0].texts[0], R"({"App": "Web", "app": "web", "zeta": "z\"", "\u00e9": "e"})");
  EXPECT_EQ(b.columns[1].texts[0], R"({"a": "A", "b": "B"})");
  // Empty values are left out; no value at all gives {}.
  EXPECT_EQ(b.columns[0].texts[1], R"({"App": "x"})");
  EXPECT_EQ(b.columns[1].texts[1], "{}");
}

// "...Z" times take a cheaper parse than other ISO-8601 spellings: the same instants either way, milliseconds
// kept and finer digits cut, NULL for what is not a time.
TEST(IngestAwsConvertTest, TimesAreUtcInstantsWhateverTheirSpelling) {
  std::vector<std::string> header = {"identity/TimeInterval", "bill/InvoiceId", "lineItem/UsageStartDate"};
  AwsConversion conversion = ConversionOf(header);
  Engine engine;
  InstallJsonMacros(engine);
  engine.Execute(
      "CREATE TEMP TABLE csv AS SELECT '2025-03-01T00:00:00Z/2025-03-01T01:00:00Z' AS c0, 'i1' AS c1, c2 FROM"
      " (VALUES ('2025-03-01T05:06:07Z'), ('2025-03-01T07:06:07+02:00'), ('2025-03-01T05:06:07.891999Z'),"
      " ('2025-03-01 05:06:07'), ('2025-03-01T05:06:07.8912-00:00'), ('2025-02-30T05:06:07Z'), ('x')) t(c2)",
      "test");
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  auto batches =
      engine.QueryAll("SELECT CAST(epoch_ms(lineitem_usagestartdate) AS BIGINT) FROM typed ORDER BY " +
                          std::string(kCsvRowColumn),
                      "test");
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 7u);
  const int64_t at = 1740805567000;  // 2025-03-01 05:06:07 UTC
  EXPECT_EQ(b.columns[0].ints[0], at);
  EXPECT_EQ(b.columns[0].ints[1], at);
  EXPECT_EQ(b.columns[0].ints[2], at + 891);
  EXPECT_EQ(b.columns[0].ints[3], at);
  EXPECT_EQ(b.columns[0].ints[4], at + 891);
  EXPECT_TRUE(b.columns[0].IsNull(5));
  EXPECT_TRUE(b.columns[0].IsNull(6));
}

// Koku's dict comprehension over the sorted headers: headers whose keys are equal once every prefix is
// removed make one member, with the last non-empty value in header order (not CSV order) at the place of the
// first non-empty one; empty and NA cells (NULL after csv_read.cc) neither set nor overwrite it. Found by
// fuzz_aws_tags (seed fuzz/corpus/aws_tags/regression_key_collision).
TEST(IngestAwsConvertTest, TagKeysCollidingAfterPrefixRemovalKeepKokusLastNonEmptyValue) {
  std::vector<std::string> header = {
      "identity/TimeInterval",         "bill/InvoiceId",        "resourceTags/user:resourceTags/user:app",
      "resourceTags/user:env",         "resourceTags/user:app", "costCategory/team",
      "costCategory/costCategory/team"};
  AwsConversion conversion = ConversionOf(header);
  ASSERT_EQ(conversion.DuplicateOutputColumn(), "");
  // A row's five tag and cost category cells in header order; NULL is what csv_read.cc makes of an empty or
  // NA cell.
  auto row = [](const std::string& cells) {
    return "('2025-03-01T00:00:00Z/2025-03-01T01:00:00Z', 'i1', " + cells + ")";
  };
  Engine engine;
  InstallJsonMacros(engine);
  engine.Execute("CREATE TEMP TABLE csv AS SELECT * FROM (VALUES " +
                     row("'second', 'prod', 'first', 'T1', 'T2'") + ", " +
                     row("'second', 'prod', '', 'T1', NULL") + ", " + row("NULL, 'prod', 'first', '', 'T2'") +
                     ", " + row("'', NULL, NULL, NULL, ''") + ") t(c0, c1, c2, c3, c4, c5, c6)",
                 "test");
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed", TypedParquet()), "test");
  auto batches = engine.QueryAll(
      "SELECT resourcetags, costcategory FROM (" + conversion.RawSelectSql("typed") + ")", "test",
      {{"day", std::string("2025-03-01")}, {"lo", int64_t{0}}, {"hi", int64_t{199999}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 4u);
  // Sorted headers: resourceTags/user:app < resourceTags/user:env < resourceTags/user:resourceTags/user:app,
  // and costCategory/costCategory/team < costCategory/team (Python's json.dumps of Koku's dict, worked out
  // by hand).
  EXPECT_EQ(b.columns[0].texts[0], R"({"app": "second", "env": "prod"})");
  EXPECT_EQ(b.columns[1].texts[0], R"({"team": "T1"})");
  // The first app header is empty: the key takes the place of the non-empty one, after env.
  EXPECT_EQ(b.columns[0].texts[1], R"({"env": "prod", "app": "second"})");
  EXPECT_EQ(b.columns[1].texts[1], R"({"team": "T1"})");
  // The last header is empty (NA): the earlier value stays.
  EXPECT_EQ(b.columns[0].texts[2], R"({"app": "first", "env": "prod"})");
  EXPECT_EQ(b.columns[1].texts[2], R"({"team": "T2"})");
  EXPECT_EQ(b.columns[0].texts[3], "{}");
  EXPECT_EQ(b.columns[1].texts[3], "{}");
}

}  // namespace
}  // namespace costagg
