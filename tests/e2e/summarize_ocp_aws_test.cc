// `costagg summarize ocp-aws` end to end, as Koku would run it: koku-nise writes an AWS CUR and two OpenShift
// clusters' operator CSV, `costagg ingest aws|ocp` puts them into Koku's layout (a directory, or the real S3
// server), `costagg summarize ocp` fills the clusters' daily summary in the real PostgreSQL, and `costagg
// summarize ocp-aws` shares the AWS cost out. The data (generated once per process, below) covers every kind
// of attribution:
//   cluster A (node worker-a on instance i-0a0b0c0d0000e2a1, $0.2 an hour, 4 cores): namespace shop (web-1, 1
//   core requested, claim web-data of 5 GiB on PV pvc-e2e whose CSI handle is the 20 GB EBS volume
//   vol-0a0b0c0d0000e2a5) and namespace api (api-1, 2 cores); data transfer in and out on the instance; an S3
//   bucket tagged openshift_project: shop, an RDS instance tagged openshift_project: api, a VPC connection
//   tagged openshift_cluster: <cluster A> (the database and network UI tables) and an unattached 10 GB volume
//   tagged app: api, a key enabled for AWS and OpenShift that matches api-1's label (tag matching);
//   cluster B (node worker-b on instance i-0a0b0c0d0000e2b1, $0.4 an hour): namespaces shop and ops, so the
//   S3 bucket is shared by both clusters when both are summarised, and nothing else of A's matches B.
// Two days (2026-10-01, 2026-10-02), two usage accounts. The CUR is edited after nise: cluster A's instance
// hours 00-09 of 2026-10-01 become SavingsPlanCoveredUsage with a savings-plan effective cost of $0.15, so
// the four cost columns differ (Koku zeroes unblended and blended cost of covered usage; amortized =
// effective cost). The AWS side of every check is summed straight from the CSV nise wrote, never from
// costagg's output.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "costagg/engine/engine.h"
#include "support/cli.h"
#include "support/nise.h"
#include "support/nise_fixture.h"
#include "support/s3_server.h"
#include "support/table_rows.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kAws = "0a00e2e0-0000-4000-8000-0000000000a5";
constexpr const char* kAws2 = "0a00e2e0-0000-4000-8000-0000000000a6";
constexpr const char* kOcpA = "0c00e2e0-0000-4000-8000-00000000000a";
constexpr const char* kOcpB = "0c00e2e0-0000-4000-8000-00000000000b";
constexpr const char* kClusterA = "e2e-aws-a";
constexpr const char* kClusterB = "e2e-aws-b";
constexpr const char* kNodeA = "i-0a0b0c0d0000e2a1";
constexpr const char* kNodeB = "i-0a0b0c0d0000e2b1";
constexpr const char* kVolume = "vol-0a0b0c0d0000e2a5";
// The tagged resources' ids as given to nise (it wraps them into ARNs).
constexpr const char* kS3Id = "0a0b0c0d0000e2c3";
constexpr const char* kRdsId = "0a0b0c0d0000e2d8";
constexpr const char* kVpcId = "0a0b0c0d0000e2fc";
constexpr const char* kTaggedVolumeId = "0a0b0c0d0000e2e7";
constexpr const char* kFirstDay = "2026-10-01";
constexpr const char* kLastDay = "2026-10-02";

constexpr const char* kProjectTable = "reporting_ocpawscostlineitem_project_daily_summary_p";
const std::vector<std::string> kUiTables = {
    "reporting_ocpaws_compute_summary_p",        "reporting_ocpaws_cost_summary_by_account_p",
    "reporting_ocpaws_cost_summary_by_region_p", "reporting_ocpaws_cost_summary_by_service_p",
    "reporting_ocpaws_cost_summary_p",           "reporting_ocpaws_database_summary_p",
    "reporting_ocpaws_network_summary_p",        "reporting_ocpaws_storage_summary_p"};
const std::vector<std::string> kCostColumns = {"unblended_cost",
                                               "markup_cost",
                                               "blended_cost",
                                               "markup_cost_blended",
                                               "savingsplan_effective_cost",
                                               "markup_cost_savingsplan",
                                               "calculated_amortized_cost",
                                               "markup_cost_amortized"};

std::vector<std::string> AllTables() {
  std::vector<std::string> tables = {kProjectTable};
  tables.insert(tables.end(), kUiTables.begin(), kUiTables.end());
  return tables;
}

constexpr const char* kAwsYaml = R"(generators:
  - EC2Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2a1
      product_sku: SKU00000E2A1
      region: us-east-1a
      operating_system: Red Hat Enterprise Linux
      processor_arch: 64-bit
      tags:
        resourceTags/user:env: prod
      cost_category:
        costCategory/team: web
      instance_type: {inst_type: m5.xlarge, physical_cores: 2, vcpu: 4, memory: '16 GiB', storage: 'EBS Only',
                      family: 'General Purpose', cost: 0.2, rate: 0.2}
  - EC2Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2b1
      product_sku: SKU00000E2B1
      region: us-east-1b
      operating_system: Red Hat Enterprise Linux
      processor_arch: 64-bit
      tags:
        resourceTags/user:env: ops
      cost_category:
        costCategory/team: ops
      instance_type: {inst_type: m5.2xlarge, physical_cores: 4, vcpu: 8, memory: '32 GiB', storage: 'EBS Only',
                      family: 'General Purpose', cost: 0.4, rate: 0.4}
  - EBSGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2a5
      product_sku: SKU00000E2A5
      region: us-east-1a
      disk_size: 20
      rate: 0.1
      volume_api_name: gp3
      tags:
        resourceTags/user:env: prod
      cost_category:
        costCategory/team: web
  - DataTransferGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2a1
      product_sku: SKU00000E2AI
      region: us-east-1a
      data_direction: in
      amount: 2.5
      rate: 0.02
      tags:
        resourceTags/user:env: prod
      cost_category:
        costCategory/team: web
  - DataTransferGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2a1
      product_sku: SKU00000E2AO
      region: us-east-1a
      data_direction: out
      amount: 1.5
      rate: 0.09
      tags:
        resourceTags/user:env: prod
      cost_category:
        costCategory/team: web
  - S3Generator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: '0a0b0c0d0000e2c3'
      product_sku: SKU00000E2C3
      region: us-east-1a
      amount: 50
      rate: 0.02
      tags:
        resourceTags/user:env: prod
        resourceTags/user:openshift_project: shop
      cost_category:
        costCategory/team: web
  - RDSGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2d8
      product_sku: SKU00000E2D8
      region: us-east-1a
      tags:
        resourceTags/user:env: prod
        resourceTags/user:openshift_project: api
      cost_category:
        costCategory/team: data
      instance_type: {inst_type: db.t3.medium, vcpu: 2, memory: '4 GiB', storage: 'EBS Only',
                      family: 'General Purpose', cost: 0.5, rate: 0.5}
  - EBSGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2e7
      product_sku: SKU00000E2E7
      region: us-east-1a
      disk_size: 10
      rate: 0.08
      volume_api_name: gp2
      tags:
        resourceTags/user:env: prod
        resourceTags/user:app: api
      cost_category:
        costCategory/team: data
  - VPCGenerator:
      start_date: '2026-10-01'
      end_date: '2026-10-03'
      resource_id: 0a0b0c0d0000e2fc
      product_sku: SKU00000E2FC
      region: us-east-1a
      cost: 0.05
      rate: 0.05
      tags:
        resourceTags/user:env: prod
        resourceTags/user:openshift_cluster: e2e-aws-a
      cost_category:
        costCategory/team: network
