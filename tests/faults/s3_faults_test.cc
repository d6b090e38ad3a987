// S3 faults against costagg's own S3 code, in process: S3Client and ObjectStore (listing, upload, delete)
// and the DuckDB engine reading parquet through httpfs, each talking to the test MinIO through the fault
// proxy (tests/support/fault_proxy.h). Every retry policy here is small, so each test ends in seconds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/input/object_store.h"
#include "costagg/input/s3_client.h"
#include "support/cli.h"
#include "support/fault_proxy.h"
#include "support/s3_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;
using Kind = FaultProxy::Fault::Kind;

class S3FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    COSTAGG_REQUIRE_S3(server);
    server_ = server;
    bucket_ = server->NewBucket("faults");
    scratch_ = FreshDirectory("s3-faults");
    std::ofstream(scratch_ + "/object.bin", std::ios::binary) << std::string(4096, 'z');
    S3Client(server->Options()).PutObject(bucket_, "data/object.bin", scratch_ + "/object.bin");
    proxy_ = std::make_unique<FaultProxy>(server->Options().endpoint);
  }
  void TearDown() override {
    if (!scratch_.empty()) fs::remove_all(scratch_);
  }

  S3Options ThroughProxy() const {
    S3Options o = server_->Options();
    o.endpoint = proxy_->endpoint();
    return o;
  }
  /// Listing requests (GET /bucket?list-type=2...) the proxy saw.
  int Listings() const { return proxy_->Count("GET", "/" + bucket_); }

  S3Server* server_ = nullptr;
  std::string bucket_;
  std::string scratch_;
  std::unique_ptr<FaultProxy> proxy_;
};

using S3ClientFaultTest = S3FaultTest;

TEST_F(S3ClientFaultTest, Transient500And503AreRetriedUntilSuccess) {
  proxy_->AddRule({.method = "GET", .times = 1, .fault = FaultProxy::Status(503)});
  proxy_->AddRule({.method = "GET", .times = 1, .fault = FaultProxy::Status(500)});
  S3Client client(ThroughProxy(), RetryPolicy{5, 10, 10});
  auto objects = client.ListObjects(bucket_, "data/");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].key, "data/object.bin");
  EXPECT_EQ(Listings(), 3);  // 503, 500, 200
  EXPECT_EQ(proxy_->FaultsInjected(), 2);
}

TEST_F(S3ClientFaultTest, PersistentUnavailabilityIsTransientAfterTheAttempts) {
  proxy_->AddRule({.fault = FaultProxy::Status(503)});
  S3Client client(ThroughProxy(), RetryPolicy{4, 10, 30});
  auto started = Clock::now();
  try {
    client.ListObjects(bucket_, "data/");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kTransient) << m;
    EXPECT_NE(m.find("s3://" + bucket_ + "/data/"), std::string::npos) << m;
    EXPECT_NE(m.find("HTTP 503 (after 4 attempts)"), std::string::npos) << m;
    EXPECT_EQ(m.find(server_->Options().secret_key), std::string::npos) << m;
  }
  EXPECT_EQ(Listings(), 4);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
}

TEST_F(S3ClientFaultTest, PersistentUnavailabilityStopsAtTheTotalTime) {
  // Many attempts allowed, but one second in all: the backoff (100, 200, 400, 800 ms) hits the time bound.
  proxy_->AddRule({.fault = FaultProxy::Status(500)});
  S3Client client(ThroughProxy(), RetryPolicy{100, 100, 1});
  auto started = Clock::now();
  try {
    client.HeadBucket(bucket_);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kTransient) << e.what();
  }
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
  EXPECT_LE(proxy_->Count("HEAD", ""), 4);
}

TEST_F(S3ClientFaultTest, ConnectionResetMidResponseIsRetried) {
  proxy_->AddRule({.method = "GET", .times = 2, .fault = FaultProxy::ResetMidResponse(40)});
  S3Client client(ThroughProxy(), RetryPolicy{5, 10, 10});
  auto objects = client.ListObjects(bucket_, "data/");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(Listings(), 3);
}

