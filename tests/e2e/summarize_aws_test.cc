// `costagg summarize aws` end to end, as Koku would run it: koku-nise writes an AWS CUR (and an OpenShift
// cluster's operator CSV), `costagg ingest aws|ocp` puts them into Koku's layout (the real S3 server, or a
// directory), and `costagg summarize aws --ec2-compute` writes the AWS daily summary and the EC2 compute
// summary into the real PostgreSQL (or a DuckDB file). The data, generated once per process below: three days
// (2026-10-01..03), two usage accounts, two EC2 instances (i-0a0b0c0d0000e3a1 covered by a Savings Plan, with
// the plan's negation rows; i-0a0b0c0d0000e3b1 on demand), an EBS volume, data transfer and an S3 bucket.
// nise leaves the normalized usage empty, so the CUR is edited after nise: EC2 instance hours get a
// normalization factor (8 for m5.xlarge, 2 for t3.medium) and normalized usage = usage x factor. The
// OpenShift cluster's node runs on i-0a0b0c0d0000e3a1. Every expected sum is computed from the CSV nise wrote
// (read with DuckDB's read_csv), never from costagg's parquet or output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "costagg/engine/engine.h"
#include "support/cli.h"
#include "support/nise.h"
#include "support/nise_fixture.h"
#include "support/ocp_fixture.h"
#include "support/s3_server.h"
#include "support/table_rows.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kAws = "0a00e3e0-0000-4000-8000-0000000000a5";
constexpr const char* kAws2 = "0a00e3e0-0000-4000-8000-0000000000a6";
constexpr const char* kOcp = "0c00e3e0-0000-4000-8000-00000000000a";
constexpr const char* kOcpElsewhere = "0c00e3e0-0000-4000-8000-00000000000b";  // node i-n1: not in this CUR
constexpr const char* kCluster = "e2e-aws-summary";
constexpr const char* kCoveredInstance = "i-0a0b0c0d0000e3a1";
constexpr const char* kOnDemandInstance = "i-0a0b0c0d0000e3b1";

constexpr const char* kDaily = "reporting_awscostentrylineitem_daily_summary";
constexpr const char* kEc2 = "reporting_awscostentrylineitem_summary_by_ec2_compute_p";

// Every generator names its tags and cost category: nise draws random ones otherwise, and random cost
// categories on an instance's last day would give the EC2 table one row per variant (ocp_on_aws.md §5.1).
constexpr const char* kAwsYaml = R"(generators:
  - EC2Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-04'
      resource_id: 0a0b0c0d0000e3a1
      product_sku: SKU00000E3A1
      region: us-east-1a
      operating_system: Red Hat Enterprise Linux
      processor_arch: 64-bit
      tags:
        resourceTags/user:app: web
        resourceTags/user:Name: worker-a
      cost_category:
        costCategory/team: web
      instance_type: {inst_type: m5.xlarge, physical_cores: 2, vcpu: 4, memory: '16 GiB', storage: 'EBS Only',
                      family: 'General Purpose', cost: 0.192, rate: 0.192, saving: 0.1152}
  - EC2Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-04'
      resource_id: 0a0b0c0d0000e3a1
      product_sku: SKU00000E3A1
      region: us-east-1a
      operating_system: Red Hat Enterprise Linux
      processor_arch: 64-bit
      instance_type: {inst_type: m5.xlarge, physical_cores: 2, vcpu: 4, memory: '16 GiB', storage: 'EBS Only',
                      family: 'General Purpose', cost: 0.192, rate: 0.192, negation: true}
  - EC2Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-04'
      resource_id: 0a0b0c0d0000e3b1
      product_sku: SKU00000E3B1
      region: us-east-1b
      operating_system: Linux
      processor_arch: 64-bit
      tags:
        resourceTags/user:app: batch
        resourceTags/user:env: test
      cost_category:
        costCategory/team: batch
      instance_type: {inst_type: t3.medium, physical_cores: 1, vcpu: 2, memory: '4 GiB', storage: 'EBS Only',
                      family: 'General Purpose', cost: 0.0416, rate: 0.0416}
  - EBSGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-04'
      resource_id: 0a0b0c0d0000e3a5
      product_sku: SKU00000E3A5
      region: us-east-1a
      disk_size: 20
      rate: 0.1
      volume_api_name: gp3
      tags:
        resourceTags/user:app: web
      cost_category:
        costCategory/team: web
  - DataTransferGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-04'
      resource_id: 0a0b0c0d0000e3a1
      product_sku: SKU00000E3AO
      region: us-east-1a
      data_direction: out
      amount: 1.5
      rate: 0.09
      tags:
        resourceTags/user:app: web
      cost_category:
        costCategory/team: web
  - S3Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-04'
      resource_id: '0a0b0c0d0000e3c3'
      product_sku: SKU00000E3C3
      region: us-east-1a
      amount: 50
      rate: 0.023
      tags:
        resourceTags/user:app: web
      cost_category:
        costCategory/team: web