accounts:
  payer: '900000000001'
  user:
    - '900000000001'
    - '900000000002'
  currency_code: USD
)";

constexpr const char* kOcpAYaml = R"(generators:
  - OCPGenerator:
      start_date: 2026-10-01
      end_date: 2026-10-03
      nodes:
        - node:
          node_name: worker-a
          cpu_cores: 4
          memory_gig: 16
          resource_id: 0a0b0c0d0000e2a1
          node_labels: label_node_role_kubernetes_io:worker
          namespaces:
            shop:
              pods:
                - pod:
                  pod_name: web-1
                  cpu_request: 1
                  mem_request_gig: 2
                  cpu_limit: 2
                  mem_limit_gig: 4
                  pod_seconds: 3600
                  cpu_usage: {full_period: 0.5}
                  mem_usage_gig: {full_period: 1}
                  labels: label_app:web
              volumes:
                - volume:
                  volume_name: pvc-e2e
                  storage_class: gp3-csi
                  csi_driver: ebs.csi.aws.com
                  csi_volume_handle: vol-0a0b0c0d0000e2a5
                  volume_request_gig: 20
                  labels: label_app:web-data
                  volume_claims:
                    - volume_claim:
                      volume_claim_name: web-data
                      pod_name: web-1
                      capacity_gig: 5
                      volume_claim_usage_gig: {full_period: 2}
            api:
              pods:
                - pod:
                  pod_name: api-1
                  cpu_request: 2
                  mem_request_gig: 4
                  cpu_limit: 2
                  mem_limit_gig: 4
                  pod_seconds: 3600
                  cpu_usage: {full_period: 1}
                  mem_usage_gig: {full_period: 2}
                  labels: label_app:api
)";

constexpr const char* kOcpBYaml = R"(generators:
  - OCPGenerator:
      start_date: 2026-10-01
      end_date: 2026-10-03
      nodes:
        - node:
          node_name: worker-b
          cpu_cores: 8
          memory_gig: 32
          resource_id: 0a0b0c0d0000e2b1
          node_labels: label_node_role_kubernetes_io:worker
          namespaces:
            shop:
              pods:
                - pod:
                  pod_name: shop-b
                  cpu_request: 2
                  mem_request_gig: 4
                  pod_seconds: 3600
                  cpu_usage: {full_period: 1}
                  mem_usage_gig: {full_period: 2}
                  labels: label_app:shop-b
            ops:
              pods:
                - pod:
                  pod_name: ops-1
                  cpu_request: 2
                  mem_request_gig: 4
                  pod_seconds: 3600
                  cpu_usage: {full_period: 1}
                  mem_usage_gig: {full_period: 2}
                  labels: label_app:ops
)";

/// nise's output, generated once per process.
struct NiseData : NiseOutput {
  std::string ocp_a;  ///< --insights-upload directories
  std::string ocp_b;
};

/// Cluster `cluster`'s operator CSV from `yaml` into data.dir/ocp_<cluster>.
bool NiseOcp(NiseData& data, const char* yaml, const char* cluster, std::string* dir) {
  *dir = data.dir + "/ocp_" + cluster;
  fs::create_directories(*dir);
  return RunNise(data.dir, data.dir,
                 std::string("report ocp --static-report-file ") + yaml + " --ocp-cluster-id " + cluster +
                     " --start-date 2026-10-01 --end-date 2026-10-03 --insights-upload " + *dir,
                 &data.error);
}

NiseData& Generated() {
  static NiseData data;
  static bool done = false;
  if (done) return data;
  done = true;
  data.dir = FreshDirectory("ocp-aws-nise");
  auto write = [&](const std::string& name, const char* text) {
    std::ofstream(data.dir + "/" + name) << text;
  };
  write("ocp_a.yml", kOcpAYaml);
  write("ocp_b.yml", kOcpBYaml);
  if (!NiseAwsCur(kAwsYaml, "2026-10-01", "2026-10-03", data)) return data;
  if (!NiseOcp(data, "ocp_a.yml", kClusterA, &data.ocp_a)) return data;
  // Savings-plan covered hours for cluster A's instance (see the top of the file).
  EditCsv(data.aws_csv,
          "SELECT * EXCLUDE (covered) REPLACE ("
          " CASE WHEN covered THEN 'SavingsPlanCoveredUsage' ELSE \"lineItem/LineItemType\" END AS "
          "\"lineItem/LineItemType\","
          " CASE WHEN covered THEN '0.15' ELSE \"savingsPlan/SavingsPlanEffectiveCost\" END AS "
          "\"savingsPlan/SavingsPlanEffectiveCost\")"
          " FROM (SELECT *, \"lineItem/ResourceId\" = " +
              SqlLiteral(kNodeA) +
              " AND \"product/productFamily\" = 'Compute Instance' AND \"lineItem/UsageStartDate\" LIKE "
              "'2026-10-01 0%' AS covered FROM cur)",
          &data.error);
  return data;
}

/// The AWS CUR and cluster A, plus cluster B when `with_b` (only the two-cluster tests need it).
const NiseData& Generated(bool with_b) {
  NiseData& data = Generated();
  if (with_b && data.error.empty() && data.ocp_b.empty()) NiseOcp(data, "ocp_b.yml", kClusterB, &data.ocp_b);
  return data;
}

/// The AWS cost of the CSV rows of `category` between two days, as Koku defines the four columns for
/// OCP-on-AWS (ocp_on_aws.md §3.2): covered usage has no unblended or blended cost; amortized cost is the
/// unblended cost of Usage and Tax rows and the savings-plan effective cost of every other row.
struct AwsCost {
  double unblended = 0, blended = 0, savingsplan = 0, amortized = 0;
  int64_t rows = 0;
  double usage = 0;              ///< lineItem/UsageAmount
  double in_gb = 0, out_gb = 0;  ///< usage of data transfer in / out, by Koku's direction rule (§3.2)
};

