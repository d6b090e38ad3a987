#include "support/s3_server.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "costagg/error.h"
#include "costagg/input/s3_client.h"
#include "support/server_env.h"

namespace costagg::testing {
namespace fs = std::filesystem;

namespace {

constexpr const char* kUser = "costagg-test-user";
constexpr const char* kPassword = "costagg-test-password";

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string MinioBinary() {
  if (const char* env = std::getenv("COSTAGG_MINIO_BIN"); env && *env) return env;
  return "";
}

}  // namespace

bool ServersRequired() {
  const char* ci = std::getenv("CI");
  const char* req = std::getenv("COSTAGG_REQUIRE_SERVERS");
  return (ci && *ci && std::string(ci) != "false") || (req && *req && std::string(req) != "0");
}

std::map<std::string, std::string> S3Env(const S3Options& o) {
  return {{"S3_ENDPOINT", o.endpoint}, {"S3_ACCESS_KEY", o.access_key}, {"S3_SECRET_KEY", o.secret_key}};
}

struct S3ServerStopper {
  S3Server* server = nullptr;
  ~S3ServerStopper() {
    if (!server) return;
    ::kill(server->pid_, SIGTERM);
    ::waitpid(server->pid_, nullptr, 0);
    std::error_code ec;
    fs::remove_all(server->dir_, ec);
  }
};

S3Server* S3Server::Get(std::string* why) {
  static S3ServerStopper stopper;
  static std::string failure;
  if (stopper.server) return stopper.server;
  static S3Server external;
  if (external.port_ != 0) return &external;
  // A server started by the CTest fixture (tests/support/test_servers.sh) is used as it is.
  if (auto endpoint = TestServerValue("COSTAGG_TEST_S3_ENDPOINT")) {
    external.port_ = std::stoi(endpoint->substr(endpoint->rfind(':') + 1));
    return &external;
  }
  if (!failure.empty()) {
    *why = failure;
    return nullptr;
  }
  std::string binary = MinioBinary();
  if (binary.empty() || !fs::exists(binary)) {
    failure = "no MinIO binary (set COSTAGG_MINIO_BIN; scripts/setup.sh builds it)";
    *why = failure;
    return nullptr;
  }
  auto* server = new S3Server();
  server->port_ = FreePort();
  int console_port = FreePort();
  server->dir_ = (fs::temp_directory_path() / ("costagg-minio-" + std::to_string(::getpid()))).string();
  fs::create_directories(server->dir_);
  std::string address = "127.0.0.1:" + std::to_string(server->port_);
  std::string console = "127.0.0.1:" + std::to_string(console_port);
  std::string log = server->dir_ + ".log";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("MINIO_ROOT_USER", kUser, 1);
    ::setenv("MINIO_ROOT_PASSWORD", kPassword, 1);
    ::setenv("MINIO_BROWSER", "off", 1);
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    (void)out;
    ::dup2(::fileno(stdout), 2);
    ::execl(binary.c_str(), binary.c_str(), "server", "--quiet", "--address", address.c_str(),
            "--console-address", console.c_str(), server->dir_.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  server->pid_ = pid;
  // Wait until it answers an authenticated request (up to 30 s).
  S3Client client(server->Options(), RetryPolicy{1, 10, 5});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (true) {
    try {
      client.ListObjects("costagg-probe-nonexistent", "");
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kTransient) break;  // it answered (NoSuchBucket)
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid || std::chrono::steady_clock::now() > deadline) {
      failure = "MinIO did not start (see " + log + ")";
      *why = failure;
      ::kill(pid, SIGKILL);
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stopper.server = server;
  return server;
}

S3Options S3Server::Options() const {
  S3Options o;
  o.endpoint = "http://127.0.0.1:" + std::to_string(port_);
  o.region = "us-east-1";
  o.access_key = kUser;
  o.secret_key = kPassword;
  return o;
}

std::string S3Server::NewBucket(const std::string& stem) {
  static std::atomic<int> counter{0};
  std::string name = stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  S3Client(Options()).CreateBucket(name);
  return name;
}

}  // namespace costagg::testing