accounts:
  payer: '900000000001'
  user:
    - '900000000001'
    - '900000000002'
  currency_code: USD
)";

constexpr const char* kOcpYaml = R"(generators:
  - OCPGenerator:
      start_date: 2026-10-01
      end_date: 2026-10-04
      nodes:
        - node:
          node_name: worker-a
          cpu_cores: 4
          memory_gig: 16
          resource_id: 0a0b0c0d0000e3a1
          namespaces:
            shop:
              pods:
                - pod:
                  pod_name: web-1
                  cpu_request: 1
                  mem_request_gig: 2
                  pod_seconds: 3600
                  cpu_usage: {full_period: 0.5}
                  mem_usage_gig: {full_period: 1}
)";

/// nise's output, generated once per process.
struct NiseData : NiseOutput {
  std::string ocp;  ///< --insights-upload directory
};

NiseData& Generated() {
  static NiseData data;
  static bool done = false;
  if (done) return data;
  done = true;
  data.dir = FreshDirectory("aws-summary-nise");
  if (!NiseAwsCur(kAwsYaml, "2026-10-01", "2026-10-04", data)) return data;
  // Normalized usage on the instance hours (see the top of the file).
  std::string factor =
      "CASE \"product/instanceType\" WHEN 'm5.xlarge' THEN 8 WHEN 't3.medium' THEN 2 ELSE NULL END";
  EditCsv(data.aws_csv,
          "SELECT * REPLACE (coalesce(CAST(" + factor +
              " AS VARCHAR), \"lineItem/NormalizationFactor\") AS \"lineItem/NormalizationFactor\", "
              "coalesce(CAST(" +
              factor +
              " * CAST(\"lineItem/UsageAmount\" AS DOUBLE) AS VARCHAR), "
              "\"lineItem/NormalizedUsageAmount\") AS \"lineItem/NormalizedUsageAmount\") FROM cur",
          &data.error);
  return data;
}

/// The CUR, plus the cluster's operator CSV when `with_ocp` (only the infrastructure map tests need it).
const NiseData& Generated(bool with_ocp) {
  NiseData& data = Generated();
  if (with_ocp && data.error.empty() && data.ocp.empty()) {
    std::ofstream(data.dir + "/ocp.yml") << kOcpYaml;
    data.ocp = data.dir + "/ocp";
    fs::create_directories(data.ocp);
    RunNise(data.dir, data.dir,
            std::string("report ocp --static-report-file ocp.yml --ocp-cluster-id ") + kCluster +
                " --start-date 2026-10-01 --end-date 2026-10-04 --insights-upload " + data.ocp,
            &data.error);
  }
  return data;
}

/// The columns of the conservation check and how each one is summed from the CSV (ocp_on_aws.md §5): usage
/// leaves out the Savings Plan negation; amortized cost is the effective cost of the four SavingsPlan* types
/// and the unblended cost of every other line.
const std::vector<std::pair<std::string, std::string>>& CostColumns() {
  static const std::vector<std::pair<std::string, std::string>> columns = {
      {"unblended_cost", "u"},
      {"blended_cost", "b"},
      {"savingsplan_effective_cost", "sp"},
      {"public_on_demand_cost", "pod"},
      {"usage_amount", "CASE WHEN t = 'SavingsPlanNegation' THEN 0 ELSE usage END"},
      {"normalized_usage_amount", "nu"},
      {"calculated_amortized_cost",
       "CASE WHEN t IN ('SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'SavingsPlanUpfrontFee', "
       "'SavingsPlanRecurringFee') THEN sp ELSE u END"}};
  return columns;
}

