// `costagg summarize ocp` end to end through the real binary, PostgreSQL and MinIO, on the known dataset of
// tests/support/ocp_fixture.h. Expected values are worked out by hand from that dataset:
//   pod p: 1 core used, 2 requested, 4 limit for 24 h -> 24 / 48 / 48 / 96 core-hours; 2, 4, 4, 8 GiB ->
//   48 / 96 / 96 / 192 GiB-hours; node n1 4 cores x 24 h = 96 core-hours, 16 GiB x 24 h = 384 GiB-hours.
//   Worker unallocated (n1's label says worker, no openshift-kube-apiserver pod): 96-24, 96-48, 96-48 and
//   384-48, 384-96, 384-96. Claim: 10 GiB; October has 31 days -> 10/31 GiB-months capacity and request,
//   5/31 usage.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "costagg/engine/engine.h"
#include "costagg/input/koku_layout.h"
#include "costagg/input/object_store.h"
#include "support/cli.h"
#include "support/ocp_fixture.h"
#include "support/pg_server.h"
#include "support/s3_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSource = "3f1c2b4a-9d8e-4f70-a1b2-c3d4e5f60718";

class SummarizeOcpTest : public PgServerTest {
 protected:
  void SetUp() override {
    PgServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    input_ = FreshDirectory("summarize-input");
    WriteOcpFixture(input_, schema(), kSource, "2025-10-07");
    auto r = RunCostagg({"init-db", "--schema", schema(), "--output", uri()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override {
    if (!input_.empty()) fs::remove_all(input_);
  }

  CliResult Summarize(const std::string& input, const std::map<std::string, std::string>& env = {}) {
    return RunCostagg(
        {"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025", "--month", "10",
         "--cluster-id", "cluster-a", "--input", input, "--output", uri(), "--json"},
        env);
  }

  /// Every summary row as text, ordered, without the random uuid.
  std::vector<std::vector<std::string>> Rows() {
    PgResult r = conn().Query(
        "SELECT data_source, usage_start::text, namespace, node, resource_id, pod_labels::text, "
        "pod_usage_cpu_core_hours::text, pod_request_cpu_core_hours::text, "
        "pod_effective_usage_cpu_core_hours::text, "
        "pod_limit_cpu_core_hours::text, pod_usage_memory_gigabyte_hours::text, "
        "pod_request_memory_gigabyte_hours::text, pod_effective_usage_memory_gigabyte_hours::text, "
        "pod_limit_memory_gigabyte_hours::text, node_capacity_cpu_cores::text, "
        "node_capacity_cpu_core_hours::text, "
        "node_capacity_memory_gigabytes::text, node_capacity_memory_gigabyte_hours::text, "
        "cluster_capacity_cpu_core_hours::text, cluster_capacity_memory_gigabyte_hours::text, "
        "persistentvolumeclaim, "
        "persistentvolume, storageclass, volume_labels::text, all_labels::text, "
        "persistentvolumeclaim_capacity_gigabyte::text, "
        "persistentvolumeclaim_capacity_gigabyte_months::text, "
        "volume_request_storage_gigabyte_months::text, persistentvolumeclaim_usage_gigabyte_months::text, "
        "source_uuid::text, infrastructure_usage_cost::text, cluster_id, cluster_alias, usage_end::text, "
        "(cost_category_id IS NULL)::text "
        "FROM " +
        schema() + ".reporting_ocpusagelineitem_daily_summary ORDER BY data_source, namespace");
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : r.rows) {
      std::vector<std::string> cells;
      for (const auto& v : row) cells.push_back(v ? *v : "NULL");
      rows.push_back(cells);
    }
    return rows;
  }

  std::string input_;
};

const std::vector<std::vector<std::string>>& ExpectedRows() {
  static const std::string zero = "{\"cpu\": 0.000000000, \"memory\": 0.000000000, \"storage\": 0.000000000}";
  static const std::vector<std::vector<std::string>> rows = {
      {"Pod",
       "2025-10-07",
       "Worker unallocated",
       "n1",
       "i-n1",
       "NULL",
       "72.000000000000000",
       "48.000000000000000",
       "48.000000000000000",
       "NULL",
       "336.000000000000000",
       "288.000000000000000",
       "288.000000000000000",
       "NULL",
       "4.000000000000000",
       "96.000000000000000",
       "16.000000000000000",
       "384.000000000000000",
       "96.000000000000000",
       "384.000000000000000",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "{}",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       kSource,
       "NULL",
       "cluster-a",
       "cluster-a",
       "2025-10-07",
       "true"},
      {"Pod",
       "2025-10-07",
       "shop",
       "n1",
       "i-n1",
       "{}",
       "24.000000000000000",
       "48.000000000000000",
       "48.000000000000000",
       "96.000000000000000",
       "48.000000000000000",
       "96.000000000000000",
       "96.000000000000000",
       "192.000000000000000",
       "4.000000000000000",
       "96.000000000000000",
       "16.000000000000000",
       "384.000000000000000",
       "96.000000000000000",
       "384.000000000000000",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "{}",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       kSource,
       zero,
       "cluster-a",
       "cluster-a",
       "2025-10-07",
       "true"},
      // 10/31 = 0.32258064516129032..., 5/31 = 0.16129032258064516...
      {"Storage",
       "2025-10-07",
       "shop",
       "n1",
       "i-n1",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "NULL",
       "data",
       "pv-1",
       "gp3",
       "{}",
       "{}",
       "10.000000000000000",
       "0.322580645161290",
       "0.322580645161290",
       "0.161290322580645",
       kSource,
       zero,
       "cluster-a",
       "cluster-a",
       "2025-10-07",
       "true"},
  };
  return rows;
}

TEST_F(SummarizeOcpTest, WritesEveryExpectedRowAndColumn) {
  auto r = Summarize(input_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"inserted\":3"), std::string::npos) << r.out;
  EXPECT_EQ(Rows(), ExpectedRows());
  // The topology Koku keeps: one cluster, the worker node, the claim, the project, the report period.
  EXPECT_EQ(conn().Query("SELECT node_role FROM " + schema() + ".reporting_ocp_nodes").Scalar(), "worker");
  EXPECT_EQ(conn().Query("SELECT persistent_volume_claim FROM " + schema() + ".reporting_ocp_pvcs").Scalar(),
            "data");
  EXPECT_EQ(conn().Query("SELECT project FROM " + schema() + ".reporting_ocp_projects").Scalar(), "shop");
  EXPECT_EQ(
      conn()
          .Query("SELECT report_period_end::date::text FROM " + schema() + ".reporting_ocpusagereportperiod")
          .Scalar(),
      "2025-11-02");  // Q19
}

TEST_F(SummarizeOcpTest, RerunsLeaveIdenticalContents) {
  ASSERT_EQ(Summarize(input_).exit_code, 0);
  auto first = Rows();
  for (int i = 0; i < 3; ++i) {
    auto r = Summarize(input_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"deleted\":3"), std::string::npos) << r.out;
  }
  EXPECT_EQ(Rows(), first);
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".reporting_ocp_nodes").Scalar(), "1");
}