TEST_F(S3ClientFaultTest, SlowResponsesWithinTheTimeoutSucceedWithoutRetry) {
  proxy_->AddRule({.fault = FaultProxy::Delay(milliseconds(700))});
  S3Client client(ThroughProxy(), RetryPolicy{1, 10, 10, 5});
  client.HeadBucket(bucket_);
  EXPECT_EQ(client.ListObjects(bucket_, "data/").size(), 1u);
  EXPECT_EQ(proxy_->Requests().size(), 2u);
}

TEST_F(S3ClientFaultTest, AStalledResponseIsAbandonedAndRetried) {
  // A server that accepts the request and then says nothing: without a stall limit the run would hang.
  proxy_->AddRule({.method = "GET", .times = 1, .fault = FaultProxy::Delay(std::chrono::seconds(20))});
  S3Client client(ThroughProxy(), RetryPolicy{3, 10, 30, 1});
  auto started = Clock::now();
  EXPECT_EQ(client.ListObjects(bucket_, "data/").size(), 1u);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(Listings(), 2);
}

TEST_F(S3ClientFaultTest, NotFoundIsNotRetried) {
  // A 404 is an answer, not a fault: one request, and DeleteObject treats it as already gone.
  proxy_->AddRule({.method = "DELETE", .fault = FaultProxy::Missing()});
  S3Client client(ThroughProxy(), RetryPolicy{5, 10, 10});
  client.DeleteObject(bucket_, "data/object.bin");
  EXPECT_EQ(proxy_->Count("DELETE", ""), 1);
}

using ObjectStoreFaultTest = S3FaultTest;

TEST_F(ObjectStoreFaultTest, ListPutAndDeleteRideOutTransientFaults) {
  // The store's default retry policy (200 ms doubling): two faults per operation cost 0.6 s each.
  auto store = OpenObjectStore("s3://" + bucket_ + "/data", ThroughProxy());
  proxy_->AddRule({.method = "HEAD", .times = 2, .fault = FaultProxy::Status(503)});
  proxy_->AddRule({.method = "PUT", .times = 1, .fault = FaultProxy::Status(500)});
  proxy_->AddRule({.method = "PUT", .times = 1, .fault = FaultProxy::ResetMidResponse()});
  proxy_->AddRule({.method = "GET", .times = 2, .fault = FaultProxy::Status(503)});
  proxy_->AddRule({.method = "DELETE", .times = 1, .fault = FaultProxy::Status(503)});
  store->CheckAccess();
  store->Put("second.bin", scratch_ + "/object.bin");
  auto listed = store->List("");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].key, "second.bin");
  store->Delete("second.bin");
  EXPECT_EQ(S3Client(server_->Options()).ListObjects(bucket_, "data/").size(), 1u);
  EXPECT_EQ(proxy_->FaultsInjected(), 7);
}

TEST_F(ObjectStoreFaultTest, ObjectGoneBetweenListingAndDeleteIsNotAnError) {
  auto store = OpenObjectStore("s3://" + bucket_ + "/data", ThroughProxy());
  auto listed = store->List("");
  ASSERT_EQ(listed.size(), 1u);
  S3Client(server_->Options()).DeleteObject(bucket_, "data/object.bin");  // someone else removed it
  store->Delete(listed[0].key);
  EXPECT_TRUE(store->List("").empty());
}