/// The CSV's line items as typed columns (empty and non-numeric cells, such as nise's 'None', count 0).
std::string CsvLines(const std::string& csv) {
  auto number = [](const std::string& column) {
    return "coalesce(TRY_CAST(\"" + column + "\" AS DECIMAL(38,12)), 0)";
  };
  return "SELECT substr(\"lineItem/UsageStartDate\", 1, 10) AS day, \"lineItem/LineItemType\" AS t, "
         "\"lineItem/ProductCode\" AS product_code, \"product/productFamily\" AS family, "
         "\"lineItem/ResourceId\" AS resource_id, " +
         number("lineItem/UnblendedCost") + " AS u, " + number("lineItem/BlendedCost") + " AS b, " +
         number("savingsPlan/SavingsPlanEffectiveCost") + " AS sp, " + number("pricing/publicOnDemandCost") +
         " AS pod, " + number("lineItem/UsageAmount") + " AS usage, " +
         number("lineItem/NormalizedUsageAmount") + " AS nu FROM read_csv(" + SqlLiteral(csv) +
         ", all_varchar = true, header = true)";
}

/// Σ of each CostColumns() expression over the CSV lines matching `where`, per value of `group` (an
/// expression over CsvLines' columns), keyed by group, then column.
std::map<std::string, std::map<std::string, double>> CsvSumsBy(const std::string& csv,
                                                               const std::string& group,
                                                               const std::string& where = "true") {
  std::string select = "CAST(" + group + " AS VARCHAR)";
  for (const auto& [column, expression] : CostColumns())
    select += ", CAST(sum(" + expression + ") AS DOUBLE)";
  Engine engine;
  std::map<std::string, std::map<std::string, double>> sums;
  for (const auto& batch :
       engine.QueryAll("SELECT " + select + " FROM (" + CsvLines(csv) + ") WHERE " + where + " GROUP BY ALL",
                       "CSV sums")) {
    for (size_t r = 0; r < batch.rows; ++r) {
      for (size_t c = 0; c < CostColumns().size(); ++c) {
        sums[batch.columns[0].texts[r]][CostColumns()[c].first] = batch.columns[c + 1].doubles[r];
      }
    }
  }
  return sums;
}

/// The same over all matching lines.
std::map<std::string, double> CsvSums(const std::string& csv, const std::string& where = "true") {
  return CsvSumsBy(csv, "'all'", where)["all"];
}

/// The AWS tag key Koku would have enabled: app.
const std::vector<std::pair<std::string, std::string>> kTagKeys = {{"app", "AWS"}};

class SummarizeAwsTest : public NiseDataTest {
 protected:
  SummarizeAwsTest() : NiseDataTest("aws-summary-root") {}
  std::string Generate() override {
    data_ = &Generated(false);
    return data_->error;
  }

  /// Ingests the cluster's operator CSV (generating it on first use) into `root` for this test's schema.
  void IngestOcp(const std::string& root, const std::map<std::string, std::string>& env = {}) {
    data_ = &Generated(true);
    ASSERT_TRUE(data_->error.empty()) << data_->error;
    ASSERT_NO_FATAL_FAILURE(Ok(
        {"ingest", "ocp", "--from", data_->ocp, "--to", root, "--schema", schema(), "--source", kOcp}, env));
  }

  void IngestAws(const std::string& root, const char* source = kAws,
                 const std::map<std::string, std::string>& env = {}) {
    ASSERT_NO_FATAL_FAILURE(
        Ok({"ingest", "aws", "--from", data_->aws, "--to", root, "--schema", schema(), "--source", source},
           env));
  }

  /// init-db on PostgreSQL (no bill, no alias rows) and kTagKeys.
  void InitPg() { ASSERT_NO_FATAL_FAILURE(InitDb(uri(), kTagKeys)); }