/// `only`: restrict to resource ids containing it.
std::map<std::string, AwsCost> CsvCostByCategory(const std::string& csv, const std::string& first_day,
                                                 const std::string& last_day, const std::string& only = "") {
  Engine engine;
  std::string rid = "\"lineItem/ResourceId\"";
  std::string category = "CASE WHEN " + rid + " = '" + kNodeA +
                         "' AND \"product/productFamily\" = 'Data Transfer' THEN 'network' WHEN " + rid +
                         " = '" + kNodeA + "' THEN 'compute' WHEN " + rid + " = '" + kNodeB +
                         "' THEN 'compute_b' WHEN " + rid + " = '" + kVolume + "' THEN 'disk' WHEN " + rid +
                         " LIKE '%" + kS3Id + "%' OR " + rid + " LIKE '%" + kRdsId + "%' OR " + rid +
                         " LIKE '%" + kVpcId + "%' OR " + rid + " LIKE '%" + kTaggedVolumeId +
                         "%' THEN 'tag' ELSE 'other' END";
  auto batches = engine.QueryAll(
      "WITH r AS (SELECT " + category +
          " AS category, \"lineItem/LineItemType\" AS t, CAST(\"lineItem/UnblendedCost\" AS DOUBLE) AS u, "
          "CAST(\"lineItem/BlendedCost\" AS DOUBLE) AS b, "
          "coalesce(TRY_CAST(\"savingsPlan/SavingsPlanEffectiveCost\" AS DOUBLE), 0) AS sp, "
          "CAST(\"lineItem/UsageAmount\" AS DOUBLE) AS usage, lower(\"lineItem/UsageType\") AS ut, "
          "lower(\"lineItem/Operation\") AS op, \"product/productFamily\" = 'Data Transfer' AS dt FROM "
          "read_csv(" +
          SqlLiteral(csv) +
          ", all_varchar = true, header = true) WHERE substr(\"lineItem/UsageStartDate\", 1, 10) "
          "BETWEEN '" +
          first_day + "' AND '" + last_day + "' AND \"lineItem/ResourceId\" LIKE " +
          SqlLiteral("%" + only + "%") +
          ") SELECT category, sum(CASE WHEN t = 'SavingsPlanCoveredUsage' THEN 0 ELSE u END), "
          "sum(CASE WHEN t = 'SavingsPlanCoveredUsage' THEN 0 ELSE b END), sum(sp), "
          "sum(CASE WHEN t IN ('Usage', 'Tax') THEN u ELSE sp END), count(*), sum(usage), "
          "sum(CASE WHEN dt AND (ut LIKE '%in-bytes%' OR (ut NOT LIKE '%out-bytes%' AND ut LIKE "
          "'%regional-bytes%' AND op LIKE '%-in%')) THEN usage ELSE 0 END), "
          "sum(CASE WHEN dt AND (ut LIKE '%out-bytes%' OR (ut NOT LIKE '%in-bytes%' AND ut LIKE "
          "'%regional-bytes%' AND op LIKE '%-out%')) THEN usage ELSE 0 END) FROM r GROUP BY category",
      "CSV costs");
  std::map<std::string, AwsCost> out;
  for (const auto& batch : batches) {
    for (size_t r = 0; r < batch.rows; ++r) {
      out[batch.columns[0].texts[r]] = {batch.columns[1].doubles[r], batch.columns[2].doubles[r],
                                        batch.columns[3].doubles[r], batch.columns[4].doubles[r],
                                        batch.columns[5].ints[r],    batch.columns[6].doubles[r],
                                        batch.columns[7].doubles[r], batch.columns[8].doubles[r]};
    }
  }
  return out;
}

/// The tag keys Koku would have enabled: env and app for AWS, app for OpenShift.
const std::vector<std::pair<std::string, std::string>> kTagKeys = {
    {"env", "AWS"}, {"app", "AWS"}, {"app", "OCP"}};

class SummarizeOcpAwsTest : public NiseDataTest {
 protected:
  SummarizeOcpAwsTest() : NiseDataTest("ocp-aws-root") {}
  std::string Generate() override {
    data_ = &Generated(false);
    return data_->error;
  }

  /// Ingests the CUR and the clusters' CSV into `root` for this test's schema.
  void Ingest(const std::string& root, bool with_b, const std::map<std::string, std::string>& env = {}) {
    ASSERT_NO_FATAL_FAILURE(Ok(
        {"ingest", "aws", "--from", data_->aws, "--to", root, "--schema", schema(), "--source", kAws}, env));
    ASSERT_NO_FATAL_FAILURE(
        Ok({"ingest", "ocp", "--from", data_->ocp_a, "--to", root, "--schema", schema(), "--source", kOcpA},
           env));
    if (with_b) {
      data_ = &Generated(true);
      ASSERT_TRUE(data_->error.empty()) << data_->error;
      ASSERT_NO_FATAL_FAILURE(
          Ok({"ingest", "ocp", "--from", data_->ocp_b, "--to", root, "--schema", schema(), "--source", kOcpB},
             env));
    }
  }

  /// init-db on PostgreSQL and kTagKeys.
  void InitPg() { ASSERT_NO_FATAL_FAILURE(InitDb(uri(), kTagKeys)); }

  static std::vector<std::string> Range(const std::string& first, const std::string& last) {
    return {"--year", "2026", "--month", "10", "--start-date", first, "--end-date", last};
  }

  void SummarizeOcp(const char* source, const char* cluster, const std::string& input,
                    const std::string& output, const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args = {"summarize",       "ocp",
                                     "--schema",        schema(),
                                     "--source",        source,
                                     "--cluster-id",    cluster,
                                     "--input",         input,
                                     "--output",        output,
                                     "--cluster-alias", std::string("Alias ") + cluster};
    for (auto& a : Range(kFirstDay, kLastDay)) args.push_back(a);
    ASSERT_NO_FATAL_FAILURE(Ok(args, env));
  }

  std::vector<std::string> OcpAwsArgs(const char* ocp_source, const std::string& input,
                                      const std::string& output, const std::string& first = kFirstDay,
                                      const std::string& last = kLastDay) {
    std::vector<std::string> args = {"summarize", "ocp-aws",      "--schema", schema(),  "--ocp-source",
                                     ocp_source,  "--aws-source", kAws,       "--input", input,
                                     "--output",  output,         "--json"};
    for (auto& a : Range(first, last)) args.push_back(a);
    return args;
  }

  std::map<std::string, std::string> Checksums(const std::string& project_where,
                                               const std::string& ui_where) {
    std::map<std::string, std::string> sums;
    sums[kProjectTable] = Checksum(kProjectTable, project_where);
    for (const auto& t : kUiTables) sums[t] = Checksum(t, ui_where);
    return sums;
  }

  /// Rows of the whole output of one pair, for "nothing written" checks.
  int64_t OutputRows() {
    int64_t n = 0;
    for (const auto& t : AllTables()) n += Count(t);
    return n;
  }

  std::string ReportPeriod(const char* source) {
    return conn()
        .Query("SELECT id::text FROM " + Table("reporting_ocpusagereportperiod") + " WHERE provider_id = '" +
               source + "'")
        .Scalar();
  }

  const NiseData* data_ = nullptr;
};