// Q23: the delete before the insert keeps rows that carry infrastructure raw cost (written by the
// OCP-on-cloud step) and replaces the rest of the report period's days.
TEST_F(SummarizeOcpTest, Q23RowsWithInfrastructureRawCostSurviveARerun) {
  ASSERT_EQ(Summarize(input_).exit_code, 0);
  std::string table = schema() + ".reporting_ocpusagelineitem_daily_summary";
  conn().Execute(
      "INSERT INTO " + table +
      " (uuid, report_period_id, cluster_id, data_source, usage_start, usage_end, namespace, source_uuid,"
      " infrastructure_raw_cost) SELECT gen_random_uuid(), report_period_id, cluster_id, 'Pod', usage_start,"
      " usage_end, 'cloud-row', source_uuid, 12.5 FROM " +
      table + " LIMIT 1");
  conn().Execute(
      "INSERT INTO " + table +
      " (uuid, report_period_id, cluster_id, data_source, usage_start, usage_end, namespace, source_uuid,"
      " infrastructure_raw_cost) SELECT gen_random_uuid(), report_period_id, cluster_id, 'Pod', usage_start,"
      " usage_end, 'zero-cost-row', source_uuid, 0 FROM " +
      table + " LIMIT 1");
  auto r = Summarize(input_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + table + " WHERE namespace = 'cloud-row'").Scalar(), "1");
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + table + " WHERE namespace = 'zero-cost-row'").Scalar(),
            "0");
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + table).Scalar(), "4");
}