  /// summarize aws --ec2-compute --json for October 2026 (the whole month unless `first`/`last`).
  std::vector<std::string> AwsArgs(const std::string& input, const std::string& output,
                                   const std::string& first = "", const std::string& last = "",
                                   const char* source = kAws) {
    std::vector<std::string> args = {"summarize", "aws",  "--schema", schema(), "--source",      source,
                                     "--input",   input,  "--output", output,   "--ec2-compute", "--json",
                                     "--year",    "2026", "--month",  "10"};
    if (!first.empty()) args.insert(args.end(), {"--start-date", first, "--end-date", last});
    return args;
  }

  CliResult Summarize(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {}) {
    auto r = RunCostagg(args, env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  }

  /// Both tables' checksums, for "nothing changed" checks.
  std::pair<std::string, std::string> Checksums(const std::string& where = "true") {
    return {Checksum(kDaily, where), Checksum(kEc2, where)};
  }

  std::string BillStamps() {
    return conn()
        .Query(
            "SELECT coalesce(string_agg(id::text || ' ' || coalesce(summary_data_creation_datetime::text, "
            "'-') "
            "|| ' ' || coalesce(summary_data_updated_datetime::text, '-'), ',' ORDER BY id), '') FROM " +
            Table("reporting_awscostentrybill"))
        .Scalar();
  }

  const NiseData* data_ = nullptr;
};

// 1. Through MinIO and PostgreSQL from an empty init-db: every cost column of the daily summary sums to the
// CUR's, per day too; the EC2 table sums to the CUR's instance hours; the bill and one alias per usage
// account are created; the OpenShift cluster on the covered instance is in the infrastructure map.
TEST_F(SummarizeAwsTest, ConservesEveryCostColumnThroughS3AndPostgres) {
  COSTAGG_REQUIRE_S3(server);
  auto env = S3Env(server->Options());
  std::string root = "s3://" + server->NewBucket("aws-summary") + "/koku";
  ASSERT_NO_FATAL_FAILURE(IngestAws(root, kAws, env));
  ASSERT_NO_FATAL_FAILURE(IngestOcp(root, env));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_EQ(Count("reporting_awscostentrybill"), 0);
  ASSERT_EQ(Count("reporting_awsaccountalias"), 0);

  auto args = AwsArgs(root, uri());
  args.insert(args.end(), {"--markup", "0.1"});
  auto r = Summarize(args, env);
  ASSERT_EQ(r.exit_code, 0);
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["status"], "ok");
  EXPECT_EQ(report["start_date"], "2026-10-01");
  EXPECT_EQ(report["end_date"], "2026-10-31");
  EXPECT_EQ(report["infrastructure_map"],
            nlohmann::json::parse(std::string(R"([{"infra_source":")") + kAws + R"(","ocp_source":")" + kOcp +
                                  R"(","type":"AWS"}])"));
  EXPECT_EQ(r.out.find(server->Options().secret_key), std::string::npos);
  EXPECT_EQ(r.err.find(server->Options().secret_key), std::string::npos);

  // Every cost column, over the whole table and per day, to the cent and better (the only loss is the
  // 9-decimal rounding of each row).
  auto csv = CsvSums(data_->aws_csv);
  ASSERT_GT(csv["savingsplan_effective_cost"], 0);  // the plan is there
  ASSERT_GT(csv["normalized_usage_amount"], 0);     // the edit took
  ASSERT_NE(csv["calculated_amortized_cost"], csv["unblended_cost"]);
  auto by_day = CsvSumsBy(data_->aws_csv, "day");
  ASSERT_EQ(by_day.size(), 3u);
  for (const auto& [column, expression] : CostColumns()) {
    EXPECT_NEAR(Sum(column, kDaily), csv[column], 1e-6) << column;
    for (const char* day : {"2026-10-01", "2026-10-02", "2026-10-03"}) {
      EXPECT_NEAR(Sum(column, kDaily, "usage_start = '" + std::string(day) + "'"), by_day[day][column], 1e-6)
          << column << " " << day;
    }
  }
  // The markups are 10% of their costs.
  for (const auto& [markup, cost] : std::vector<std::pair<std::string, std::string>>{
           {"markup_cost", "unblended_cost"},
           {"markup_cost_blended", "blended_cost"},
           {"markup_cost_savingsplan", "savingsplan_effective_cost"},
           {"markup_cost_amortized", "calculated_amortized_cost"}}) {
    EXPECT_NEAR(Sum(markup, kDaily), 0.1 * csv[cost], 1e-6) << markup;
  }
  EXPECT_EQ(Count(kDaily, "source_uuid <> '" + std::string(kAws) + "' OR usage_start <> usage_end"), 0);
  EXPECT_EQ(Count(kDaily, "tags <> '{}' AND NOT tags ?& array['app'] OR tags ? 'env' OR tags ? 'Name'"), 0);

  // The EC2 table: one row per instance (one variant on the last day), the month's instance hours with the
  // covered usage's unblended and blended cost zeroed (§5.1).
  EXPECT_EQ(Count(kEc2), 2);
  std::string instance_hours =
      "product_code = 'AmazonEC2' AND family LIKE '%Compute Instance%' AND resource_id <> ''";
  auto ec2 = CsvSums(data_->aws_csv, instance_hours);
  auto covered = CsvSums(data_->aws_csv, instance_hours + " AND t = 'SavingsPlanCoveredUsage'");
  ASSERT_GT(covered["unblended_cost"], 0);
  EXPECT_NEAR(Sum("unblended_cost", kEc2), ec2["unblended_cost"] - covered["unblended_cost"], 1e-6);
  EXPECT_NEAR(Sum("blended_cost", kEc2), ec2["blended_cost"] - covered["blended_cost"], 1e-6);
  for (const char* column : {"savingsplan_effective_cost", "calculated_amortized_cost", "usage_amount",
                             "public_on_demand_cost", "normalized_usage_amount"}) {
    EXPECT_NEAR(Sum(column, kEc2), ec2[column], 1e-6) << column;
  }
  EXPECT_EQ(
      Count(kEc2, "resource_id = '" + std::string(kCoveredInstance) +
                      "' AND instance_name = 'worker-a' AND instance_type = 'm5.xlarge' AND vcpu = 4 AND "
                      "usage_start = '2026-10-01' AND usage_end = '2026-10-03' AND tags = '{\"app\": "
                      "\"web\"}' AND cost_category = '{\"team\": \"web\"}'"),
      1);
  EXPECT_EQ(
      Count(kEc2, "resource_id = '" + std::string(kOnDemandInstance) + "' AND tags = '{\"app\": \"batch\"}'"),
      1);

  // The bill Koku's AWS processing would have made, stamped as summarised; one alias per usage account.
  EXPECT_EQ(Count("reporting_awscostentrybill"), 1);
  EXPECT_EQ(
      Count("reporting_awscostentrybill",
            "provider_id = '" + std::string(kAws) +
                "' AND billing_period_start = '2026-10-01 00:00:00+00' AND payer_account_id = '900000000001' "
                "AND summary_data_creation_datetime IS NOT NULL AND summary_data_updated_datetime IS NOT "
                "NULL"),
      1);
  std::string bill = conn().Query("SELECT id::text FROM " + Table("reporting_awscostentrybill")).Scalar();
  EXPECT_EQ(Count(kDaily, "cost_entry_bill_id IS DISTINCT FROM " + bill), 0);
  EXPECT_EQ(Count(kEc2, "cost_entry_bill_id IS NOT NULL AND cost_entry_bill_id <> " + bill), 0);
  Engine engine;
  std::string accounts = engine
                             .QueryAll(
                                 "SELECT string_agg(DISTINCT \"lineItem/UsageAccountId\", ',' ORDER BY "
                                 "\"lineItem/UsageAccountId\") FROM read_csv(" +
                                     SqlLiteral(data_->aws_csv) + ", all_varchar = true, header = true)",
                                 "accounts")[0]
                             .columns[0]
                             .texts[0];
  EXPECT_EQ(accounts, "900000000001,900000000002");
  EXPECT_EQ(conn()
                .Query("SELECT string_agg(account_id, ',' ORDER BY account_id) FROM " +
                       Table("reporting_awsaccountalias"))
                .Scalar(),
            accounts);
  for (const char* table : {kDaily, kEc2}) {
    EXPECT_EQ(
        Count(table, "account_alias_id IS DISTINCT FROM (SELECT id FROM " +
                         Table("reporting_awsaccountalias") + " a WHERE a.account_id = usage_account_id)"),
        0)
        << table;
  }
}