// 1. Through MinIO and PostgreSQL: the project table conserves every matched AWS cost, and the UI tables are
// the project table's grouped sums.
TEST_F(SummarizeOcpAwsTest, ConservesMatchedAwsCostThroughS3AndPostgres) {
  COSTAGG_REQUIRE_S3(server);
  auto env = S3Env(server->Options());
  std::string root = "s3://" + server->NewBucket("ocp-aws") + "/koku";
  ASSERT_NO_FATAL_FAILURE(Ingest(root, false, env));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root, uri(), env));
  auto args = OcpAwsArgs(kOcpA, root, uri());
  args.insert(args.end(), {"--markup", "0.1"});
  auto r = RunCostagg(args, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"status\":\"ok\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(server->Options().secret_key), std::string::npos);
  EXPECT_EQ(r.err.find(server->Options().secret_key), std::string::npos);
  auto checksums = Checksums("true", "true");
  // A wrong secret and a missing bucket fail with one line, never showing the secret, and change nothing.
  auto bad = env;
  bad["S3_SECRET_KEY"] = "not-the-secret-4711";
  r = RunCostagg(args, bad);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("access denied"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not-the-secret-4711"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("not-the-secret-4711"), std::string::npos) << r.out;
  auto missing = OcpAwsArgs(kOcpA, "s3://no-such-bucket-e2e/koku", uri());
  r = RunCostagg(missing, env);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("costagg: error: s3://no-such-bucket-e2e: bucket does not exist\n"), std::string::npos)
      << r.err;
  EXPECT_EQ(Checksums("true", "true"), checksums);

  // Non-empty where the data has rows; the database and network tables get the RDS and VPC rows.
  for (const auto& t : AllTables()) EXPECT_GT(Count(t), 0) << t;
  EXPECT_EQ(Count(kProjectTable, "cluster_id <> '" + std::string(kClusterA) + "'"), 0);
  EXPECT_EQ(Count(kProjectTable, "source_uuid <> '" + std::string(kAws) + "'"), 0);
  EXPECT_EQ(Count(kProjectTable, "usage_start <> usage_end"), 0);

  auto csv = CsvCostByCategory(data_->aws_csv, kFirstDay, kLastDay);
  ASSERT_EQ(csv.count("compute") + csv.count("network") + csv.count("disk") + csv.count("tag"), 4u);
  ASSERT_GT(csv["compute"].savingsplan, 0);  // the edit took
  const std::string node_a = "resource_id = '" + std::string(kNodeA) + "'";
  const std::map<std::string, std::string> project_where = {
      {"compute", node_a + " AND data_transfer_direction IS NULL"},
      {"network", "namespace = 'Network unattributed'"},
      {"disk", "resource_id = '" + std::string(kVolume) + "'"},
      {"tag", "resource_id NOT IN ('" + std::string(kNodeA) + "', '" + kVolume + "')"}};
  const std::vector<std::pair<std::string, double AwsCost::*>> columns = {
      {"unblended_cost", &AwsCost::unblended},
      {"blended_cost", &AwsCost::blended},
      {"savingsplan_effective_cost", &AwsCost::savingsplan},
      {"calculated_amortized_cost", &AwsCost::amortized}};
  AwsCost total;
  for (const auto& [category, where] : project_where) {
    for (const auto& [column, member] : columns) {
      // To the cent and much better: the only loss is the 15 (9 for amortized) decimal rounding per row.
      EXPECT_NEAR(Sum(column, kProjectTable, where), csv[category].*member, 1e-6)
          << category << " " << column;
      total.*member += csv[category].*member;
    }
  }
  for (const auto& [column, member] : columns) {
    EXPECT_NEAR(Sum(column, kProjectTable, "true"), total.*member, 1e-6) << "whole table, " << column;
  }
  // Usage amounts are split, never multiplied (Q14): compute and tag rows share the AWS usage out, network
  // rows carry it whole, and so does the claim's storage row (the unattributed one has none). Data in and out
  // are the transfer rows' usage by direction; every other row has 0.
  for (const char* category : {"compute", "network", "disk", "tag"}) {
    EXPECT_NEAR(Sum("usage_amount", kProjectTable, project_where.at(category)), csv[category].usage, 1e-6)
        << category;
  }
  EXPECT_GT(csv["network"].in_gb, 0);
  EXPECT_GT(csv["network"].out_gb, 0);
  EXPECT_NEAR(csv["network"].in_gb + csv["network"].out_gb, csv["network"].usage, 1e-9);
  EXPECT_NEAR(Sum("infrastructure_data_in_gigabytes", kProjectTable, "true"), csv["network"].in_gb, 1e-6);
  EXPECT_NEAR(Sum("infrastructure_data_out_gigabytes", kProjectTable, "true"), csv["network"].out_gb, 1e-6);
  EXPECT_NEAR(Sum("usage_amount", kProjectTable, "data_transfer_direction = 'IN'"), csv["network"].in_gb,
              1e-6);
  EXPECT_EQ(
      Count(kProjectTable,
            "data_transfer_direction IS NULL AND (infrastructure_data_in_gigabytes IS DISTINCT FROM 0 OR "
            "infrastructure_data_out_gigabytes IS DISTINCT FROM 0)"),
      0);

  // The markup is 10% of each cost.
  for (const auto& [cost, markup] : std::vector<std::pair<std::string, std::string>>{
           {"unblended_cost", "markup_cost"},
           {"blended_cost", "markup_cost_blended"},
           {"savingsplan_effective_cost", "markup_cost_savingsplan"},
           {"calculated_amortized_cost", "markup_cost_amortized"}}) {
    EXPECT_NEAR(Sum(markup, kProjectTable, "true"), 0.1 * Sum(cost, kProjectTable, "true"), 1e-6) << markup;
  }

  // The shapes that carry the cost: compute rows for both namespaces and the unallocated capacity; the PVC
  // row and the unattributed rest of the disk; one network row per direction per day; the tag-matched rows
  // only in the tagged namespace (shop: S3, api: RDS) or in the cluster's namespaces (VPC), never in
  // unallocated ones.
  auto names = [&](const std::string& where) {
    auto q = conn().Query(
        "SELECT string_agg(DISTINCT coalesce(namespace, 'NULL'), ',' ORDER BY coalesce("
        "namespace, 'NULL')) FROM " +
        Table(kProjectTable) + " WHERE " + where);
    return q.rows[0][0].value_or("");
  };
  EXPECT_EQ(names(project_where.at("compute") + " AND unblended_cost IS NOT NULL"),
            "Worker unallocated,api,shop");
  EXPECT_EQ(names(project_where.at("disk")), "Storage unattributed,shop");
  EXPECT_EQ(
      conn()
          .Query("SELECT count(DISTINCT usage_start)::text FROM " + Table(kProjectTable) + " WHERE " +
                 project_where.at("disk") +
                 " AND namespace = 'shop' AND persistentvolumeclaim = 'web-data' AND data_source = 'Storage'")
          .Scalar(),
      "2");
  EXPECT_EQ(
      Count(kProjectTable, "namespace = 'Network unattributed' AND data_transfer_direction IN ('IN', 'OUT')"),
      Count(kProjectTable, "namespace = 'Network unattributed'"));
  EXPECT_EQ(conn()
                .Query("SELECT count(DISTINCT (usage_start, data_transfer_direction))::text FROM " +
                       Table(kProjectTable) + " WHERE namespace = 'Network unattributed'")
                .Scalar(),
            "4");
  EXPECT_EQ(names("resource_id LIKE '%" + std::string(kS3Id) + "%'"), "shop");
  EXPECT_EQ(names("resource_id LIKE '%" + std::string(kRdsId) + "%'"), "api");
  EXPECT_EQ(names("resource_id LIKE '%" + std::string(kVpcId) + "%'"), "api,shop");
  EXPECT_EQ(names("resource_id LIKE '%" + std::string(kTaggedVolumeId) + "%'"), "api");
  EXPECT_EQ(conn()
                .Query("SELECT string_agg(DISTINCT tags::text, ',') FROM " + Table(kProjectTable) +
                       " WHERE resource_id LIKE '%" + kTaggedVolumeId + "%'")
                .Scalar(),
            "{\"app\": \"api\", \"env\": \"prod\"}");
  // Compute cost shares follow the CPU effective usage: shop 1 and api 2 of 4 cores, the rest unallocated.
  double compute = csv["compute"].amortized;
  for (const auto& [ns, share] : std::vector<std::pair<std::string, double>>{
           {"shop", 0.25}, {"api", 0.5}, {"Worker unallocated", 0.25}}) {
    EXPECT_NEAR(Sum("calculated_amortized_cost", kProjectTable,
                    project_where.at("compute") + " AND namespace = '" + ns + "'"),
                share * compute, 1e-6)
        << ns;
  }
  // The disk: 5 GiB claim of an estimated 20 GB volume.
  EXPECT_NEAR(Sum("unblended_cost", kProjectTable, project_where.at("disk") + " AND namespace = 'shop'"),
              0.25 * csv["disk"].unblended, 1e-6);

  // No row counted twice: every row is its own group of Koku's insert (§3.12).
  EXPECT_EQ(
      conn()
          .Query("SELECT (count(*) = count(DISTINCT (usage_start, cluster_id, data_source, namespace, node, "
                 "persistentvolumeclaim, persistentvolume, storageclass, resource_id, product_code, "
                 "product_family, instance_type, usage_account_id, availability_zone, region, unit, "
                 "data_transfer_direction, currency_code, tags::text, aws_cost_category::text, "
                 "cost_category_id)))::text FROM " +
                 Table(kProjectTable))
          .Scalar(),
      "true");

  // Each UI table = the grouped sums of the project table (within 1e-6: the UI tables sum unrounded doubles).
  struct Ui {
    std::string table, keys, filter;
    bool usage;
  };
  const std::string account = "usage_account_id, account_alias_id";
  const std::vector<Ui> uis = {
      {"reporting_ocpaws_cost_summary_p", "", "true", false},
      {"reporting_ocpaws_cost_summary_by_account_p", account, "true", false},
      {"reporting_ocpaws_cost_summary_by_region_p", account + ", region, availability_zone", "true", false},
      {"reporting_ocpaws_cost_summary_by_service_p", account + ", product_code, product_family", "true",
       false},
      {"reporting_ocpaws_compute_summary_p", account + ", instance_type, resource_id",
       "instance_type IS NOT NULL", true},
      {"reporting_ocpaws_storage_summary_p", account + ", product_family",
       "product_family LIKE '%Storage%' AND unit = 'GB-Mo'", true},
      {"reporting_ocpaws_database_summary_p", account + ", product_code",
       "product_code IN ('AmazonRDS', 'AmazonDynamoDB', 'AmazonElastiCache', 'AmazonNeptune', "
       "'AmazonRedshift', "
       "'AmazonDocumentDB')",
       true},
      {"reporting_ocpaws_network_summary_p", account + ", product_code",
       "product_code IN ('AmazonVPC', 'AmazonCloudFront', 'AmazonRoute53', 'AmazonAPIGateway')", true},
  };
  ASSERT_EQ(uis.size(), kUiTables.size());
  for (const auto& ui : uis) {
    std::string keys = "usage_start, cluster_id, cluster_alias, source_uuid, currency_code" +
                       (ui.keys.empty() ? "" : ", " + ui.keys);
    std::vector<std::string> measures = kCostColumns;
    if (ui.usage) measures.push_back("usage_amount");
    // Both sides in one list, grouped by the keys (GROUP BY takes NULLs as equal): every group must have one
    // row of each side and equal measures.
    std::string sums, plain, same;
    for (const auto& m : measures) {
      sums += ", sum(" + m + ") AS " + m;
      plain += ", " + m;
      std::string pm = "max(" + m + ") FILTER (WHERE side = 'p')",
                  um = "max(" + m + ") FILTER (WHERE side = 'u')";
      same += " AND (" + pm + " IS NULL) = (" + um + " IS NULL) AND coalesce(abs(" + pm + " - " + um +
              "), 0) <= 1e-6";
    }
    std::string sql =
        "WITH p AS (SELECT " + keys + sums + " FROM " + Table(kProjectTable) + " WHERE " + ui.filter +
        " GROUP BY " + keys + "), b AS (SELECT 'p' AS side, " + keys + plain +
        " FROM p UNION ALL SELECT 'u', " + keys + plain + " FROM " + Table(ui.table) +
        "), g AS (SELECT count(*) FILTER (WHERE side = 'p') = 1 AND count(*) FILTER (WHERE side = "
        "'u') = 1" +
        same + " AS ok FROM b GROUP BY " + keys +
        ") SELECT count(*) FILTER (WHERE NOT ok)::text || ' of ' || count(*)::text FROM g";
    auto q = conn().Query(sql);
    EXPECT_EQ(q.Scalar(), "0 of " + std::to_string(Count(ui.table))) << ui.table;
  }
}

