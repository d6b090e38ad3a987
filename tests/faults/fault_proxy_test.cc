// The fault proxy itself (tests/support/fault_proxy.h), in front of the test MinIO: signed requests pass
// unchanged, and each fault looks on the wire the way the fault tests assume.
#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "costagg/error.h"
#include "costagg/input/s3_client.h"
#include "support/cli.h"
#include "support/s3_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

/// What a raw HTTP exchange returned: the bytes and the errno that ended reading (0 for a clean close).
struct RawReply {
  std::string bytes;
  int error = 0;
};

/// Sends `request` to 127.0.0.1:port and reads until the peer closes, an error, or 10 s.
RawReply RawExchange(int port, const std::string& request) {
  RawReply reply;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    reply.error = errno;
    ::close(fd);
    return reply;
  }
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) reply.error = errno;
    if (n <= 0) break;
    reply.bytes.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return reply;
}

std::string Get(const std::string& path, int port) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nConnection: close\r\n\r\n";
}

/// MinIO answers this without credentials.
constexpr const char* kHealth = "/minio/health/live";

class FaultProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    COSTAGG_REQUIRE_S3(server);
    server_ = server;
    proxy_ = std::make_unique<FaultProxy>(server->Options().endpoint);
  }
  S3Options ThroughProxy() const {
    S3Options o = server_->Options();
    o.endpoint = proxy_->endpoint();
    return o;
  }
  S3Server* server_ = nullptr;
  std::unique_ptr<FaultProxy> proxy_;
};

TEST_F(FaultProxyTest, ForwardsSignedRequestsUnchanged) {
  std::string bucket = server_->NewBucket("proxy-forward");
  S3Client client(ThroughProxy(), RetryPolicy{1, 10, 5});
  // A 2 MiB upload: curl sends Expect: 100-continue, so the interim response path is exercised too.
  std::string file = FreshDirectory("proxy-forward") + "/big.bin";
  std::ofstream(file, std::ios::binary) << std::string(2 << 20, 'x');
  client.PutObject(bucket, "dir/big.bin", file);
  client.HeadBucket(bucket);
  auto objects = client.ListObjects(bucket, "dir/");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].size, 2 << 20);
  client.DeleteObject(bucket, "dir/big.bin");
  EXPECT_TRUE(client.ListObjects(bucket, "dir/").empty());
  EXPECT_EQ(proxy_->FaultsInjected(), 0);
  EXPECT_EQ(proxy_->Count("PUT", "/dir/big.bin"), 1);
  EXPECT_EQ(proxy_->Count("GET", ""), 2);
  for (const auto& r : proxy_->Requests()) EXPECT_LT(r.status, 300) << r.method << " " << r.target;
  fs::remove_all(fs::path(file).parent_path());
}

TEST_F(FaultProxyTest, InjectedStatusCarriesAnS3XmlError) {
  proxy_->AddRule({.path_contains = kHealth, .fault = FaultProxy::Status(503)});
  RawReply reply = RawExchange(proxy_->port(), Get(kHealth, proxy_->port()));
  EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << reply.bytes;
  EXPECT_NE(reply.bytes.find("<Error><Code>SlowDown</Code>"), std::string::npos) << reply.bytes;
  EXPECT_NE(reply.bytes.find("<Resource>/minio/health/live</Resource>"), std::string::npos);
  proxy_->ClearRules();
  proxy_->AddRule({.fault = FaultProxy::Status(500)});
  reply = RawExchange(proxy_->port(), Get(kHealth, proxy_->port()));
  EXPECT_NE(reply.bytes.find("<Code>InternalError</Code>"), std::string::npos) << reply.bytes;
  EXPECT_EQ(proxy_->FaultsInjected(), 2);
}

TEST_F(FaultProxyTest, MissingIsNoSuchKeyWithoutABodyForHead) {
  proxy_->AddRule({.path_contains = "/gone", .fault = FaultProxy::Missing()});
  RawReply reply = RawExchange(proxy_->port(), Get("/bucket/gone", proxy_->port()));
  EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << reply.bytes;
  EXPECT_NE(reply.bytes.find("<Code>NoSuchKey</Code>"), std::string::npos) << reply.bytes;
  reply = RawExchange(proxy_->port(), "HEAD /bucket/gone HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << reply.bytes;
  EXPECT_EQ(reply.bytes.substr(reply.bytes.find("\r\n\r\n") + 4), "");
  EXPECT_NE(reply.bytes.find("Content-Length: 0\r\n"), std::string::npos);
}

TEST_F(FaultProxyTest, RulesMatchRequestNumberMethodPathAndCount) {
  proxy_->AddRule({.request_number = 2, .fault = FaultProxy::Status(500)});
  proxy_->AddRule(
      {.method = "GET", .path_contains = "/health/", .times = 2, .fault = FaultProxy::Status(503)});
  std::vector<std::string> first_lines;
  for (int i = 0; i < 4; ++i) {
    std::string bytes = RawExchange(proxy_->port(), Get(kHealth, proxy_->port())).bytes;
    first_lines.push_back(bytes.substr(0, bytes.find("\r\n")));
  }
  EXPECT_EQ(first_lines, (std::vector<std::string>{"HTTP/1.1 503 Service Unavailable",
                                                   "HTTP/1.1 500 Internal Server Error",
                                                   "HTTP/1.1 503 Service Unavailable", "HTTP/1.1 200 OK"}));
  auto requests = proxy_->Requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[1].number, 2);
  EXPECT_EQ(requests[3].fault, FaultProxy::Fault::Kind::kNone);
  // The path rule ignores the query; the query rule looks at it.
  proxy_->ClearRules();
  proxy_->AddRule({.method = "GET", .path_contains = "live", .fault = FaultProxy::Status(503)});
  std::string bytes = RawExchange(proxy_->port(), Get("/minio/health/ready?x=live", proxy_->port())).bytes;
  EXPECT_EQ(bytes.rfind("HTTP/1.1 200", 0), 0u) << bytes;
  proxy_->AddRule({.query_contains = "x=live", .fault = FaultProxy::Status(500)});
  bytes = RawExchange(proxy_->port(), Get("/minio/health/ready?x=live", proxy_->port())).bytes;
  EXPECT_EQ(bytes.rfind("HTTP/1.1 500", 0), 0u) << bytes;
}