// 2. A second identical run leaves every row as it was (uuid aside), and a run for another AWS source (the
// same CUR ingested under a second source) writes its own rows beside the first source's, which stay.
TEST_F(SummarizeAwsTest, RerunIsIdenticalAndAnotherSourceLeavesTheFirstAlone) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_EQ(Summarize(AwsArgs(root_, uri())).exit_code, 0);
  auto before = Checksums();
  int64_t daily_rows = Count(kDaily), ec2_rows = Count(kEc2);
  ASSERT_GT(daily_rows, 0);
  ASSERT_GT(ec2_rows, 0);
  std::string created =
      conn()
          .Query("SELECT summary_data_creation_datetime::text FROM " + Table("reporting_awscostentrybill"))
          .Scalar();

  auto r = Summarize(AwsArgs(root_, uri()));
  ASSERT_EQ(r.exit_code, 0);
  auto report = nlohmann::json::parse(r.out);
  std::map<std::string, std::pair<int64_t, int64_t>> counts;
  for (const auto& t : report["tables"]) {
    counts[t["name"]] = {t["deleted"].get<int64_t>(), t["inserted"].get<int64_t>()};
  }
  EXPECT_EQ(counts[kDaily], std::make_pair(daily_rows, daily_rows));
  EXPECT_EQ(counts[kEc2], std::make_pair(ec2_rows, ec2_rows));
  EXPECT_EQ(Checksums(), before);
  EXPECT_EQ(Count("reporting_awscostentrybill"), 1);
  EXPECT_EQ(Count("reporting_awsaccountalias"), 2);
  EXPECT_EQ(
      conn()
          .Query("SELECT summary_data_creation_datetime::text FROM " + Table("reporting_awscostentrybill"))
          .Scalar(),
      created);

  ASSERT_NO_FATAL_FAILURE(IngestAws(root_, kAws2));
  ASSERT_EQ(Summarize(AwsArgs(root_, uri(), "", "", kAws2)).exit_code, 0);
  std::string first = "source_uuid = '" + std::string(kAws) + "'";
  std::string second = "source_uuid = '" + std::string(kAws2) + "'";
  EXPECT_EQ(Checksums(first), before);
  EXPECT_EQ(Count("reporting_awscostentrybill"), 2);
  EXPECT_EQ(Count("reporting_awsaccountalias"), 2);  // the accounts are shared
  EXPECT_EQ(Count(kDaily, second), daily_rows);
  EXPECT_EQ(Count(kEc2, second), ec2_rows);
  EXPECT_EQ(Count(kDaily, second + " AND cost_entry_bill_id = (SELECT id FROM " +
                              Table("reporting_awscostentrybill") + " WHERE provider_id = '" + kAws2 + "')"),
            daily_rows);
  EXPECT_NEAR(Sum("calculated_amortized_cost", kDaily, second),
              Sum("calculated_amortized_cost", kDaily, first), 1e-9);
  // And the first source again leaves the second's rows.
  auto second_rows = Checksums(second);
  ASSERT_EQ(Summarize(AwsArgs(root_, uri())).exit_code, 0);
  EXPECT_EQ(Checksums(first), before);
  EXPECT_EQ(Checksums(second), second_rows);
}