// 2. A second identical run leaves every row of the nine tables as it was (the random ids aside).
TEST_F(SummarizeOcpAwsTest, RerunLeavesIdenticalRows) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));
  auto r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto before = Checksums("true", "true");
  int64_t rows = OutputRows();
  ASSERT_GT(rows, 0);
  r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = nlohmann::json::parse(r.out);
  int64_t deleted = 0, inserted = 0;
  for (const auto& t : report["tables"]) {
    deleted += t["deleted"].get<int64_t>();
    inserted += t["inserted"].get<int64_t>();
  }
  EXPECT_EQ(deleted, rows);
  EXPECT_EQ(inserted, rows);
  EXPECT_EQ(Checksums("true", "true"), before);

  // The whole month (no --start-date/--end-date: Koku's 5-day chunks over October) gives the same rows.
  auto month = OcpAwsArgs(kOcpA, root_, uri());
  month.resize(month.size() - 4);
  r = RunCostagg(month);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"start_date\":\"2026-10-01\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"end_date\":\"2026-10-31\""), std::string::npos) << r.out;
  EXPECT_EQ(Checksums("true", "true"), before);

  // Memory distribution replaces the rows with memory shares (effective usage = max(usage, request): shop 2
  // and api 4 of the node's 16 GiB, the rest unallocated); back to cpu gives the first rows again.
  auto memory = OcpAwsArgs(kOcpA, root_, uri());
  memory.insert(memory.end(), {"--distribution", "memory"});
  r = RunCostagg(memory);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OutputRows(), rows);
  double compute = CsvCostByCategory(data_->aws_csv, kFirstDay, kLastDay)["compute"].amortized;
  std::string compute_rows =
      "resource_id = '" + std::string(kNodeA) + "' AND data_transfer_direction IS NULL";
  for (const auto& [ns, share] : std::vector<std::pair<std::string, double>>{
           {"shop", 2.0 / 16}, {"api", 4.0 / 16}, {"Worker unallocated", 10.0 / 16}}) {
    EXPECT_NEAR(
        Sum("calculated_amortized_cost", kProjectTable, compute_rows + " AND namespace = '" + ns + "'"),
        share * compute, 1e-6)
        << ns;
  }
  r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Checksums("true", "true"), before);

  // With app no longer enabled for AWS the volume tagged app: api matches nothing: its rows go, and the rest
  // is still the matched cost. Enabled again, the first rows come back.
  std::string volume = "resource_id LIKE '%" + std::string(kTaggedVolumeId) + "%'";
  ASSERT_GT(Count(kProjectTable, volume), 0);
  std::string keys = Table("reporting_enabledtagkeys");
  conn().Execute("UPDATE " + keys + " SET enabled = false WHERE key = 'app' AND provider_type = 'AWS'");
  r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count(kProjectTable, volume), 0);
  auto csv = CsvCostByCategory(data_->aws_csv, kFirstDay, kLastDay);
  auto tagged_volume = CsvCostByCategory(data_->aws_csv, kFirstDay, kLastDay, kTaggedVolumeId);
  EXPECT_GT(tagged_volume["tag"].amortized, 0);
  EXPECT_NEAR(Sum("calculated_amortized_cost", kProjectTable, "true"),
              csv["compute"].amortized + csv["network"].amortized + csv["disk"].amortized +
                  csv["tag"].amortized - tagged_volume["tag"].amortized,
              1e-6);
  conn().Execute("UPDATE " + keys + " SET enabled = true WHERE key = 'app' AND provider_type = 'AWS'");
  r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Checksums("true", "true"), before);
}

