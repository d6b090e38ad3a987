#include "support/pg_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/server_env.h"

namespace costagg::testing {
namespace {

std::string PgBin() {
  const char* bin = std::getenv("COSTAGG_PG_BIN");
  return (bin != nullptr && *bin != '\0') ? bin : "/usr/lib/postgresql/15/bin";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// A free loopback TCP port (the kernel's pick; another process may take it before the server does, hence
/// the retries in Start).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

/// A server this process started: initdb + pg_ctl start, pg_ctl stop + rm -rf at exit.
class OwnServer {
 public:
  OwnServer() {
    char tmpl[] = "/tmp/costagg-pg-XXXXXX";  // short: the unix socket path must fit 107 bytes
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    // PostgreSQL refuses to run as root: hand the directory to the postgres account and run as it.
    if (::geteuid() == 0) {
      passwd* pg = ::getpwnam("postgres");
      if (pg == nullptr) throw std::runtime_error("running as root and there is no postgres user");
      if (::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0) throw std::runtime_error("chown failed");
      as_pg_ = "runuser -u postgres -- ";
    }
    Watch();
    Run(PgBin() + "/initdb -D " + Quote(data()) + " -U postgres -A trust -E UTF8 --locale=C -N",
        "initdb.log");
    for (int attempt = 0; attempt < 3 && port_ == 0; ++attempt) {
      int port = FreePort();
      std::string options = "-p " + std::to_string(port) + " -k " + dir_ +
                            " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                            " -c full_page_writes=off -c shared_buffers=16MB -c max_connections=40";
      if (Run(PgBin() + "/pg_ctl start -w -t 60 -D " + Quote(data()) + " -l " + Quote(dir_ + "/server.log") +
                  " -o " + Quote(options),
              "pg_ctl.log", /*may_fail=*/true)) {
        port_ = port;
      }
    }
    if (port_ == 0) throw std::runtime_error("PostgreSQL did not start:\n" + Tail(dir_ + "/server.log"));
  }

  ~OwnServer() {
    Run(PgBin() + "/pg_ctl stop -m immediate -w -D " + Quote(data()), "pg_ctl.log", /*may_fail=*/true);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  int port() const { return port_; }

 private:
  std::string data() const { return dir_ + "/data"; }

  /// Runs `command` (as postgres when needed), output appended to dir/log; false or throws on failure.
  bool Run(const std::string& command, const std::string& log, bool may_fail = false) {
    std::string path = dir_ + "/" + log;
    int status = std::system((as_pg_ + command + " >>" + Quote(path) + " 2>&1 </dev/null").c_str());
    if (status == 0) return true;
    if (may_fail) return false;
    throw std::runtime_error("test PostgreSQL: '" + command + "' failed:\n" + Tail(path));
  }

  /// Starts a detached watchdog that stops the server and removes the directory once this process is
  /// gone, so a crashed test binary leaves nothing behind.
  void Watch() {
    std::string stop = as_pg_ + PgBin() + "/pg_ctl stop -m immediate -D " + Quote(data());
    std::string script = "while kill -0 " + std::to_string(::getpid()) + " 2>/dev/null; do sleep 1; done; " +
                         stop + "; rm -rf " + Quote(dir_);
    std::system(("setsid sh -c " + Quote(script) + " >/dev/null 2>&1 </dev/null &").c_str());
  }

  std::string dir_;
  std::string as_pg_;
  int port_ = 0;
};

struct State {
  std::once_flag once;
  std::unique_ptr<OwnServer> own;
  std::string uri;
  std::once_flag password_once;
};

State& TheState() {
  static State state;
  return state;
}

std::string StartOrFind() {
  State& s = TheState();
  std::call_once(s.once, [&s] {
    if (auto uri = TestServerValue("COSTAGG_TEST_PG_URI")) {
      s.uri = *uri;
      return;
    }
    if (::access((PgBin() + "/initdb").c_str(), X_OK) != 0) return;
    // If this throws, call_once lets the next test try again.
    s.own = std::make_unique<OwnServer>();
    s.uri = "postgresql://postgres@127.0.0.1:" + std::to_string(s.own->port()) + "/postgres";
  });
  return s.uri;
}

/// "host:port" of a postgresql://user@host:port/db URI.
std::string HostPort(const std::string& uri) {
  size_t at = uri.find('@');
  size_t begin = at == std::string::npos ? uri.find("://") + 3 : at + 1;
  size_t end = uri.find('/', begin);
  return uri.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

std::string PgServer::Get() { return StartOrFind(); }

bool PgServer::Available() {
  return TestServerValue("COSTAGG_TEST_PG_URI").has_value() ||
         ::access((PgBin() + "/initdb").c_str(), X_OK) == 0;
}

int PgServer::Port() {
  std::string uri = StartOrFind();
  std::string host_port = HostPort(uri);
  size_t colon = host_port.rfind(':');
  return colon == std::string::npos ? 5432 : std::stoi(host_port.substr(colon + 1));
}

std::string PgServer::PasswordRoleUri(const std::string& password) {
  std::string uri = StartOrFind();
  State& s = TheState();
  std::call_once(s.password_once, [&uri] {
    PgConnection conn(uri);
    // Test processes share the fixture's server: one at a time sets it up (the lock ends with `conn`).
    conn.Query("SELECT pg_advisory_lock(0, hashtext('costagg test password role'))");
    if (conn.Query("SELECT count(*) FROM pg_roles WHERE rolname = $1", {kPasswordRole}, "find role")
            .Scalar() == "0") {
      conn.Execute(std::string("SET password_encryption = 'scram-sha-256'; CREATE ROLE ") + kPasswordRole +
                       " LOGIN PASSWORD '" + kPasswordRoleSecret + "'",
                   "create password role");
    }
    // Require SCRAM for this role only; everyone else keeps trust. (No tabs or backslashes in the lines:
    // COPY's text format writes them verbatim.)
    if (conn.Query("SELECT count(*) FROM pg_hba_file_rules WHERE $1 = ANY(user_name)", {kPasswordRole}, "hba")
            .Scalar() == "0") {
      std::string hba_file = conn.Query("SHOW hba_file").Scalar();
      conn.Execute("COPY (VALUES ('local all all trust'), ('host all " + std::string(kPasswordRole) +
                       " 127.0.0.1/32 scram-sha-256'), ('host all all 127.0.0.1/32 trust'), "
                       "('host all all ::1/128 trust')) TO '" +
                       hba_file + "'",
                   "rewrite pg_hba.conf");
    }
    // The postmaster reloads asynchronously; wait until new sessions carry a newer load time.
    std::string loaded = conn.Query("SELECT pg_conf_load_time()::text").Scalar();
    conn.Query("SELECT pg_reload_conf()");
    for (int i = 0; i < 200; ++i) {
      if (PgConnection(uri).Query("SELECT pg_conf_load_time()::text").Scalar() != loaded) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::string encoded;
  for (unsigned char c : password) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", c);
      encoded += hex;
    }
  }
  return std::string("postgresql://") + kPasswordRole + ":" + encoded + "@" + HostPort(uri) + "/postgres";
}

void PgServerTest::SetUp() {
  COSTAGG_REQUIRE_PG_SERVER();
  uri_ = PgServer::Get();
  conn_ = std::make_unique<PgConnection>(uri_);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("t_") + info->test_suite_name() + "_" + info->name();
  for (char& c : name)
    c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  if (name.size() > 63)
    name = name.substr(0, 55) + "_" + std::to_string(std::hash<std::string>{}(name) % 10000000);
  schema_ = name;
  // Quietly: DROP ... IF EXISTS would log a NOTICE for every test.
  conn_->Execute("SET client_min_messages = warning; DROP SCHEMA IF EXISTS " + schema_ +
                     " CASCADE; CREATE SCHEMA " + schema_ + "; RESET client_min_messages",
                 "create test schema");
}

}  // namespace costagg::testing