// 3. --start-date/--end-date replace only the days they name: rows of the other days are kept as they are
// (here: as a test damaged them), the named day's rows are rewritten.
TEST_F(SummarizeAwsTest, RangeRunReplacesOnlyItsDays) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_EQ(Summarize(AwsArgs(root_, uri())).exit_code, 0);
  const std::string day2 = "usage_start = '2026-10-02'";
  std::string day2_rows = Checksum(kDaily, day2);
  int64_t other_days = Count(kDaily, "NOT (" + day2 + ")");
  ASSERT_GT(other_days, 0);
  ASSERT_GT(Count(kDaily, day2), 0);
  conn().Execute("UPDATE " + Table(kDaily) + " SET unblended_cost = 4711");
  auto r = Summarize(AwsArgs(root_, uri(), "2026-10-02", "2026-10-02"));
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["status"], "ok");
  EXPECT_EQ(Checksum(kDaily, day2), day2_rows);
  EXPECT_EQ(Count(kDaily, "NOT (" + day2 + ")"), other_days);
  EXPECT_EQ(Count(kDaily, "NOT (" + day2 + ") AND unblended_cost = 4711"), other_days);
  // The whole window again restores every day.
  conn().Execute("UPDATE " + Table(kDaily) + " SET unblended_cost = 4711 WHERE " + day2);
  ASSERT_EQ(Summarize(AwsArgs(root_, uri(), "2026-10-01", "2026-10-03")).exit_code, 0);
  EXPECT_EQ(Count(kDaily, "unblended_cost = 4711"), 0);
  EXPECT_NEAR(Sum("unblended_cost", kDaily), CsvSums(data_->aws_csv)["unblended_cost"], 1e-6);
}