// 3. Two clusters on one AWS source: rerunning one pair (over a shorter range) leaves the other pair's rows
// as they were, and the rerun pair has no duplicates.
TEST_F(SummarizeOcpAwsTest, RerunOfOnePairLeavesTheOtherPairUntouched) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, true));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpB, kClusterB, root_, uri()));
  for (const char* source : {kOcpA, kOcpB}) {
    auto r = RunCostagg(OcpAwsArgs(source, root_, uri()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string period_a = "report_period_id = " + ReportPeriod(kOcpA);
  std::string period_b = "report_period_id = " + ReportPeriod(kOcpB);
  std::string cluster_a = "cluster_id = '" + std::string(kClusterA) + "'";
  std::string cluster_b = "cluster_id = '" + std::string(kClusterB) + "'";
  auto a = Checksums(period_a, cluster_a);
  auto b = Checksums(period_b, cluster_b);
  // Cluster B gets its node's cost and half the S3 bucket (tagged openshift_project: shop, a namespace of
  // both clusters: Koku divides tag-matched cost by the number of matching clusters); across both pairs every
  // matched AWS cost is there once.
  auto csv = CsvCostByCategory(data_->aws_csv, kFirstDay, kLastDay);
  std::string s3 = "resource_id LIKE '%" + std::string(kS3Id) + "%'";
  EXPECT_NEAR(Sum("unblended_cost", kProjectTable, period_b + " AND resource_id = '" + kNodeB + "'"),
              csv["compute_b"].unblended, 1e-6);
  double s3_cost = Sum("unblended_cost", kProjectTable, s3);
  EXPECT_GT(s3_cost, 0);
  EXPECT_NEAR(Sum("unblended_cost", kProjectTable, period_b + " AND " + s3), s3_cost / 2, 1e-6);
  EXPECT_NEAR(Sum("unblended_cost", kProjectTable, period_a + " AND " + s3), s3_cost / 2, 1e-6);
  EXPECT_EQ(Count(kProjectTable, period_b + " AND NOT (" + s3 + " OR resource_id = '" + kNodeB + "')"), 0);
  double matched = csv["compute"].unblended + csv["network"].unblended + csv["disk"].unblended +
                   csv["tag"].unblended + csv["compute_b"].unblended;
  EXPECT_NEAR(Sum("unblended_cost", kProjectTable, "true"), matched, 1e-6);
  EXPECT_NEAR(Sum("unblended_cost", "reporting_ocpaws_cost_summary_p", "true"), matched, 1e-6);
  EXPECT_NEAR(Sum("unblended_cost", "reporting_ocpaws_cost_summary_p", cluster_b),
              Sum("unblended_cost", kProjectTable, period_b), 1e-6);
  EXPECT_GT(Count(kProjectTable, period_a), 0);
  EXPECT_EQ(Count(kProjectTable), Count(kProjectTable, period_a) + Count(kProjectTable, period_b));

  // Pair A again, for 2026-10-02 only, then for both days.
  for (const auto& first : {std::string(kLastDay), std::string(kFirstDay)}) {
    auto r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri(), first, kLastDay));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Checksums(period_b, cluster_b), b) << "after rerunning A from " << first;
    EXPECT_EQ(Checksums(period_a, cluster_a), a) << "after rerunning A from " << first;
  }
  // Pair B again: A untouched.
  auto r = RunCostagg(OcpAwsArgs(kOcpB, root_, uri(), kFirstDay, kFirstDay));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Checksums(period_a, cluster_a), a);
  EXPECT_EQ(Checksums(period_b, cluster_b), b);

  // The same CUR as a second AWS source paired with cluster A (as when Koku's pairing changes within a
  // month): its rows are its own (its bill, its source_uuid); the first source's rows of both pairs stay.
  ASSERT_NO_FATAL_FAILURE(
      Ok({"ingest", "aws", "--from", data_->aws, "--to", root_, "--schema", schema(), "--source", kAws2}));
  auto args = OcpAwsArgs(kOcpA, root_, uri());
  args[7] = kAws2;  // --aws-source
  r = RunCostagg(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string first_source = " AND source_uuid = '" + std::string(kAws) + "'";
  std::string second_source = " AND source_uuid = '" + std::string(kAws2) + "'";
  EXPECT_EQ(Checksums(period_a + first_source, cluster_a + first_source), a);
  EXPECT_EQ(Checksums(period_b, cluster_b), b);
  EXPECT_EQ(Count(kProjectTable, period_a + second_source), Count(kProjectTable, period_a + first_source));
  EXPECT_EQ(
      Count(kProjectTable, second_source.substr(5) + " AND cost_entry_bill_id = (SELECT min(id) FROM " +
                               Table("reporting_awscostentrybill") + " WHERE provider_id = '" + kAws2 + "')"),
      Count(kProjectTable, period_a + second_source));
  for (const auto& table : AllTables()) {
    EXPECT_NEAR(Sum("calculated_amortized_cost", table, cluster_a + second_source),
                Sum("calculated_amortized_cost", table, cluster_a + first_source), 1e-6)
        << table;
  }
}

