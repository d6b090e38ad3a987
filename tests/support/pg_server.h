#pragma once
/// The PostgreSQL 15 the tests write to. Under ctest it is the one the `servers` fixture started
/// (tests/support/test_servers.sh, found through COSTAGG_TEST_PG_URI); when costagg_tests runs on its own, a
/// throwaway server as pg_regress's --temp-instance: initdb into a temp dir, pg_ctl start on a free loopback
/// port (unix socket in the same dir), as the postgres user when the tests run as root, once per process,
/// stopped and removed when the process exits (a watchdog removes it too if the process dies). Startup takes
/// under a second (fsync=off, small shared_buffers).
///
/// Use from a test:
///   class MyTest : public costagg::testing::PgServerTest {};
///   TEST_F(MyTest, Writes) { conn().Execute("CREATE TABLE " + schema() + ".t (x int)"); ... }
/// or, without the fixture, call COSTAGG_REQUIRE_PG_SERVER() first and then PgServer::Get().
/// Without /usr/lib/postgresql/15/bin/initdb the tests print "skipped: no PostgreSQL server binaries"; with
/// the environment variable CI or COSTAGG_REQUIRE_SERVERS set they fail instead.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "costagg/output/postgres/pg_connection.h"
#include "support/s3_server.h"  // ServersRequired()

namespace costagg::testing {

/// The process-wide throwaway server.
class PgServer {
 public:
  /// Starts the server on first call and returns the superuser URI,
  /// postgresql://postgres@127.0.0.1:PORT/postgres (trust authentication). Returns "" when the server
  /// binaries are absent (see Available). Throws std::runtime_error, with the server log's tail, when they
  /// exist but the server does not start.
  static std::string Get();
  /// True when the ctest fixture runs a server or the server binaries exist (COSTAGG_PG_BIN, default
  /// /usr/lib/postgresql/15/bin).
  static bool Available();
  /// The running server's TCP port (starts it if needed; 0 when unavailable).
  static int Port();

  /// A URI for a login role that must authenticate with SCRAM over TCP (pg_hba is rewritten once per
  /// process to require it for this role only), connecting with `password`: kPasswordRoleSecret succeeds,
  /// anything else fails authentication. For tests that passwords never leak into messages.
  static std::string PasswordRoleUri(const std::string& password);
  static constexpr const char* kPasswordRole = "costagg_pw";
  static constexpr const char* kPasswordRoleSecret = "Correct-Horse-7f3a";
};

/// Skips the current test (or fails it when ServersRequired(): env CI or COSTAGG_REQUIRE_SERVERS) when there
/// is no PostgreSQL server.
#define COSTAGG_REQUIRE_PG_SERVER()                                                          \
  do {                                                                                       \
    if (!::costagg::testing::PgServer::Available()) {                                        \
      if (::costagg::testing::ServersRequired()) {                                           \
        FAIL() << "no PostgreSQL server binaries, and CI or COSTAGG_REQUIRE_SERVERS is set"; \
      }                                                                                      \
      GTEST_SKIP() << "skipped: no PostgreSQL server binaries";                              \
    }                                                                                        \
  } while (0)

/// Fixture for tests against the throwaway server: skips or fails without it (as
/// COSTAGG_REQUIRE_PG_SERVER), and gives each test a connection and a fresh, empty schema named after it.
class PgServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  /// The superuser URI.
  const std::string& uri() const { return uri_; }
  /// A connection as the superuser.
  PgConnection& conn() { return *conn_; }
  /// This test's schema ("t_<suite>_<test>", lower case), created empty in SetUp.
  const std::string& schema() const { return schema_; }

 private:
  std::string uri_;
  std::string schema_;
  std::unique_ptr<PgConnection> conn_;
};

}  // namespace costagg::testing