// 4. Errors exit with one line naming the cause and write nothing.
TEST_F(SummarizeAwsTest, ErrorsNameTheCauseAndWriteNothing) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  auto nothing_written = [&](const std::string& what) {
    EXPECT_EQ(Count(kDaily), 0) << what;
    EXPECT_EQ(Count(kEc2), 0) << what;
    EXPECT_EQ(Count("reporting_awsaccountalias"), 0) << what;
  };

  // A --source that is not a uuid: a usage error.
  auto args = AwsArgs(root_, uri());
  args[5] = "not-a-uuid";
  auto r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--source 'not-a-uuid' is not a uuid"), std::string::npos) << r.err;
  nothing_written("bad uuid");
  EXPECT_EQ(Count("reporting_awscostentrybill"), 0);

  // A schema whose parquet is not under --input: the message names the prefix it looked under.
  args = AwsArgs(root_, uri());
  args[3] = "org_no_such_schema";
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(
      r.err.find("no AWS parquet of schema org_no_such_schema under data/parquet/org_no_such_schema/AWS/"),
      std::string::npos)
      << r.err;
  nothing_written("wrong schema");
  EXPECT_EQ(Count("reporting_awscostentrybill"), 0);

  // --bill-id of another source's bill, and of no bill at all.
  std::string other_bill =
      conn()
          .Query("INSERT INTO " + Table("reporting_awscostentrybill") +
                 " (billing_resource, bill_type, payer_account_id, billing_period_start, "
                 "billing_period_end, provider_id) VALUES ('1', 'Anniversary', '1', "
                 "'2026-10-01 00:00:00+00', '2026-11-01 00:00:00+00', '" +
                 kAws2 + "') RETURNING id::text")
          .Scalar();
  for (const std::string& bill : {other_bill, std::string("4711")}) {
    args = AwsArgs(root_, uri());
    args.insert(args.end(), {"--bill-id", bill});
    r = RunCostagg(args);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("costagg: error: --bill-id " + bill + " is not the bill of AWS source " + kAws +
                         " for 2026-10 in schema " + schema()),
              std::string::npos)
        << r.err;
    nothing_written("--bill-id " + bill);
    EXPECT_EQ(BillStamps(), other_bill + " - -");  // no bill made, the other one not stamped
  }
}

// 4b. An empty range with no bill is no data: exit 0, nothing written, no bill made.
TEST_F(SummarizeAwsTest, EmptyRangeWithoutBillIsNoData) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  auto args = AwsArgs(root_, uri(), "2026-10-20", "2026-10-25");
  args.erase(args.begin() + 10);  // --ec2-compute: its month-wide insert would have rows (see the report)
  for (const auto& run :
       {args, std::vector<std::string>{"summarize", "aws", "--schema", schema(), "--source", kAws, "--input",
                                       root_, "--output", uri(), "--ec2-compute", "--json", "--year", "2026",
                                       "--month", "11"}}) {
    auto r = Summarize(run);
    ASSERT_EQ(r.exit_code, 0);
    auto report = nlohmann::json::parse(r.out);
    EXPECT_EQ(report["status"], "no_data") << r.out;
    EXPECT_EQ(report["input"]["rows"], 0);
    EXPECT_EQ(report["tables"], nlohmann::json::array());
    EXPECT_EQ(report["infrastructure_map"], nlohmann::json::array());
    EXPECT_EQ(Count(kDaily), 0);
    EXPECT_EQ(Count(kEc2), 0);
    EXPECT_EQ(Count("reporting_awscostentrybill"), 0);
    EXPECT_EQ(Count("reporting_awsaccountalias"), 0);
  }
}