TEST_F(SummarizeOcpTest, UnreadableParquetFailsNamingItAndKeepsTheOldRows) {
  ASSERT_EQ(Summarize(input_).exit_code, 0);
  auto before = Rows();
  KokuPartition partition{schema(), kSource, 2025, 10};
  fs::path bad = fs::path(input_) / OcpParquetPrefix(partition, "pod_usage", ParquetDataset::kDaily) /
                 "broken_0.parquet";
  std::ofstream(bad) << "not a parquet file";
  auto r = Summarize(input_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("broken_0.parquet"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"status\":\"error\""), std::string::npos) << r.out;
  EXPECT_EQ(Rows(), before);
}

TEST_F(SummarizeOcpTest, InputRootWithoutTheTenantsDataIsAnError) {
  std::string empty = FreshDirectory("empty-input");
  auto r = Summarize(empty);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no OCP parquet of schema " + schema()), std::string::npos) << r.err;
  fs::remove_all(empty);
}

TEST_F(SummarizeOcpTest, UnknownSchemaIsRefusedBeforeAnyWrite) {
  WriteOcpFixture(input_, "org_not_there", kSource, "2025-10-07");
  auto r = RunCostagg({"summarize", "ocp", "--schema", "org_not_there", "--source", kSource, "--year", "2025",
                       "--month", "10", "--cluster-id", "c", "--input", input_, "--output", uri()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("schema org_not_there does not exist"), std::string::npos) << r.err;
}

TEST_F(SummarizeOcpTest, ReadsTheSameRowsFromS3) {
  COSTAGG_REQUIRE_S3(server);
  std::string bucket = server->NewBucket("summarize");
  auto local = OpenObjectStore(input_, {});
  auto remote = OpenObjectStore("s3://" + bucket + "/koku", server->Options());
  for (const auto& object : local->List("")) remote->Put(object.key, local->UrlFor(object.key));
  S3Options o = server->Options();
  auto env = S3Env(o);
  auto r = Summarize("s3://" + bucket + "/koku", env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Rows(), ExpectedRows());
  // Secrets never reach the output.
  EXPECT_EQ(r.out.find(o.secret_key), std::string::npos);
  EXPECT_EQ(r.err.find(o.secret_key), std::string::npos);
}

TEST_F(SummarizeOcpTest, MissingBucketAndWrongKeysFailWithOneLine) {
  COSTAGG_REQUIRE_S3(server);
  S3Options o = server->Options();
  auto env = S3Env(o);
  auto r = Summarize("s3://no-such-bucket-here/koku", env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("costagg: error: s3://no-such-bucket-here: bucket does not exist\n"),
            std::string::npos)
      << r.err;
  std::string bucket = server->NewBucket("keys");
  env["S3_SECRET_KEY"] = "definitely-wrong-secret";
  r = Summarize("s3://" + bucket, env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("access denied"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("definitely-wrong-secret"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("definitely-wrong-secret"), std::string::npos) << r.out;
  EXPECT_EQ(Rows().size(), 0u);
}

TEST_F(SummarizeOcpTest, WrongDatabasePasswordIsNeverShown) {
  std::string bad_uri = PgServer::PasswordRoleUri("not-the-password-123");
  auto r =
      RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025", "--month",
                  "10", "--cluster-id", "c", "--input", input_, "--output", bad_uri, "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.find("not-the-password-123"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("not-the-password-123"), std::string::npos) << r.out;
}

TEST_F(SummarizeOcpTest, BusySourceLockExitsThreeWithLockWaitZero) {
  PgConnection holder(uri());
  ASSERT_TRUE(holder.TryLockSource(schema(), kSource));
  auto r =
      RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025", "--month",
                  "10", "--cluster-id", "c", "--input", input_, "--output", uri(), "--lock-wait", "0"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("holds the lock"), std::string::npos) << r.err;
  EXPECT_EQ(Rows().size(), 0u);
  holder.UnlockSource(schema(), kSource);
  r = RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025", "--month",
                  "10", "--cluster-id", "c", "--input", input_, "--output", uri(), "--lock-wait", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SummarizeOcpTest, ALockedSourceDoesNotHoldUpAnotherSource) {
  constexpr const char* kOther = "aa11bb22-cc33-4d44-8e55-ff6677889900";
  WriteOcpFixture(input_, schema(), kOther, "2025-10-07");
  PgConnection holder(uri());
  ASSERT_TRUE(holder.TryLockSource(schema(), kSource));  // as if a run of kSource were in progress
  auto r =
      RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", kOther, "--year", "2025", "--month",
                  "10", "--cluster-id", "other", "--input", input_, "--output", uri(), "--lock-wait", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(conn()
                .Query("SELECT count(*) FROM " + schema() +
                       ".reporting_ocpusagelineitem_daily_summary WHERE source_uuid = '" + kOther + "'")
                .Scalar(),
            "3");
}

TEST_F(SummarizeOcpTest, FourConcurrentRunsOfOneSourceLeaveOneCopy) {
  std::vector<std::thread> runs;
  std::vector<CliResult> results(4);
  for (int i = 0; i < 4; ++i) {
    runs.emplace_back([&, i] { results[i] = Summarize(input_); });
  }
  for (auto& t : runs) t.join();
  for (const auto& r : results) EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Rows(), ExpectedRows());
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".reporting_ocpusagereportperiod").Scalar(),
            "1");
}

