// `costagg summarize ocp` end to end (the real binary, PostgreSQL and MinIO) with its S3 traffic going
// through the fault proxy: S3_ENDPOINT points at the proxy, which forwards to MinIO. The input is the small
// known dataset of tests/support/ocp_fixture.h (3 summary rows). A failing run must leave every table it
// would write exactly as it was (OcpTablesSnapshot: whole rows, uuids included).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "costagg/input/object_store.h"
#include "costagg/input/s3_client.h"
#include "faults/fault_checks.h"
#include "support/cli.h"
#include "support/fault_proxy.h"
#include "support/ocp_fixture.h"
#include "support/pg_server.h"
#include "support/s3_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kSource = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
constexpr const char* kDay = "2025-10-07";

class SummarizeS3FaultTest : public PgServerTest {
 protected:
  void SetUp() override {
    PgServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    COSTAGG_REQUIRE_S3(server);
    server_ = server;
    local_ = FreshDirectory("summarize-s3-faults");
    WriteOcpFixture(local_, schema(), kSource, kDay);
    bucket_ = server->NewBucket("summarize-faults");
    auto local = OpenObjectStore(local_, {});
    auto remote = OpenObjectStore("s3://" + bucket_ + "/koku", server->Options());
    for (const auto& object : local->List("")) remote->Put(object.key, local->UrlFor(object.key));
    auto r = RunCostagg({"init-db", "--schema", schema(), "--output", uri()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    proxy_ = std::make_unique<FaultProxy>(server->Options().endpoint);
  }
  void TearDown() override {
    proxy_.reset();
    if (!local_.empty()) fs::remove_all(local_);
  }

  /// Runs summarize with every S3 request going through the proxy.
  CliResult Summarize() {
    S3Options o = server_->Options();
    return RunCostagg(
        {"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025", "--month", "10",
         "--cluster-id", "cluster-a", "--input", "s3://" + bucket_ + "/koku", "--output", uri(), "--json"},
        {{"S3_ENDPOINT", proxy_->endpoint()},
         {"S3_ACCESS_KEY", o.access_key},
         {"S3_SECRET_KEY", o.secret_key}});
  }

  std::string Snapshot() { return OcpTablesSnapshot(conn(), schema()); }
  int64_t SummaryRows() {
    return std::stoll(
        conn()
            .Query("SELECT count(*) FROM " + schema() + ".reporting_ocpusagelineitem_daily_summary")
            .Scalar());
  }
  /// A good run through the proxy (no faults), then the snapshot a failing run must leave alone.
  std::string GoodRunThenSnapshot() {
    auto r = Summarize();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(SummaryRows(), 3);
    return Snapshot();
  }

  /// The one error line a failed run printed, checked for being exactly one and free of the keys.
  std::string ErrorLine(const CliResult& r) {
    auto lines = ErrorLines(r.err);
    EXPECT_EQ(lines.size(), 1u) << r.err;
    EXPECT_EQ(r.err.find(server_->Options().secret_key), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find(server_->Options().secret_key), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"status\":\"error\""), std::string::npos) << r.out;
    return lines.empty() ? "" : lines[0];
  }

  S3Server* server_ = nullptr;
  std::string local_;
  std::string bucket_;
  std::unique_ptr<FaultProxy> proxy_;
};

TEST_F(SummarizeS3FaultTest, TransientFaultsOnEveryKindOfRequestAreRetriedAndTheRunSucceeds) {
  // Listing (S3Client), HEAD and ranged GET of parquet (DuckDB httpfs): each fails a few times first.
  proxy_->AddRule({.method = "HEAD", .times = 1, .fault = FaultProxy::Status(503)});  // the bucket check
  proxy_->AddRule(
      {.method = "GET", .query_contains = "list-type=2", .times = 2, .fault = FaultProxy::Status(503)});
  proxy_->AddRule(
      {.method = "HEAD", .path_contains = ".parquet", .times = 2, .fault = FaultProxy::Status(500)});
  proxy_->AddRule(
      {.method = "GET", .path_contains = ".parquet", .times = 3, .fault = FaultProxy::Status(503)});
  proxy_->AddRule(
      {.method = "GET", .path_contains = ".parquet", .times = 1, .fault = FaultProxy::ResetMidResponse(64)});
  auto r = Summarize();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"inserted\":3"), std::string::npos) << r.out;
  EXPECT_EQ(SummaryRows(), 3);
  EXPECT_EQ(proxy_->FaultsInjected(), 9);
}