/// DuckDB reading parquet through httpfs, as summarize does, via the proxy.
class EngineS3FaultTest : public S3FaultTest {
 protected:
  void SetUp() override {
    S3FaultTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Engine writer;
    writer.Execute("COPY (SELECT range AS x FROM range(50000)) TO " + SqlLiteral(scratch_ + "/t.parquet") +
                       " (FORMAT parquet)",
                   "write parquet");
    S3Client(server_->Options()).PutObject(bucket_, "data/t.parquet", scratch_ + "/t.parquet");
    S3Options o = ThroughProxy();
    engine_.EnableS3({o.endpoint, o.region, o.access_key, o.secret_key, true});
  }
  int64_t Count() {
    return engine_.QueryInt("SELECT count(*) FROM read_parquet('s3://" + bucket_ + "/data/t.parquet')",
                            "read s3://" + bucket_ + "/data/t.parquet");
  }
  /// The error of Count(), or kind kUsage and "" when it succeeded.
  Error CountError() {
    try {
      Count();
    } catch (const Error& e) {
      return e;
    }
    return Error(ErrorKind::kUsage, "");
  }
  Engine engine_;
};

TEST_F(EngineS3FaultTest, Transient503sOnParquetReadsAreRetried) {
  // Four in a row: more than httpfs's default three retries, within the ones costagg sets.
  proxy_->AddRule(
      {.method = "GET", .path_contains = "t.parquet", .times = 4, .fault = FaultProxy::Status(503)});
  proxy_->AddRule({.method = "HEAD", .times = 2, .fault = FaultProxy::Status(500)});
  EXPECT_EQ(Count(), 50000);
  EXPECT_EQ(proxy_->FaultsInjected(), 6);
}

TEST_F(EngineS3FaultTest, ConnectionResetMidParquetReadIsRetried) {
  proxy_->AddRule({.method = "GET", .times = 2, .fault = FaultProxy::ResetMidResponse(100)});
  EXPECT_EQ(Count(), 50000);
  EXPECT_EQ(proxy_->FaultsInjected(), 2);
}

TEST_F(EngineS3FaultTest, SlowParquetResponsesWithinTheTimeoutSucceed) {
  proxy_->AddRule({.fault = FaultProxy::Delay(milliseconds(300))});
  EXPECT_EQ(Count(), 50000);
  for (const auto& r : proxy_->Requests()) EXPECT_LT(r.status, 300) << r.method << " " << r.target;
}

TEST_F(EngineS3FaultTest, PersistentUnavailabilityIsTransientNamingTheObject) {
  proxy_->AddRule({.method = "GET", .fault = FaultProxy::Status(503)});
  auto started = Clock::now();
  Error e = CountError();
  std::string m = e.what();
  EXPECT_EQ(e.kind(), ErrorKind::kTransient) << m;
  EXPECT_NE(m.find(bucket_ + "/data/t.parquet"), std::string::npos) << m;
  EXPECT_NE(m.find("503"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  // Bounded: six attempts with 0, 250, 500, 1000, 2000 ms between them.
  EXPECT_EQ(proxy_->Count("GET", "t.parquet"), 6);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
}

TEST_F(EngineS3FaultTest, PersistentResetsAreTransientNamingTheObject) {
  proxy_->AddRule({.method = "GET", .fault = FaultProxy::ResetMidResponse(100)});
  Error e = CountError();
  EXPECT_EQ(e.kind(), ErrorKind::kTransient) << e.what();
  EXPECT_NE(std::string(e.what()).find(bucket_ + "/data/t.parquet"), std::string::npos) << e.what();
}

TEST_F(EngineS3FaultTest, AMissingObjectIsAnErrorNamingItNotRetried) {
  proxy_->AddRule({.path_contains = "t.parquet", .fault = FaultProxy::Missing()});
  Error e = CountError();
  std::string m = e.what();
  EXPECT_NE(e.kind(), ErrorKind::kTransient) << m;
  EXPECT_NE(e.kind(), ErrorKind::kUsage) << m;
  EXPECT_NE(m.find(bucket_ + "/data/t.parquet"), std::string::npos) << m;
  EXPECT_NE(m.find("404"), std::string::npos) << m;
  EXPECT_EQ(proxy_->FaultsInjected(), 1);
}

}  // namespace
}  // namespace costagg::testing