// The summary is computed part by part (a day's pods split by node, --part-rows daily pod rows a part): the
// parts partition Koku's groups, so any split gives the rows of one part per day. Three days of a synthetic
// cluster (24 nodes, 400 pods a day, PVCs, node and namespace labels), summarised as one part a day and as
// parts of 7 rows (about 58 a day, some empty), compare on every column but the random uuid, topology
// included.
TEST_F(SummarizeOcpTest, AnySplitIntoPartsGivesTheSameRows) {
  std::string data = FreshDirectory("ocp-parts");
  auto g = RunProgram(COSTAGG_BENCH_DATA_BINARY,
                      {"ocp-aws", data, schema(), kSource, "6c1a9d2e-0b3f-4c5d-8e7f-a1b2c3d4e5f6",
                       "2025-10-05", "3", "24", "400", "300"});
  ASSERT_EQ(g.exit_code, 0) << g.err;
  conn().Execute("INSERT INTO " + schema() +
                 ".reporting_enabledtagkeys (uuid, key, enabled, provider_type) SELECT gen_random_uuid(), k, "
                 "true, 'OCP' FROM unnest(array['app', 'pod_name', 'zone', 'cost_center', 'team']) AS k");
  auto run = [&](const std::string& part_rows) {
    auto r = RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025",
                         "--month", "10", "--cluster-id", "cluster-a", "--input", data, "--output", uri(),
                         "--part-rows", part_rows});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto rows = Rows();
    std::sort(rows.begin(), rows.end());
    for (const auto& [table, columns] : std::vector<std::pair<std::string, std::string>>{
             {"reporting_ocp_nodes", "node, resource_id, node_capacity_cpu_cores, node_role, architecture"},
             {"reporting_ocp_pvcs", "persistent_volume, persistent_volume_claim, csi_volume_handle"},
             {"reporting_ocp_projects", "project"}}) {
      rows.push_back(
          {table, conn()
                      .Query("SELECT count(*)::text || ' ' || md5(string_agg(t::text, '|' ORDER BY "
                             "t::text)) FROM (SELECT " +
                             columns + " FROM " + schema() + "." + table + ") t")
                      .Scalar()});
    }
    return rows;
  };
  auto one_part_a_day = run("1000000");
  ASSERT_GT(one_part_a_day.size(), 1200u);
  // Clean tables, so that the topology rows (new uuids) are made again by the second run.
  for (const char* table : {"reporting_ocpusagelineitem_daily_summary", "reporting_ocp_nodes",
                            "reporting_ocp_pvcs", "reporting_ocp_projects"}) {
    conn().Execute("DELETE FROM " + schema() + "." + table);
  }
  EXPECT_EQ(run("7"), one_part_a_day);
  fs::remove_all(data);
}