// 5. When the output refuses the rows mid-write, the run fails and leaves the previous run's rows of both
// tables and the bill's stamps as they were: PostgreSQL refusing the EC2 rows after the daily rows went in (a
// check constraint), and costagg's encoder refusing a markup that overflows numeric(24,9).
TEST_F(SummarizeAwsTest, RefusedWriteLeavesThePreviousRows) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_EQ(Summarize(AwsArgs(root_, uri())).exit_code, 0);
  auto before = Checksums();
  std::string stamps = BillStamps();
  ASSERT_GT(Count(kDaily), 0);

  conn().Execute("ALTER TABLE " + Table(kEc2) + " ADD CONSTRAINT e2e_no_markup CHECK (markup_cost = 0)");
  auto args = AwsArgs(root_, uri());
  args.insert(args.end(), {"--markup", "0.1"});
  auto r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("e2e_no_markup"), std::string::npos) << r.err;
  EXPECT_EQ(Checksums(), before);
  EXPECT_EQ(BillStamps(), stamps);
  conn().Execute("ALTER TABLE " + Table(kEc2) + " DROP CONSTRAINT e2e_no_markup");

  args = AwsArgs(root_, uri());
  args.insert(args.end(), {"--markup", "1e20"});
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("does not fit numeric(24,9)"), std::string::npos) << r.err;
  EXPECT_EQ(Checksums(), before);
  EXPECT_EQ(BillStamps(), stamps);
}

// 6. The embedded output: the same input into a DuckDB file gives the same rows as PostgreSQL (the databases'
// own serial ids aside).
TEST_F(SummarizeAwsTest, DuckDbFileHoldsTheSameRowsAsPostgres) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_EQ(Summarize(AwsArgs(root_, uri())).exit_code, 0);

  std::string file = root_ + "/out.duckdb";
  std::string out = "duckdb:" + file;
  ASSERT_NO_FATAL_FAILURE(InitDb(out, kTagKeys));
  for (int run = 0; run < 2; ++run) {  // the second run replaces the first one's rows
    auto r = Summarize(AwsArgs(root_, out));
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(r.out)["status"], "ok");
  }
  const std::set<std::string> ids = {"cost_entry_bill_id", "account_alias_id", "organizational_unit_id"};
  for (const char* table : {kDaily, kEc2}) {
    SCOPED_TRACE(table);
    TableRows pg = ReadPgTable(conn(), schema(), table, ids);
    ASSERT_GT(pg.rows.size(), 0u);
    ExpectSameRows(pg, ReadDuckDbTable(file, schema(), table, pg));
  }
}

// 7. The infrastructure map lists exactly the OpenShift sources whose node resource id is in the AWS data:
// none without OpenShift parquet, none for a cluster on other nodes, the nise cluster once it is ingested.
TEST_F(SummarizeAwsTest, InfrastructureMapListsOnlyClustersOnTheseInstances) {
  ASSERT_NO_FATAL_FAILURE(IngestAws(root_));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  auto map = [&] {
    auto r = Summarize(AwsArgs(root_, uri()));
    return r.exit_code == 0 ? nlohmann::json::parse(r.out)["infrastructure_map"] : nlohmann::json();
  };
  EXPECT_EQ(map(), nlohmann::json::array());
  WriteOcpFixture(root_, schema(), kOcpElsewhere, "2026-10-02");  // node resource id i-n1
  EXPECT_EQ(map(), nlohmann::json::array());
  ASSERT_NO_FATAL_FAILURE(IngestOcp(root_));
  EXPECT_EQ(map(), nlohmann::json::parse(std::string(R"([{"infra_source":")") + kAws + R"(","ocp_source":")" +
                                         kOcp + R"(","type":"AWS"}])"));
}

}  // namespace
}  // namespace costagg::testing
