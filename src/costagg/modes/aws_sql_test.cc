// The AWS summary SQL (sql/aws/) on hand-made daily line items: Koku's AWS daily summary and EC2 compute
// summary (ocp_on_aws.md §5, §5.1; koku@768be825
// trino_sql/aws/reporting_awscostentrylineitem_daily_summary.sql and
// reporting_awscostentrylineitem_summary_by_ec2_compute_p.sql), run with the parameters SummarizeAws passes.
// One test (at least) per quirk of §5, §5.1 and §7 that touches these tables (Q3, Q4, Q5, Q16 and the
// A-quirks of docs/aws_quirks.md); every expected value is worked out by hand in the comments and every
// column of a row a test looks at is asserted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/modes/sql_steps.h"
#include "costagg/sql_files.h"
#include "support/sql_rows.h"

namespace costagg {
namespace {

using testing::ExpectRow;
using testing::kAny;
using testing::kNull;
using testing::One;
using testing::QueryRows;
using testing::Row;
using testing::Rows;
using testing::Where;

constexpr const char* kSource = "0a000009-0000-4000-8000-000000000009";
constexpr const char* kOtherSource = "0a000009-0000-4000-8000-0000000000ff";
constexpr const char* kAccount = "111111111111";

/// One row of Koku's aws_line_items_daily. Defaults: a day of an m5.large instance i-1 at $0.1 an hour.
struct Line {
  std::string day = "2026-10-01";
  std::string account = kAccount;
  std::string billing_entity = "AWS";
  std::string product_code = "AmazonEC2";
  std::string product_name = "Amazon Elastic Compute Cloud";
  std::string zone = "us-east-1a";
  std::string family = "Compute Instance";
  std::string region = "us-east-1";
  std::string instance_type = "m5.large";
  std::string unit = "Hrs";
  std::string type = "Usage";
  std::string resource_id = "i-1";
  double usage = 24;
  double normalization_factor = 4;
  double normalized_usage = 96;
  double unblended_rate = 0.1;
  double unblended = 2.4;
  double blended_rate = 0.1;
  double blended = 2.4;
  double sp_effective = 0;
  double public_cost = 2.4;
  double public_rate = 0.1;
  std::string tags = R"({"app": "web", "team": "x"})";
  std::string cost_category = R"({"env": "prod"})";
  std::string os = "Linux";
  std::string memory = "8 GiB";
  std::string vcpu = "2";
};

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

class AwsSqlTest : public ::testing::Test {
 protected:
  AwsSqlTest() : engine_(EngineOptions{.threads = 1}) {}

  void SetUp() override {
    Sql(R"(
      CREATE TEMP TABLE aws_line_items (lineitem_usagestartdate TIMESTAMP, bill_payeraccountid VARCHAR,
        bill_billingentity VARCHAR, lineitem_productcode VARCHAR, product_productname VARCHAR,
        lineitem_usageaccountid VARCHAR, lineitem_availabilityzone VARCHAR, product_productfamily VARCHAR,
        product_region VARCHAR, resourcetags VARCHAR, costcategory VARCHAR, product_instancetype VARCHAR,
        pricing_unit VARCHAR, lineitem_lineitemtype VARCHAR, lineitem_resourceid VARCHAR,
        lineitem_usageamount DOUBLE, lineitem_normalizationfactor DOUBLE, lineitem_normalizedusageamount DOUBLE,
        lineitem_currencycode VARCHAR, lineitem_unblendedrate DOUBLE, lineitem_unblendedcost DOUBLE,
        lineitem_blendedrate DOUBLE, lineitem_blendedcost DOUBLE, savingsplan_savingsplaneffectivecost DOUBLE,
        pricing_publicondemandcost DOUBLE, pricing_publicondemandrate DOUBLE, product_operatingsystem VARCHAR,
        product_memory VARCHAR, product_vcpu VARCHAR);
      CREATE TEMP VIEW aws_month_line_items AS SELECT * FROM aws_line_items;
      CREATE TEMP TABLE aws_tag_keys (key VARCHAR);
      CREATE TEMP TABLE account_alias (id INTEGER, account_id VARCHAR);
      CREATE TEMP TABLE org_unit (id INTEGER, account_alias_id INTEGER, provider_id UUID,
        created_timestamp DATE, deleted_timestamp DATE);
      INSERT INTO account_alias VALUES (5, '111111111111'), (6, '222222222222');
      INSERT INTO aws_tag_keys VALUES ('app');
    )");
    DefineSqlMacros(engine_);
  }