// The embedded output: the same rows in a DuckDB file, without a server.
TEST(EmbeddedOutputTest, WritesTheSameRowsIntoADuckDbFile) {
  std::string dir = FreshDirectory("embedded");
  WriteOcpFixture(dir + "/input", "org_embedded", kSource, "2025-10-07");
  std::string out = "duckdb:" + dir + "/out.duckdb";
  auto r = RunCostagg({"init-db", "--schema", "org_embedded", "--output", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCostagg({"init-db", "--schema", "org_embedded", "--output", out});  // harmless to repeat
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> summarize = {
      "summarize", "ocp", "--schema",     "org_embedded", "--source", kSource,        "--year",   "2025",
      "--month",   "10",  "--cluster-id", "cluster-a",    "--input",  dir + "/input", "--output", out};
  for (int run = 0; run < 2; ++run) {
    r = RunCostagg(summarize);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  Engine engine;
  engine.Execute("ATTACH " + SqlLiteral(dir + "/out.duckdb") + " AS o (READ_ONLY)", "attach");
  std::string columns =
      "data_source, usage_start, namespace, node, resource_id, pod_labels, pod_usage_cpu_core_hours, "
      "pod_request_cpu_core_hours, pod_effective_usage_cpu_core_hours, pod_limit_cpu_core_hours, "
      "pod_usage_memory_gigabyte_hours, pod_request_memory_gigabyte_hours, "
      "pod_effective_usage_memory_gigabyte_hours, "
      "pod_limit_memory_gigabyte_hours, node_capacity_cpu_cores, node_capacity_cpu_core_hours, "
      "node_capacity_memory_gigabytes, node_capacity_memory_gigabyte_hours, cluster_capacity_cpu_core_hours, "
      "cluster_capacity_memory_gigabyte_hours, persistentvolumeclaim, persistentvolume, storageclass, "
      "volume_labels, "
      "all_labels, persistentvolumeclaim_capacity_gigabyte, persistentvolumeclaim_capacity_gigabyte_months, "
      "volume_request_storage_gigabyte_months, persistentvolumeclaim_usage_gigabyte_months, source_uuid, "
      "infrastructure_usage_cost, cluster_id, cluster_alias, usage_end, (cost_category_id IS NULL)";
  auto batches = engine.QueryAll("SELECT COLUMNS(*)::VARCHAR FROM (SELECT " + columns +
                                     " FROM o.org_embedded.reporting_ocpusagelineitem_daily_summary) "
                                     "ORDER BY data_source, namespace",
                                 "read");
  std::vector<std::vector<std::string>> rows;
  for (const auto& batch : batches) {
    for (size_t row = 0; row < batch.rows; ++row) {
      std::vector<std::string> cells;
      for (const auto& column : batch.columns)
        cells.push_back(column.IsNull(row) ? "NULL" : column.texts[row]);
      rows.push_back(cells);
    }
  }
  EXPECT_EQ(rows, ExpectedRows());
  fs::remove_all(dir);
}

TEST(CliTest, UsageErrorsExitTwoWithOneLine) {
  auto r = RunCostagg({"summarize", "ocp", "--year", "2025"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--schema is required"), std::string::npos) << r.err;
  r = RunCostagg({"summarize", "ocp", "--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  r = RunCostagg({"summarize", "ocp-aws", "--schema", "org1", "--ocp-source", kSource, "--year", "2025",
                  "--month", "10", "--input", "/tmp", "--output", "duckdb:x.duckdb"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--aws-source is required"), std::string::npos) << r.err;
}

TEST(CliTest, HelpTeachesAndExitsZero) {
  auto r = RunCostagg({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("summarize"), std::string::npos);
  r = RunCostagg({"ingest", "ocp", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--from"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace costagg::testing