// 4. Errors: one line naming what is wrong, exit 1, nothing written; an empty range is no_data.
TEST_F(SummarizeOcpAwsTest, ErrorsNameTheCauseAndWriteNothing) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  auto nothing_written = [&](const std::string& what) {
    EXPECT_EQ(OutputRows(), 0) << what;
    EXPECT_EQ(Count("reporting_awscostentrybill"), 0) << what;
    EXPECT_EQ(Count("reporting_awsaccountalias"), 0) << what;
  };
  // Exactly one error line, the last thing on stderr.
  auto one_line = [](const std::string& err) {
    size_t at = err.find("costagg: error: ");
    return at != std::string::npos && err.find("costagg: error: ", at + 1) == std::string::npos &&
           err.find('\n', at) == err.size() - 1;
  };

  // Before summarize ocp: no OpenShift report period.
  auto r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("no OpenShift report period of source " + std::string(kOcpA)), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("run costagg summarize ocp"), std::string::npos) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  nothing_written("before summarize ocp");

  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));

  // A schema the database does not have (its parquet is there).
  std::string other_root = FreshDirectory("ocp-aws-other-schema");
  ASSERT_NO_FATAL_FAILURE(Ok({"ingest", "aws", "--from", data_->aws, "--to", other_root, "--schema",
                              "org_no_such_schema", "--source", kAws}));
  auto args = OcpAwsArgs(kOcpA, other_root, uri());
  args[3] = "org_no_such_schema";
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("schema org_no_such_schema does not exist"), std::string::npos) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  fs::remove_all(other_root);
  // A schema whose parquet is not under --input.
  args = OcpAwsArgs(kOcpA, root_, uri());
  args[3] = "org_no_such_schema";
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("org_no_such_schema"), std::string::npos) << r.err;
  nothing_written("wrong schema");

  // --input without AWS parquet (only the OpenShift source's).
  std::string ocp_only = FreshDirectory("ocp-aws-ocp-only");
  ASSERT_NO_FATAL_FAILURE(Ok(
      {"ingest", "ocp", "--from", data_->ocp_a, "--to", ocp_only, "--schema", schema(), "--source", kOcpA}));
  r = RunCostagg(OcpAwsArgs(kOcpA, ocp_only, uri()));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(ocp_only), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no AWS parquet"), std::string::npos) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  fs::remove_all(ocp_only);
  nothing_written("no AWS parquet");

  // --bill-id of another AWS source's bill.
  std::string bill = conn()
                         .Query("INSERT INTO " + Table("reporting_awscostentrybill") +
                                " (billing_resource, bill_type, payer_account_id, billing_period_start, "
                                "billing_period_end, provider_id) VALUES ('1', 'Anniversary', '1', "
                                "'2026-10-01 00:00:00+00', '2026-11-01 00:00:00+00', "
                                "'0a00e2e0-0000-4000-8000-0000000000ff') RETURNING id::text")
                         .Scalar();
  args = OcpAwsArgs(kOcpA, root_, uri());
  args.insert(args.end(), {"--bill-id", bill});
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("--bill-id " + bill + " is not the bill of AWS source " + kAws), std::string::npos)
      << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_EQ(OutputRows(), 0);
  EXPECT_EQ(Count("reporting_awscostentrybill"), 1);
  EXPECT_EQ(Count("reporting_awsaccountalias"), 0);
  conn().Execute("DELETE FROM " + Table("reporting_awscostentrybill"));

  // Usage errors exit 2 before touching anything.
  struct UsageCase {
    std::string first, last;
    std::vector<std::string> extra;
    std::string message;
  };
  for (const auto& [first, last, extra, message] : std::vector<UsageCase>{
           {kFirstDay, "2026-11-02", {}, "--end-date 2026-11-02 is outside --year/--month 2026-10"},
           {"2026-09-30", kLastDay, {}, "--start-date 2026-09-30 is outside --year/--month 2026-10"},
           {kLastDay, kFirstDay, {}, "--end-date 2026-10-01 is before --start-date 2026-10-02"},
           {kFirstDay, kLastDay, {"--markup", "ten"}, "--markup: 'ten' is not a markup fraction"},
           {kFirstDay,
            kLastDay,
            {"--distribution", "storage"},
            "--distribution: 'storage' is not a Koku distribution"},
       }) {
    args = OcpAwsArgs(kOcpA, root_, uri(), first, last);
    args.insert(args.end(), extra.begin(), extra.end());
    r = RunCostagg(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
  nothing_written("usage errors");

  // No AWS rows in the range: status no_data, exit 0, nothing written.
  r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri(), "2026-10-20", "2026-10-25"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"status\":\"no_data\""), std::string::npos) << r.out;
  nothing_written("empty range");
  // A month without any AWS parquet is no data too.
  args = OcpAwsArgs(kOcpA, root_, uri(), "2026-11-01", "2026-11-30");
  args[args.size() - 5] = "11";  // --month
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"status\":\"no_data\""), std::string::npos) << r.out;
  nothing_written("empty month");
}

// 5. The embedded output: the same input into a DuckDB file gives the same rows as PostgreSQL.
TEST_F(SummarizeOcpAwsTest, DuckDbFileHoldsTheSameRowsAsPostgres) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));
  auto r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::string file = root_ + "/out.duckdb";
  std::string out = "duckdb:" + file;
  ASSERT_NO_FATAL_FAILURE(InitDb(out, kTagKeys));
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, out));
  for (int run = 0; run < 2; ++run) {  // the second run replaces the first one's rows
    r = RunCostagg(OcpAwsArgs(kOcpA, root_, out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"status\":\"ok\""), std::string::npos) << r.out;
  }

  // Ids are the databases' own (uuid, id, and the serial keys of the period, bill and alias rows).
  const std::set<std::string> ids = {"report_period_id", "cost_entry_bill_id", "account_alias_id"};
  for (const auto& table : AllTables()) {
    SCOPED_TRACE(table);
    TableRows pg = ReadPgTable(conn(), schema(), table, ids);
    ASSERT_GT(pg.columns.size(), 5u);
    TableRows duck = ReadDuckDbTable(file, schema(), table, pg);
    ASSERT_EQ(duck.rows.size(), pg.rows.size());
    EXPECT_GT(pg.rows.size(), 0u);
    ASSERT_NO_FATAL_FAILURE(ExpectSameRows(pg, duck));
  }
}

// 6. The bill and account alias rows Koku's AWS processing would have made: one bill for the source and
// month, one alias per usage account, and none more on a second run.
TEST_F(SummarizeOcpAwsTest, CreatesOneBillAndOneAliasPerAccountOnce) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));
  std::string bills =
      "SELECT string_agg(id::text || ' ' || provider_id::text || ' ' || "
      "billing_period_start::date::text, ',') FROM " +
      Table("reporting_awscostentrybill");
  std::string aliases = "SELECT string_agg(id::text || ' ' || account_id, ',' ORDER BY account_id) FROM " +
                        Table("reporting_awsaccountalias");
  ASSERT_EQ(Count("reporting_awscostentrybill"), 0);
  ASSERT_EQ(Count("reporting_awsaccountalias"), 0);
  auto r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count("reporting_awscostentrybill"), 1);
  EXPECT_EQ(Count("reporting_awscostentrybill", "provider_id = '" + std::string(kAws) +
                                                    "' AND billing_period_start = '2026-10-01 00:00:00+00'"),
            1);
  // The usage accounts of the CSV's rows in the range.
  Engine engine;
  auto accounts = engine.QueryAll(
      "SELECT string_agg(DISTINCT \"lineItem/UsageAccountId\", ',' ORDER BY "
      "\"lineItem/UsageAccountId\") FROM read_csv(" +
          SqlLiteral(data_->aws_csv) + ", all_varchar = true, header = true)",
      "accounts");
  EXPECT_EQ(accounts[0].columns[0].texts[0], "900000000001,900000000002");
  EXPECT_EQ(conn()
                .Query("SELECT string_agg(account_id, ',' ORDER BY account_id) FROM " +
                       Table("reporting_awsaccountalias"))
                .Scalar(),
            accounts[0].columns[0].texts[0]);
  // Every project row points at that bill and its account's alias.
  std::string bill_id = conn().Query("SELECT id::text FROM " + Table("reporting_awscostentrybill")).Scalar();
  EXPECT_EQ(Count(kProjectTable, "cost_entry_bill_id IS DISTINCT FROM " + bill_id), 0);
  EXPECT_EQ(Count(kProjectTable, "account_alias_id IS DISTINCT FROM (SELECT id FROM " +
                                     Table("reporting_awsaccountalias") +
                                     " a WHERE a.account_id = usage_account_id)"),
            0);
  std::string bills_before = conn().Query(bills).Scalar();
  std::string aliases_before = conn().Query(aliases).Scalar();
  r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(conn().Query(bills).Scalar(), bills_before);
  EXPECT_EQ(conn().Query(aliases).Scalar(), aliases_before);
}