  void Sql(const std::string& sql) { engine_.Execute(sql, "test setup"); }

  void Add(const Line& l) {
    Sql("INSERT INTO aws_line_items VALUES (" + SqlLiteral(l.day) + ", '999999999999', " +
        SqlLiteral(l.billing_entity) + ", " + SqlLiteral(l.product_code) + ", " + SqlLiteral(l.product_name) +
        ", " + SqlLiteral(l.account) + ", " + SqlLiteral(l.zone) + ", " + SqlLiteral(l.family) + ", " +
        SqlLiteral(l.region) + ", " + SqlLiteral(l.tags) + ", " + SqlLiteral(l.cost_category) + ", " +
        SqlLiteral(l.instance_type) + ", " + SqlLiteral(l.unit) + ", " + SqlLiteral(l.type) + ", " +
        SqlLiteral(l.resource_id) + ", " + Num(l.usage) + ", " + Num(l.normalization_factor) + ", " +
        Num(l.normalized_usage) + ", 'USD', " + Num(l.unblended_rate) + ", " + Num(l.unblended) + ", " +
        Num(l.blended_rate) + ", " + Num(l.blended) + ", " + Num(l.sp_effective) + ", " + Num(l.public_cost) +
        ", " + Num(l.public_rate) + ", " + SqlLiteral(l.os) + ", " + SqlLiteral(l.memory) + ", " +
        SqlLiteral(l.vcpu) + ")");
  }

  SqlParams Params() const {
    return {{"source_uuid", std::string(kSource)},
            {"bill_id", int64_t{7}},
            {"markup", markup_},
            {"chunk_start", chunk_start_},
            {"chunk_end", chunk_end_}};
  }

  Rows Daily() {
    return QueryRows(engine_, SqlFile("aws/reporting_awscostentrylineitem_daily_summary.sql"), Params());
  }
  Rows Ec2() {
    return QueryRows(engine_, SqlFile("aws/reporting_awscostentrylineitem_summary_by_ec2_compute_p.sql"),
                     Params());
  }

  Engine engine_;
  double markup_ = 0;
  std::string chunk_start_ = "2026-10-01";
  std::string chunk_end_ = "2026-10-05";
};

/// The daily summary row of one default Line alone (1 line, enabled key app), every column; tests change what
/// their lines change.
Row DailyRow() {
  return {{"uuid", kAny},
          {"cost_entry_bill_id", "7"},
          {"usage_start", "2026-10-01"},
          {"usage_end", "2026-10-01"},
          {"usage_account_id", kAccount},
          {"product_code", "AmazonEC2"},
          {"product_family", "Compute Instance"},
          {"availability_zone", "us-east-1a"},
          {"region", "us-east-1"},
          {"instance_type", "m5.large"},
          {"unit", "Hrs"},
          {"resource_ids", R"(["i-1"])"},
          {"resource_count", "1"},
          {"usage_amount", "24"},
          {"normalization_factor", "4"},
          {"normalized_usage_amount", "96"},
          {"currency_code", "USD"},
          {"unblended_rate", "0.1"},
          {"unblended_cost", "2.4"},
          {"blended_rate", "0.1"},
          {"blended_cost", "2.4"},
          {"savingsplan_effective_cost", "0"},
          {"calculated_amortized_cost", "2.4"},
          {"public_on_demand_cost", "2.4"},
          {"public_on_demand_rate", "0.1"},
          {"tags", R"({"app":"web"})"},
          {"cost_category", R"({"env":"prod"})"},
          {"account_alias_id", "5"},
          {"organizational_unit_id", kNull},
          {"source_uuid", kSource},
          {"markup_cost", "0"},
          {"markup_cost_blended", "0"},
          {"markup_cost_savingsplan", "0"},
          {"markup_cost_amortized", "0"}};
}

Row With(Row row, const Row& changes) {
  for (const auto& [k, v] : changes) row[k] = v;
  return row;
}

TEST_F(AwsSqlTest, OneDayOfOneInstanceSumsItsLinesAndKeepsOnlyEnabledTags) {
  // Two lines of one group (the usage type is no group key): usage 24 + 12, costs 2.4 + 1.2, rates the max.
  Add({});
  Add({.usage = 12,
       .normalized_usage = 48,
       .unblended_rate = 0.05,
       .unblended = 1.2,
       .blended = 1.2,
       .public_cost = 1.2});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], With(DailyRow(), {{"usage_amount", "36"},
                                       {"normalized_usage_amount", "144"},
                                       {"unblended_cost", "3.6"},
                                       {"blended_cost", "3.6"},
                                       {"calculated_amortized_cost", "3.6"},
                                       {"public_on_demand_cost", "3.6"}}));
}

