#include "costagg/ingest/aws_columns.h"

#include <gtest/gtest.h>

namespace costagg {
namespace {

// Expected names worked out by hand from ocp_on_aws.md §1.2.7 (re.sub(r"\W+", "_", name).lower()).
TEST(IngestAwsColumnsTest, NormalizesColumnNamesLikeKoku) {
  EXPECT_EQ(NormalizeCurColumnName("lineItem/UsageStartDate"), "lineitem_usagestartdate");
  EXPECT_EQ(NormalizeCurColumnName("savingsPlan/SavingsPlanEffectiveCost"),
            "savingsplan_savingsplaneffectivecost");
  EXPECT_EQ(NormalizeCurColumnName("bill/PayerAccountId"), "bill_payeraccountid");
  EXPECT_EQ(NormalizeCurColumnName("resourceTags"), "resourcetags");
  EXPECT_EQ(NormalizeCurColumnName("costCategory/Charge type"), "costcategory_charge_type");
  EXPECT_EQ(NormalizeCurColumnName("a//b  -c"), "a_b_c");  // a run of non-word characters is one '_'
  EXPECT_EQ(NormalizeCurColumnName("_keep__under_"), "_keep__under_");
  EXPECT_EQ(NormalizeCurColumnName("/lead/"), "_lead_");
}

TEST(IngestAwsColumnsTest, SelectsTheColumnsKokuKeeps) {
  std::vector<std::string> header = {
      "identity/LineItemId", "identity/TimeInterval",  "bill/InvoiceId",
      "bill/SomethingNew",   "lineItem/UsageAmount",   "product/vcpu",
      "product/clockSpeed",  "resourceTags/user:app",  "resourceTags/aws:createdBy",
      "costCategory/team",   "discount/TotalDiscount", "reservation/StartTime"};
  auto columns = SelectCurColumns(header);
  ASSERT_TRUE(columns.has_value());
  EXPECT_TRUE(columns->legacy);
  EXPECT_EQ(columns->time_interval, "identity/TimeInterval");
  // identity/LineItemId, bill/SomethingNew, product/clockSpeed and discount/* are not among the recommended
  // or optional columns Koku cuts its daily slices with, so they never reach the conversion.
  EXPECT_EQ(columns->kept,
            (std::vector<std::string>{"identity/TimeInterval", "bill/InvoiceId", "lineItem/UsageAmount",
                                      "product/vcpu", "resourceTags/user:app", "resourceTags/aws:createdBy",
                                      "costCategory/team", "reservation/StartTime"}));
  EXPECT_FALSE(SelectCurColumns({"a", "b"}).has_value());
}

TEST(IngestAwsColumnsTest, ConvertersAndTranslation) {
  EXPECT_EQ(CurColumnKindOf("lineItem/UsageStartDate"), CurColumnKind::kTimestamp);
  EXPECT_EQ(CurColumnKindOf("line_item_usage_end_date"), CurColumnKind::kTimestamp);
  EXPECT_EQ(CurColumnKindOf("savingsPlan/SavingsPlanEffectiveCost"), CurColumnKind::kDouble);
  EXPECT_EQ(CurColumnKindOf("product/vcpu"), CurColumnKind::kText);  // text, so its daily max is a text max
  EXPECT_EQ(TranslatedCurColumn("line_item_unblended_cost"), "lineItem/UnblendedCost");
  EXPECT_EQ(TranslatedCurColumn("line_item_legal_entity"),
            "line_item_legal_entity");  // no entry in Koku's table
  EXPECT_EQ(TrinoRequiredCurColumns().size(), 29u);
  EXPECT_EQ(AwsDailyKeys().size(), 18u);
  EXPECT_EQ(AwsDailyAggregates().size(), 15u);
}

}  // namespace
}  // namespace costagg