// 6b. A bill and an alias Koku's AWS processing already made are used, not duplicated or renamed, and
// --bill-id naming that bill gives the same rows.
TEST_F(SummarizeOcpAwsTest, UsesTheBillAndAliasesKokuAlreadyHas) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));
  std::string bill = conn()
                         .Query("INSERT INTO " + Table("reporting_awscostentrybill") +
                                " (billing_resource, bill_type, payer_account_id, billing_period_start, "
                                "billing_period_end, provider_id) VALUES ('900000000001', 'Anniversary', "
                                "'900000000001', '2026-10-01 00:00:00+00', '2026-11-01 00:00:00+00', '" +
                                kAws + "') RETURNING id::text")
                         .Scalar();
  std::string alias =
      conn()
          .Query("INSERT INTO " + Table("reporting_awsaccountalias") +
                 " (account_id, account_alias) VALUES ('900000000002', 'Team Two') RETURNING id::text")
          .Scalar();
  auto r = RunCostagg(OcpAwsArgs(kOcpA, root_, uri()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Count("reporting_awscostentrybill"), 1);
  EXPECT_GT(Count(kProjectTable), 0);
  EXPECT_EQ(Count(kProjectTable, "cost_entry_bill_id IS DISTINCT FROM " + bill), 0);
  EXPECT_EQ(Count("reporting_awsaccountalias"), 2);
  EXPECT_EQ(Count("reporting_awsaccountalias",
                  "id = " + alias + " AND account_id = '900000000002' AND account_alias = 'Team Two'"),
            1);
  EXPECT_GT(Count(kProjectTable, "usage_account_id = '900000000002'"), 0);
  EXPECT_EQ(Count(kProjectTable,
                  "usage_account_id = '900000000002' AND account_alias_id IS DISTINCT FROM " + alias),
            0);
  for (const auto& table : kUiTables) {
    if (table == "reporting_ocpaws_cost_summary_p") continue;  // no account columns
    EXPECT_EQ(
        Count(table, "usage_account_id = '900000000002' AND account_alias_id IS DISTINCT FROM " + alias), 0)
        << table;
  }
  auto before = Checksums("true", "true");
  auto args = OcpAwsArgs(kOcpA, root_, uri());
  args.insert(args.end(), {"--bill-id", bill});
  r = RunCostagg(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Checksums("true", "true"), before);
}

// 7. The pair's advisory lock: held elsewhere, --lock-wait 0 exits 3 at once and writes nothing.
TEST_F(SummarizeOcpAwsTest, HeldPairLockExitsThree) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  ASSERT_NO_FATAL_FAILURE(InitPg());
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, uri()));
  std::string key = "ocp-aws/" + std::string(kAws) + "/" + kOcpA;
  PgConnection holder(uri());
  ASSERT_TRUE(holder.LockSource(schema(), key, std::chrono::milliseconds(0)));
  auto args = OcpAwsArgs(kOcpA, root_, uri());
  args.insert(args.end(), {"--lock-wait", "0"});
  auto r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("holds the lock of " + key), std::string::npos) << r.err;
  EXPECT_EQ(OutputRows(), 0);
  EXPECT_EQ(Count("reporting_awscostentrybill"), 0);
  // --lock-wait 1 waits a second, then gives up the same way.
  auto timed = OcpAwsArgs(kOcpA, root_, uri());
  timed.insert(timed.end(), {"--lock-wait", "1"});
  auto started = std::chrono::steady_clock::now();
  r = RunCostagg(timed);
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_GE(waited, 1.0);
  EXPECT_LT(waited, 30.0);
  EXPECT_EQ(OutputRows(), 0);
  // The OpenShift source's own lock is another key: holding it does not block the pair.
  ASSERT_TRUE(holder.UnlockSource(schema(), key));
  ASSERT_TRUE(holder.TryLockSource(schema(), kOcpA));
  r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  holder.UnlockSource(schema(), kOcpA);
  auto once = Checksums("true", "true");
  EXPECT_GT(OutputRows(), 0);
  // Three runs of the pair at once wait for each other and leave one copy.
  std::vector<std::thread> runs;
  std::vector<CliResult> results(3);
  for (size_t i = 0; i < results.size(); ++i) {
    runs.emplace_back([&, i] { results[i] = RunCostagg(OcpAwsArgs(kOcpA, root_, uri())); });
  }
  for (auto& t : runs) t.join();
  for (const auto& result : results) EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Checksums("true", "true"), once);
}

// 7b. The embedded output's lock. KokuDatabase::Lock (src/costagg/output/koku_database.h) says "DuckDB: the
// file is the lock, waiting up to `wait`. Throws ErrorKind::kLockBusy when another run holds it", and
// --lock-wait says "0: exit 3 at once". A file another process holds is waited for up to
// --lock-wait, then exit 3.
TEST_F(SummarizeOcpAwsTest, BusyDuckDbFileWaitsOrExitsThree) {
  ASSERT_NO_FATAL_FAILURE(Ingest(root_, false));
  std::string file = root_ + "/out.duckdb";
  std::string out = "duckdb:" + file;
  ASSERT_NO_FATAL_FAILURE(Ok({"init-db", "--schema", schema(), "--output", out}));
  ASSERT_NO_FATAL_FAILURE(SummarizeOcp(kOcpA, kClusterA, root_, out));
  auto holder = std::make_unique<Engine>();
  holder->Execute("ATTACH " + SqlLiteral(file) + " AS o", "hold the file");  // read-write: DuckDB's file lock
  auto args = OcpAwsArgs(kOcpA, root_, out);
  args.insert(args.end(), {"--lock-wait", "0"});
  auto r = RunCostagg(args);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  // A run allowed to wait goes through once the file is released.
  args.back() = "30";
  CliResult waited;
  std::thread run([&] { waited = RunCostagg(args); });
  std::this_thread::sleep_for(std::chrono::seconds(1));
  holder.reset();
  run.join();
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
}

}  // namespace
}  // namespace costagg::testing