TEST_F(AwsSqlTest, MarkupMultipliesTheUnroundedSums) {
  // markup 0.1 of sums 2.4 (unblended, blended, amortized) and 0.5 (Savings Plan effective cost).
  markup_ = 0.1;
  Add({.sp_effective = 0.5});
  ExpectRow(One(Daily(), {}), With(DailyRow(), {{"savingsplan_effective_cost", "0.5"},
                                                {"markup_cost", "0.24"},
                                                {"markup_cost_blended", "0.24"},
                                                {"markup_cost_savingsplan", "0.05"},
                                                {"markup_cost_amortized", "0.24"}}));
}

TEST_F(AwsSqlTest, Q16MarketplaceRowsTakeTheProductNameAsProductCode) {
  // Sold through the Marketplace: the product name, else the product code; sold by AWS: the product code.
  Add({.billing_entity = "AWS Marketplace", .product_code = "abc123", .product_name = "Cool Firewall"});
  Add({.account = "222222222222",
       .billing_entity = "AWS Marketplace",
       .product_code = "def456",
       .product_name = ""});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(One(rows, {{"usage_account_id", kAccount}}),
            With(DailyRow(), {{"product_code", "Cool Firewall"}}));
  ExpectRow(
      One(rows, {{"usage_account_id", "222222222222"}}),
      With(DailyRow(),
           {{"product_code", "def456"}, {"usage_account_id", "222222222222"}, {"account_alias_id", "6"}}));
}

TEST_F(AwsSqlTest, Q3SavingsPlanNegationAddsNoUsageButKeepsItsCost) {
  // Covered usage (24 h, unblended 2.4, effective 1.5) and its negation (24 h, -2.4) share the group: usage
  // 24 (the negation's 24 is not counted), unblended 2.4 - 2.4 = 0, effective 1.5, amortized = the effective
  // costs of both SavingsPlan* lines = 1.5 + 0.
  Add({.type = "SavingsPlanCoveredUsage", .sp_effective = 1.5});
  Add({.type = "SavingsPlanNegation", .unblended = -2.4, .blended = -2.4, .public_cost = 0});
  ExpectRow(One(Daily(), {}), With(DailyRow(), {{"usage_amount", "24"},
                                                {"normalized_usage_amount", "192"},
                                                {"unblended_cost", "0"},
                                                {"blended_cost", "0"},
                                                {"savingsplan_effective_cost", "1.5"},
                                                {"calculated_amortized_cost", "1.5"}}));
}

TEST_F(AwsSqlTest, Q4AmortizedCostIsTheEffectiveCostOnlyForTheSavingsPlanTypes) {
  // Account 1: an RI fee of 10 with effective cost 0 -> amortized 10 (unblended). Account 2: a Savings Plan
  // recurring fee of 5 with effective cost 3 -> amortized 3.
  Add({.type = "RIFee", .unblended = 10, .blended = 10, .public_cost = 0});
  Add({.account = "222222222222",
       .type = "SavingsPlanRecurringFee",
       .unblended = 5,
       .blended = 5,
       .sp_effective = 3,
       .public_cost = 0});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(One(rows, {{"usage_account_id", kAccount}}),
            With(DailyRow(), {{"unblended_cost", "10"},
                              {"blended_cost", "10"},
                              {"calculated_amortized_cost", "10"},
                              {"public_on_demand_cost", "0"}}));
  ExpectRow(One(rows, {{"usage_account_id", "222222222222"}}),
            With(DailyRow(), {{"usage_account_id", "222222222222"},
                              {"account_alias_id", "6"},
                              {"unblended_cost", "5"},
                              {"blended_cost", "5"},
                              {"savingsplan_effective_cost", "3"},
                              {"calculated_amortized_cost", "3"},
                              {"public_on_demand_cost", "0"}}));
}