TEST_F(SummarizeS3FaultTest, SlowResponsesWithinTheTimeoutSucceed) {
  proxy_->AddRule({.fault = FaultProxy::Delay(std::chrono::milliseconds(100))});
  auto r = Summarize();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(SummaryRows(), 3);
  for (const auto& request : proxy_->Requests()) EXPECT_LT(request.status, 300) << request.target;
}

TEST_F(SummarizeS3FaultTest, PersistentParquetFailureExitsFourNamingTheObjectAndWritesNothing) {
  std::string before = GoodRunThenSnapshot();
  proxy_->AddRule({.method = "GET", .path_contains = "/pod_usage/", .fault = FaultProxy::Status(503)});
  auto started = Clock::now();
  auto r = Summarize();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  std::string line = ErrorLine(r);
  EXPECT_NE(line.find("/pod_usage/"), std::string::npos) << line;
  EXPECT_NE(line.find("fixture_0.parquet"), std::string::npos) << line;
  EXPECT_NE(line.find("503"), std::string::npos) << line;
  EXPECT_NE(r.out.find("\"kind\":\"transient\""), std::string::npos) << r.out;
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(60));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SummarizeS3FaultTest, PersistentListingFailureExitsFourAndWritesNothing) {
  std::string before = GoodRunThenSnapshot();
  proxy_->AddRule({.method = "GET", .query_contains = "list-type=2", .fault = FaultProxy::Status(503)});
  auto r = Summarize();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  std::string line = ErrorLine(r);
  EXPECT_NE(line.find("s3://" + bucket_ + "/koku/data/parquet/"), std::string::npos) << line;
  EXPECT_NE(line.find("HTTP 503 (after 6 attempts)"), std::string::npos) << line;
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SummarizeS3FaultTest, ObjectDeletedBetweenListingAndReadFailsNamingItAndWritesNothing) {
  std::string before = GoodRunThenSnapshot();
  // The first time DuckDB asks for the storage parquet, after costagg listed it, the object is removed from
  // MinIO for real (straight, not through the proxy); the request then goes on to MinIO.
  std::atomic<bool> deleted{false};
  std::string victim;
  for (const auto& o : S3Client(server_->Options()).ListObjects(bucket_, "koku/")) {
    if (o.key.find("/storage_usage/") != std::string::npos) victim = o.key;
  }
  ASSERT_FALSE(victim.empty());
  proxy_->OnRequest([&](const FaultProxy::Request& request) {
    if (request.target.find("/storage_usage/") == std::string::npos ||
        request.target.find('?') != std::string::npos)
      return;
    if (!deleted.exchange(true)) S3Client(server_->Options()).DeleteObject(bucket_, victim);
  });
  auto r = Summarize();
  proxy_->OnRequest(nullptr);  // the hook refers to this test's locals
  EXPECT_TRUE(deleted);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::string line = ErrorLine(r);
  // The listed prefix as s3:// and the object's URL as DuckDB requested it (percent-encoded).
  std::string prefix = victim.substr(0, victim.rfind('/') + 1);
  EXPECT_NE(line.find("s3://" + bucket_ + "/" + prefix), std::string::npos) << line;
  EXPECT_NE(line.find("/fixture_0.parquet\": 404 (Not Found)"), std::string::npos) << line;
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SummarizeS3FaultTest, NoSuchKeyForAListedObjectFailsNamingItAndWritesNothing) {
  std::string before = GoodRunThenSnapshot();
  proxy_->AddRule({.path_contains = "/node_labels/", .fault = FaultProxy::Missing()});
  auto r = Summarize();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::string line = ErrorLine(r);
  EXPECT_NE(line.find("/node_labels/"), std::string::npos) << line;
  EXPECT_NE(line.find("fixture_0.parquet"), std::string::npos) << line;
  EXPECT_EQ(proxy_->FaultsInjected(), 1);  // a 404 is not retried
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace costagg::testing
