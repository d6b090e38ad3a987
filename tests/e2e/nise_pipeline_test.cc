// The whole pipeline as Koku's data would take it: koku-nise writes operator CSV for the demo cluster
// (examples/ocp_small.yml), `costagg ingest ocp` puts it into Koku's layout on the real S3 server, and
// `costagg summarize ocp` reads it back from S3 into the real PostgreSQL. The checks are properties that hold
// whatever values nise draws: usage hours equal the CSV's seconds / 3600, GiB-months equal the CSV's
// byte-seconds over 2^30 x 86400 x 31, no row is lost or duplicated, and a rerun leaves identical contents.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "costagg/engine/engine.h"
#include "support/cli.h"
#include "support/nise.h"
#include "support/pg_server.h"
#include "support/s3_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSource = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

class NisePipelineTest : public PgServerTest {};

TEST_F(NisePipelineTest, NiseToS3ToPostgresKeepsEverySecond) {
  COSTAGG_REQUIRE_S3(server);
  COSTAGG_REQUIRE_NISE();
  std::string work = FreshDirectory("nise-pipeline");
  // Render the demo cluster for 2025-10-30 and 2025-10-31.
  std::ifstream in(std::string(COSTAGG_SOURCE_DIR) + "/examples/ocp_small.yml");
  std::stringstream yaml;
  yaml << in.rdbuf();
  std::string rendered =
      std::regex_replace(std::regex_replace(yaml.str(), std::regex("\\{\\{start_date\\}\\}"), "2025-10-30"),
                         std::regex("\\{\\{end_date\\}\\}"), "2025-11-01");
  std::ofstream(work + "/ocp.yml") << rendered;
  fs::create_directories(work + "/nise");
  std::string error;
  ASSERT_TRUE(RunNise(work, work,
                      "report ocp --static-report-file ocp.yml --ocp-cluster-id pipeline-cluster"
                      " --start-date 2025-10-30 --end-date 2025-11-01 --insights-upload nise",
                      &error))
      << error;

  auto env = S3Env(server->Options());
  std::string bucket = "s3://" + server->NewBucket("pipeline") + "/koku";
  auto r = RunCostagg({"ingest", "ocp", "--from", work + "/nise", "--to", bucket, "--schema", schema(),
                       "--source", kSource, "--json"},
                      env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCostagg({"init-db", "--schema", schema(), "--output", uri()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  conn().Execute(
      "INSERT INTO " + schema() +
      ".reporting_enabledtagkeys (uuid, key, enabled, provider_type) SELECT gen_random_uuid(), k, true, "
      "'OCP' FROM unnest(array['app', 'environment']) AS k");
  std::vector<std::string> summarize = {
      "summarize", "ocp", "--schema", schema(), "--source", kSource, "--year",       "2025",
      "--month",   "10",  "--input",  bucket,   "--output", uri(),   "--cluster-id", "pipeline-cluster"};
  r = RunCostagg(summarize, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // What the CSV says, summed independently with DuckDB straight from nise's files.
  Engine engine;
  std::string csvs = SqlLiteral(work + "/nise/**/*.csv");
  auto pods = engine.QueryAll(
      "SELECT sum(CAST(pod_usage_cpu_core_seconds AS DOUBLE)) / 3600, "
      "sum(CAST(pod_request_memory_byte_seconds AS "
      "DOUBLE)) / 3600 / 1073741824, count(DISTINCT (substr(interval_start, 1, 10), namespace, pod_labels)) "
      "FROM "
      "read_csv(" +
          csvs + ", union_by_name = true, all_varchar = true) WHERE pod_usage_cpu_core_seconds IS NOT NULL",
      "csv pods");
  auto storage = engine.QueryAll(
      "SELECT sum(CAST(persistentvolumeclaim_usage_byte_seconds AS DOUBLE)) / 1073741824 / 86400 / 31 FROM "
      "read_csv(" +
          csvs +
          ", union_by_name = true, all_varchar = true) WHERE persistentvolumeclaim_usage_byte_seconds "
          "IS NOT NULL",
      "csv storage");
  double csv_cpu_hours = pods[0].columns[0].doubles[0];
  double csv_mem_request_gib_hours = pods[0].columns[1].doubles[0];
  int64_t csv_groups = pods[0].columns[2].ints[0];
  double csv_pvc_gib_months = storage[0].columns[0].doubles[0];

  std::string table = schema() + ".reporting_ocpusagelineitem_daily_summary";
  std::string pod_rows =
      " FROM " + table + " WHERE data_source = 'Pod' AND namespace NOT LIKE '% unallocated'";
  double cpu_hours =
      std::stod(conn().Query("SELECT sum(pod_usage_cpu_core_hours)::float8" + pod_rows).Scalar());
  double mem_request =
      std::stod(conn().Query("SELECT sum(pod_request_memory_gigabyte_hours)::float8" + pod_rows).Scalar());
  int64_t groups = std::stoll(conn().Query("SELECT count(*)" + pod_rows).Scalar());
  double pvc_months =
      std::stod(conn()
                    .Query("SELECT sum(persistentvolumeclaim_usage_gigabyte_months)::float8 FROM " + table +
                           " WHERE data_source = 'Storage'")
                    .Scalar());
  EXPECT_NEAR(cpu_hours, csv_cpu_hours, 1e-9 * csv_cpu_hours);
  EXPECT_NEAR(mem_request, csv_mem_request_gib_hours, 1e-9 * csv_mem_request_gib_hours);
  EXPECT_NEAR(pvc_months, csv_pvc_gib_months, 1e-9 * csv_pvc_gib_months);
  // Every (day, namespace, pod label set) of the CSV is one Pod row: the demo's pods differ in labels or
  // namespace.
  EXPECT_EQ(groups, csv_groups);
  // Both days, both nodes' unallocated rows.
  EXPECT_EQ(conn().Query("SELECT count(DISTINCT usage_start) FROM " + table).Scalar(), "2");
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + table + " WHERE namespace LIKE '% unallocated'").Scalar(),
            "4");

  // A rerun leaves the same contents (the uuid aside).
  std::string checksum =
      "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT data_source, usage_start, "
      "namespace, node, pod_labels, volume_labels, pod_usage_cpu_core_hours, "
      "persistentvolumeclaim_usage_gigabyte_months FROM " +
      table + ") t";
  std::string before = conn().Query(checksum).Scalar();
  r = RunCostagg(summarize, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(conn().Query(checksum).Scalar(), before);
  fs::remove_all(work);
}

}  // namespace
}  // namespace costagg::testing