TEST_F(AwsSqlTest, Q5CreditsAndRefundsKeepTheirSignAndAnEmptyResourceIdCounts) {
  // Usage 10 on i-1, a credit of -5 and a refund of -2 without resource id, all one group: unblended 3, the
  // ids
  // '' and i-1 (two, '' counted).
  Add({.unblended = 10, .blended = 10, .public_cost = 10});
  Add({.type = "Credit",
       .resource_id = "",
       .usage = 0,
       .normalized_usage = 0,
       .unblended = -5,
       .blended = -5,
       .public_cost = 0});
  Add({.type = "Refund",
       .resource_id = "",
       .usage = 0,
       .normalized_usage = 0,
       .unblended = -2,
       .blended = -2,
       .public_cost = 0});
  ExpectRow(One(Daily(), {}), With(DailyRow(), {{"resource_ids", R"(["","i-1"])"},
                                                {"resource_count", "2"},
                                                {"unblended_cost", "3"},
                                                {"blended_cost", "3"},
                                                {"calculated_amortized_cost", "3"},
                                                {"public_on_demand_cost", "10"}}));
}

TEST_F(AwsSqlTest, EmptyTextsBecomeNull) {
  // '' family, zone, instance type, unit -> NULL (region too); the usage account stays as it is.
  Add({.zone = "", .family = "", .region = "", .instance_type = "", .unit = ""});
  ExpectRow(One(Daily(), {}), With(DailyRow(), {{"product_family", kNull},
                                                {"availability_zone", kNull},
                                                {"region", kNull},
                                                {"instance_type", kNull},
                                                {"unit", kNull}}));
}

TEST_F(AwsSqlTest, TagsKeepEnabledKeysByExactTextAndGroupOnTheUnfilteredTags) {
  // Enabled: app and Team. {"app": "web", "team": "x"} keeps app only (team is not Team); a second line whose
  // tags differ only in the disabled key team is its own group, with the same filtered tags.
  Sql("INSERT INTO aws_tag_keys VALUES ('Team')");
  Add({});
  Add({.tags = R"({"app": "web", "team": "y"})"});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) ExpectRow(row, DailyRow());
}

TEST_F(AwsSqlTest, NoEnabledAwsKeyLeavesAnEmptyTagObject) {
  // Koku's array_agg over no key is NULL and keeps no tag: '{}', not NULL; a line without tags too.
  Sql("DELETE FROM aws_tag_keys");
  Add({});
  Add({.account = "222222222222", .tags = "{}"});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(One(rows, {{"usage_account_id", kAccount}}), With(DailyRow(), {{"tags", "{}"}}));
  ExpectRow(
      One(rows, {{"usage_account_id", "222222222222"}}),
      With(DailyRow(), {{"tags", "{}"}, {"usage_account_id", "222222222222"}, {"account_alias_id", "6"}}));
}

TEST_F(AwsSqlTest, OrganizationalUnitOfTheSourceAliveOnTheDay) {
  // Unit 1 of the alias (id 5) from 10-01, deleted 10-02: on 10-01 only. Unit 2 from 10-02 on: 10-02. Unit 3
  // of another source never.
  Sql("INSERT INTO org_unit VALUES (1, 5, '" + std::string(kSource) +
      "', '2026-10-01', '2026-10-02'), (2, 5, '" + kSource + "', '2026-10-02', NULL), (3, 5, '" +
      kOtherSource + "', '2026-09-01', NULL)");
  Add({});
  Add({.day = "2026-10-02"});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(One(rows, {{"usage_start", "2026-10-01"}}), With(DailyRow(), {{"organizational_unit_id", "1"}}));
  ExpectRow(One(rows, {{"usage_start", "2026-10-02"}}), With(DailyRow(), {{"usage_start", "2026-10-02"},
                                                                          {"usage_end", "2026-10-02"},
                                                                          {"organizational_unit_id", "2"}}));
}

