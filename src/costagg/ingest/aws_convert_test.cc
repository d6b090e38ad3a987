#include "costagg/ingest/aws_convert.h"

#include <gtest/gtest.h>

#include "costagg/engine/engine.h"
#include "costagg/ingest/json_sql.h"

namespace costagg {
namespace {

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
  auto columns = SelectCurColumns(header);
  ASSERT_TRUE(columns.has_value());
  AwsConversion conversion(*columns, header);
  Engine engine;
  InstallJsonMacros(engine);
  engine.Execute(
      "CREATE TEMP TABLE csv AS SELECT * FROM (VALUES "
      "('2025-03-01T00:00:00Z/2025-03-01T01:00:00Z', 'i1', 'z\"', 'e', 'web', 'Web', 'root', 'B', 'A'), "
      "('2025-03-01T00:00:00Z/2025-03-01T01:00:00Z', 'i1', NULL, '', NULL, 'x', NULL, NULL, NULL)) "
      "t(c0, c1, c2, c3, c4, c5, c6, c7, c8)",
      "test");
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed"), "test");
  auto batches =
      engine.QueryAll("SELECT resourcetags, costcategory FROM (" + conversion.RawSelectSql("typed") + ")",
                      "test", {{"day", std::string("2025-03-01")}, {"batch", int64_t{0}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 2u);
  // Keys by full header in code point order: "App" < "app" < "zeta" < "é"; aws: tags are not user tags.
  EXPECT_EQ(b.columns[0].texts[0], R"({"App": "Web", "app": "web", "zeta": "z\"", "\u00e9": "e"})");
  EXPECT_EQ(b.columns[1].texts[0], R"({"a": "A", "b": "B"})");
  // Empty values are left out; no value at all gives {}.
  EXPECT_EQ(b.columns[0].texts[1], R"({"App": "x"})");
  EXPECT_EQ(b.columns[1].texts[1], "{}");
}

}  // namespace
}  // namespace costagg