TEST_F(FaultProxyTest, DelayHoldsTheResponse) {
  proxy_->AddRule({.fault = FaultProxy::Delay(milliseconds(400))});
  auto started = Clock::now();
  RawReply reply = RawExchange(proxy_->port(), Get(kHealth, proxy_->port()));
  EXPECT_GE(Clock::now() - started, milliseconds(400));
  EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 200 OK", 0), 0u) << reply.bytes;
}

TEST_F(FaultProxyTest, ResetCutsTheBodyShortWithAnRst) {
  std::string bucket = server_->NewBucket("proxy-reset");
  std::string file = FreshDirectory("proxy-reset") + "/object";
  std::ofstream(file, std::ios::binary) << std::string(100000, 'y');
  S3Client(server_->Options()).PutObject(bucket, "object", file);
  proxy_->AddRule({.method = "GET", .fault = FaultProxy::ResetMidResponse(1000)});
  // The request is not signed, so MinIO refuses it; its error body is what gets cut.
  RawReply reply = RawExchange(proxy_->port(), Get("/" + bucket + "/object", proxy_->port()));
  EXPECT_EQ(reply.error, ECONNRESET);
  size_t head_end = reply.bytes.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << reply.bytes;
  size_t body = reply.bytes.size() - head_end - 4;
  EXPECT_GT(body, 0u);
  EXPECT_LE(body, 1000u);
  ASSERT_EQ(proxy_->Requests().size(), 1u);
  EXPECT_EQ(proxy_->Requests()[0].status, 0);
  fs::remove_all(fs::path(file).parent_path());
}

TEST_F(FaultProxyTest, KeepsAConnectionAliveAcrossRequests) {
  std::string two = "GET " + std::string(kHealth) + " HTTP/1.1\r\nHost: x\r\n\r\n" + Get(kHealth, 1);
  proxy_->AddRule({.request_number = 1, .fault = FaultProxy::Status(503)});
  RawReply reply = RawExchange(proxy_->port(), two);
  EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 503", 0), 0u) << reply.bytes;
  EXPECT_NE(reply.bytes.find("HTTP/1.1 200 OK"), std::string::npos) << reply.bytes;
  EXPECT_EQ(proxy_->Requests().size(), 2u);
}

TEST_F(FaultProxyTest, HookSeesEachRequestBeforeItIsForwarded) {
  std::vector<std::string> seen;
  proxy_->OnRequest([&](const FaultProxy::Request& r) { seen.push_back(r.method + " " + r.target); });
  RawExchange(proxy_->port(), Get(kHealth, proxy_->port()));
  proxy_->OnRequest(nullptr);
  EXPECT_EQ(seen, std::vector<std::string>{"GET /minio/health/live"});
}

TEST(FaultProxyStandaloneTest, UnreachableUpstreamIsBadGateway) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int closed_port = ntohs(addr.sin_port);
  ::close(fd);
  FaultProxy proxy("http://127.0.0.1:" + std::to_string(closed_port));
  RawReply reply = RawExchange(proxy.port(), Get("/x", proxy.port()));
  EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 502 Bad Gateway", 0), 0u) << reply.bytes;
}

TEST(FaultProxyStandaloneTest, RefusesANonLoopbackUpstream) {
  EXPECT_THROW(FaultProxy("http://example.com:80"), std::invalid_argument);
  EXPECT_THROW(FaultProxy("http://10.0.0.1:9000"), std::invalid_argument);
  EXPECT_THROW(FaultProxy("https://127.0.0.1"), std::invalid_argument);
}

TEST(FaultProxyStandaloneTest, StopsPromptlyWithIdleConnectionsOpen) {
  auto proxy = std::make_unique<FaultProxy>("http://127.0.0.1:1");
  std::vector<int> idle;
  for (int i = 0; i < 3; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(proxy->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::send(fd, "GET /half", 9, MSG_NOSIGNAL);  // an unfinished request head
    idle.push_back(fd);
  }
  std::this_thread::sleep_for(milliseconds(100));
  auto started = Clock::now();
  proxy.reset();
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
  for (int fd : idle) ::close(fd);
}

}  // namespace
}  // namespace costagg::testing