TEST_F(AwsSqlTest, TwoUnitsAliveOnOneDayRepeatTheRow) {
  // Koku's LEFT JOIN: two live units of the alias give the row twice.
  Sql("INSERT INTO org_unit VALUES (1, 5, '" + std::string(kSource) + "', '2026-09-01', NULL), (2, 5, '" +
      kSource + "', '2026-09-15', NULL)");
  Add({});
  Rows rows = Daily();
  ASSERT_EQ(rows.size(), 2u);
  ExpectRow(One(rows, {{"organizational_unit_id", "1"}}),
            With(DailyRow(), {{"organizational_unit_id", "1"}}));
  ExpectRow(One(rows, {{"organizational_unit_id", "2"}}),
            With(DailyRow(), {{"organizational_unit_id", "2"}}));
}

TEST_F(AwsSqlTest, AChunkReadsOnlyItsDays) {
  chunk_start_ = "2026-10-02";
  chunk_end_ = "2026-10-02";
  Add({});
  Add({.day = "2026-10-02"});
  Add({.day = "2026-10-03"});
  ExpectRow(One(Daily(), {}), With(DailyRow(), {{"usage_start", "2026-10-02"}, {"usage_end", "2026-10-02"}}));
}

TEST_F(AwsSqlTest, AnEmptyProductCodeFailsAsKokusInsertDoes) {
  Add({.product_code = ""});
  try {
    Daily();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("empty lineItem/ProductCode"), std::string::npos) << e.what();
  }
}

/// The EC2 row of the default instance for one default Line, every column.
Row Ec2Row() {
  return {{"uuid", kAny},
          {"usage_start", "2026-10-01"},
          {"usage_end", "2026-10-01"},
          {"usage_account_id", kAccount},
          {"resource_id", "i-1"},
          {"instance_name", kNull},
          {"instance_type", "m5.large"},
          {"operating_system", "Linux"},
          {"region", "us-east-1"},
          {"vcpu", "2"},
          {"memory", "8 GiB"},
          {"tags", R"({"app":"web"})"},
          {"cost_category", R"({"env":"prod"})"},
          {"unit", "Hrs"},
          {"usage_amount", "24"},
          {"normalization_factor", "4"},
          {"normalized_usage_amount", "96"},
          {"currency_code", "USD"},
          {"unblended_rate", "0.1"},
          {"unblended_cost", "2.4"},
          {"markup_cost", "0"},
          {"blended_rate", "0.1"},
          {"blended_cost", "2.4"},
          {"markup_cost_blended", "0"},
          {"savingsplan_effective_cost", "0"},
          {"markup_cost_savingsplan", "0"},
          {"calculated_amortized_cost", "2.4"},
          {"markup_cost_amortized", "0"},
          {"public_on_demand_cost", "2.4"},
          {"public_on_demand_rate", "0.1"},
          {"source_uuid", kSource},
          {"cost_entry_bill_id", "7"},
          {"account_alias_id", "5"}};
}

TEST_F(AwsSqlTest, Ec2SumsTheMonthAndZeroesTheCoveredUsageCost) {
  // i-1: 10-01 on demand (24 h, 2.4); 10-03 covered usage (24 h, 2.4, effective 1.5) and its negation
  // (24 h, -2.4). Unlike the daily summary the covered line adds no unblended/blended cost: 2.4 + 0 - 2.4 =
  // 0. Usage 24 + 24 (the negation's not counted); effective 1.5; amortized 2.4 + 1.5 + 0 = 3.9; days
  // 10-01..10-03. The markup 0.1 applies to the unrounded sums.
  markup_ = 0.1;
  Add({});
  Add({.day = "2026-10-03", .type = "SavingsPlanCoveredUsage", .sp_effective = 1.5});
  Add({.day = "2026-10-03",
       .type = "SavingsPlanNegation",
       .unblended = -2.4,
       .blended = -2.4,
       .public_cost = 0});
  ExpectRow(One(Ec2(), {}), With(Ec2Row(), {{"usage_end", "2026-10-03"},
                                            {"usage_amount", "48"},
                                            {"normalized_usage_amount", "288"},
                                            {"unblended_cost", "0"},
                                            {"blended_cost", "0"},
                                            {"savingsplan_effective_cost", "1.5"},
                                            {"markup_cost_savingsplan", "0.15"},
                                            {"calculated_amortized_cost", "3.9"},
                                            {"markup_cost_amortized", "0.39"},
                                            {"public_on_demand_cost", "4.8"}}));
}

TEST_F(AwsSqlTest, Ec2AttributesComeFromTheLatestDay) {
  // Resized on 10-02 to m5.xlarge (4 vCPU, 16 GiB, tag app=api, named n2): the one row has the latest day's
  // attributes and the sums of both days; the operating system is the max over the month.
  Add({.tags = R"({"Name": "n1", "app": "web"})"});
  Add({.day = "2026-10-02",
       .instance_type = "m5.xlarge",
       .tags = R"({"Name": "n2", "app": "api"})",
       .os = "",
       .memory = "16 GiB",
       .vcpu = "4"});
  ExpectRow(One(Ec2(), {}), With(Ec2Row(), {{"usage_end", "2026-10-02"},
                                            {"instance_type", "m5.xlarge"},
                                            {"instance_name", "n2"},
                                            {"vcpu", "4"},
                                            {"memory", "16 GiB"},
                                            {"tags", R"({"app":"api"})"},
                                            {"usage_amount", "48"},
                                            {"normalized_usage_amount", "192"},
                                            {"unblended_cost", "4.8"},
                                            {"blended_cost", "4.8"},
                                            {"calculated_amortized_cost", "4.8"},
                                            {"public_on_demand_cost", "4.8"}}));
}

TEST_F(AwsSqlTest, Ec2InstanceWhoseLatestRowIsNotComputeHasNoRow) {
  // i-1's last line (10-02) is data transfer: Koku takes the attributes from the compute lines of that day,
  // there are none, so i-1 gives no row. i-2 (compute on its last day) does.
  Add({});
  Add({.day = "2026-10-02", .product_code = "AWSDataTransfer", .family = "Data Transfer", .unit = "GB"});
  Add({.resource_id = "i-2"});
  Rows rows = Ec2();
  ASSERT_EQ(rows.size(), 1u);
  ExpectRow(rows[0], With(Ec2Row(), {{"resource_id", "i-2"}}));
}

TEST_F(AwsSqlTest, Ec2VariantsOnTheLatestDayGiveOneRowEach) {
  // Two Name tags on the latest day: two rows, each with the whole month's sums (24 + 24 + 24).
  Add({});
  Add({.day = "2026-10-02", .tags = R"({"Name": "a", "app": "web"})"});
  Add({.day = "2026-10-02", .tags = R"({"Name": "b", "app": "web"})"});
  Rows rows = Ec2();
  ASSERT_EQ(rows.size(), 2u);
  for (const char* name : {"a", "b"}) {
    ExpectRow(One(rows, {{"instance_name", name}}), With(Ec2Row(), {{"usage_end", "2026-10-02"},
                                                                    {"instance_name", name},
                                                                    {"usage_amount", "72"},
                                                                    {"normalized_usage_amount", "288"},
                                                                    {"unblended_cost", "7.2"},
                                                                    {"blended_cost", "7.2"},
                                                                    {"calculated_amortized_cost", "7.2"},
                                                                    {"public_on_demand_cost", "7.2"}}));
  }
}

TEST_F(AwsSqlTest, Ec2OnlyComputeInstanceLinesWithAResourceId) {
  // EBS (AmazonEC2, Storage), a compute line without id and a bare-metal family ('%Compute Instance%'
  // matches): one row, i-3.
  Add({.family = "Storage", .resource_id = "vol-1"});
  Add({.resource_id = ""});
  Add({.family = "Compute Instance (bare metal)", .resource_id = "i-3"});
  ExpectRow(One(Ec2(), {}), With(Ec2Row(), {{"resource_id", "i-3"}}));
}

TEST_F(AwsSqlTest, Ec2VcpuThatIsNotAnIntegerFails) {
  Add({.vcpu = "2.5"});
  try {
    Ec2();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("product/vcpu '2.5'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace costagg
