#include "costagg/output/postgres/pg_connection.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "costagg/error.h"
#include "support/pg_server.h"

namespace costagg {
namespace {

using testing::PgServer;

class PgConnectionTest : public testing::PgServerTest {};

/// The message of the Error `f` throws, or "no error".
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

/// The Error `f` throws; a test failure (and a runtime Error saying so) when it throws none.
template <typename F>
Error CaughtError(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return RuntimeError("no error");
}

/// The server process of a session, for TerminateBackend.
std::string BackendPid(PgConnection& session) {
  return session.Query("SELECT pg_backend_pid()::text").Scalar();
}

/// Terminates backend `pid` from `admin` and waits (up to 10 s) until it is gone: what a server restart or an
/// administrator does to a session (FATAL 57P01, then a closed socket).
void TerminateBackend(PgConnection& admin, const std::string& pid) {
  ASSERT_EQ(admin.Query("SELECT pg_terminate_backend(" + pid + ", 10000)").Scalar(), "t");
}

TEST_F(PgConnectionTest, QueriesExecutesAndBindsParameters) {
  PgResult r = conn().Query("SELECT 1 AS one, NULL::text AS nothing, 'héllo'::text AS word");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.columns, (std::vector<std::string>{"one", "nothing", "word"}));
  EXPECT_EQ(r.rows[0][0], "1");
  EXPECT_EQ(r.rows[0][1], std::nullopt);
  EXPECT_EQ(r.rows[0][2], "héllo");
  conn().Execute("CREATE TABLE " + schema() + ".t (k text, v int)");
  EXPECT_EQ(
      conn().Execute("INSERT INTO " + schema() + ".t VALUES ($1, $2), ($3, NULL)", {"a", "1", "b"}, "insert"),
      2);
  EXPECT_EQ(conn()
                .Query("SELECT count(*) FROM " + schema() + ".t WHERE v IS NULL OR k = $1", {"a"}, "count")
                .Scalar(),
            "2");
  EXPECT_EQ(
      conn().Query("SELECT current_setting('application_name'), current_setting('client_encoding')").rows[0],
      (std::vector<std::optional<std::string>>{"costagg", "UTF8"}));
}

TEST_F(PgConnectionTest, ErrorsCarryTheStepAndTheServerMessage) {
  std::string message = ErrorOf([&] { conn().Execute("SELECT * FROM no_such_table", "read the bills"); });
  EXPECT_NE(message.find("PostgreSQL read the bills: relation \"no_such_table\" does not exist"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("SQLSTATE 42P01"), std::string::npos) << message;
  // Without a step the SQL's first line names the statement.
  message = ErrorOf([&] { conn().Query("SELECT 1/0 AS boom\nFROM generate_series(1, 2)"); });
  EXPECT_NE(message.find("PostgreSQL SELECT 1/0 AS boom: division by zero"), std::string::npos) << message;
  // The connection stays usable.
  EXPECT_EQ(conn().Query("SELECT 2").Scalar(), "2");
}

TEST_F(PgConnectionTest, NoticesGoToTheLog) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_st>(log)));
  conn().Execute(
      "DO $$ BEGIN RAISE NOTICE 'partition % created', 'p_2024_03'; RAISE WARNING 'slow disk'; END $$");
  spdlog::set_default_logger(previous);
  EXPECT_NE(log.str().find("[info] postgres NOTICE: partition p_2024_03 created"), std::string::npos)
      << log.str();
  EXPECT_NE(log.str().find("[warning] postgres WARNING: slow disk"), std::string::npos) << log.str();
}

TEST_F(PgConnectionTest, TransactionGuardRollsBackWhenUnwinding) {
  conn().Execute("CREATE TABLE " + schema() + ".t (v int)");
  auto insert_then_fail = [&] {
    PgTransaction transaction(conn());
    conn().Execute("INSERT INTO " + schema() + ".t VALUES (1)");
    EXPECT_TRUE(conn().InTransaction());
    throw DataError("something failed half-way");
  };
  EXPECT_THROW(insert_then_fail(), Error);
  EXPECT_FALSE(conn().InTransaction());
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".t").Scalar(), "0");
  {
    PgTransaction transaction(conn());
    conn().Execute("INSERT INTO " + schema() + ".t VALUES (2)");
    transaction.Commit();
  }
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".t").Scalar(), "1");
}

TEST_F(PgConnectionTest, SourceLockIsExclusiveAcrossSessions) {
  PgConnection other(uri());
  EXPECT_TRUE(conn().TryLockSource("org1", "uuid-a"));
  EXPECT_FALSE(other.TryLockSource("org1", "uuid-a"));
  EXPECT_TRUE(other.TryLockSource("org1", "uuid-b"));  // another source
  EXPECT_TRUE(other.TryLockSource("org2", "uuid-a"));  // another schema
  EXPECT_FALSE(other.LockSource("org1", "uuid-a", std::chrono::milliseconds(300)));
  // The lock is the documented two-integer key.
  EXPECT_EQ(conn()
                .Query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 "
                       "AND classid::int8 = $1::int8 AND pid = pg_backend_pid() "
                       "AND objid::int8 = (hashtext('org1/uuid-a')::int8 & 4294967295)",
                       {std::to_string(kCostaggLockKey)}, "find lock")
                .Scalar(),
            "1");
  EXPECT_TRUE(conn().UnlockSource("org1", "uuid-a"));
  EXPECT_TRUE(other.LockSource("org1", "uuid-a", std::chrono::milliseconds(300)));
  EXPECT_TRUE(other.LockSource("org1", "uuid-a"));  // re-entrant within a session
}

TEST_F(PgConnectionTest, DisconnectReleasesTheLock) {
  {
    PgConnection holder(uri());
    ASSERT_TRUE(holder.TryLockSource("org1", "uuid-c"));
  }
  EXPECT_TRUE(conn().LockSource("org1", "uuid-c", std::chrono::milliseconds(2000)));
}

TEST_F(PgConnectionTest, IsMoveOnly) {
  static_assert(!std::is_copy_constructible_v<PgConnection>);
  PgConnection a(uri());
  PgConnection b(std::move(a));
  EXPECT_EQ(b.Query("SELECT 3").Scalar(), "3");
  a = std::move(b);
  EXPECT_EQ(a.Query("SELECT 4").Scalar(), "4");
  EXPECT_NE(a.target().find("postgres@"), std::string::npos);
}

TEST_F(PgConnectionTest, WrongPasswordNeverAppearsInTheError) {
  const std::string wrong = "Wr0ng-Pa55word-9c1e";
  std::string message = ErrorOf([&] { PgConnection c(PgServer::PasswordRoleUri(wrong)); });
  EXPECT_NE(message.find("password authentication failed for user \"costagg_pw\""), std::string::npos)
      << message;
  EXPECT_NE(message.find("cannot connect to PostgreSQL costagg_pw@127.0.0.1:"), std::string::npos) << message;
  EXPECT_EQ(message.find(wrong), std::string::npos) << message;
  EXPECT_EQ(message.find("Wr0ng"), std::string::npos) << message;
  // The right password works, so the failure above really was authentication.
  PgConnection ok(PgServer::PasswordRoleUri(PgServer::kPasswordRoleSecret));
  EXPECT_EQ(ok.Query("SELECT current_user").Scalar(), "costagg_pw");
}

TEST_F(PgConnectionTest, FailedConnectNamesTheTargetWithoutPassword) {
  const std::string secret = "Sup3r-Secret-4d2b";
  // Nothing listens on port 1.
  std::string message = ErrorOf([&] { PgConnection c("postgresql://koku:" + secret + "@127.0.0.1:1/koku"); });
  EXPECT_NE(message.find("cannot connect to PostgreSQL koku@127.0.0.1:1/koku:"), std::string::npos)
      << message;
  EXPECT_EQ(message.find(secret), std::string::npos) << message;
  // A malformed URI: libpq quotes it in its message; the password is cut out.
  message = ErrorOf([&] { PgConnection c("postgresql://koku:" + secret + "@127.0.0.1:notaport/koku"); });
  EXPECT_EQ(message.find(secret), std::string::npos) << message;
  message = ErrorOf([&] { PgConnection c("host=127.0.0.1 port=1 password=" + secret + " bogus=1"); });
  EXPECT_EQ(message.find(secret), std::string::npos) << message;
}

TEST_F(PgConnectionTest, LostConnectionIsTransientNamingTheServer) {
  // A server error on a live session stays a runtime error (exit 1).
  Error syntax = CaughtError([&] { conn().Execute("SELEKT 1", "bad statement"); });
  EXPECT_EQ(syntax.kind(), ErrorKind::kRuntime) << syntax.what();
  conn().Execute("CREATE TABLE " + schema() + ".t (v int)");
  PgConnection victim(uri());
  victim.BeginTransaction();
  victim.Execute("INSERT INTO " + schema() + ".t VALUES (1)");
  TerminateBackend(conn(), BackendPid(victim));
  Error lost = CaughtError([&] { victim.Execute("INSERT INTO " + schema() + ".t VALUES (2)", "insert"); });
  EXPECT_EQ(lost.kind(), ErrorKind::kTransient) << lost.what();
  EXPECT_EQ(ExitCode(lost.kind()), 4);
  std::string message = lost.what();
  EXPECT_EQ(message.rfind("PostgreSQL insert: lost the connection to " + victim.target() + ": ", 0), 0u)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  // Every later call on the dead session says the same; the rollback on the way out is quiet.
  EXPECT_EQ(CaughtError([&] { victim.Query("SELECT 1", "select"); }).kind(), ErrorKind::kTransient);
  EXPECT_NO_THROW(victim.RollbackQuietly());
  // The server rolled the transaction back: nothing half-written.
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".t").Scalar(), "0");
}

TEST_F(PgConnectionTest, ConnectionLostDuringCopyIsTransientAndStoresNothing) {
  conn().Execute("CREATE TABLE " + schema() + ".t (v int)");
  PgConnection victim(uri());
  std::string pid = BackendPid(victim);
  victim.BeginTransaction();
  std::string step = "COPY into " + schema() + ".t";
  victim.StartCopyIn("COPY " + schema() + ".t FROM STDIN", step);
  victim.PutCopyData("1\n2\n", step);
  TerminateBackend(conn(), pid);
  // libpq may still buffer the next bytes; the end of the COPY reads the server's FATAL or the closed socket.
  Error lost = CaughtError([&] {
    victim.PutCopyData("3\n", step);
    victim.EndCopyIn(step);
  });
  EXPECT_EQ(lost.kind(), ErrorKind::kTransient) << lost.what();
  EXPECT_EQ(
      std::string(lost.what()).rfind("PostgreSQL " + step + ": lost the connection to " + victim.target(), 0),
      0u)
      << lost.what();
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".t").Scalar(), "0");
}

TEST_F(PgConnectionTest, ConnectFailsTransientlyOnlyWhenTheServerIsAway) {
  // Nothing listens on port 1: the server is down, which a later run may find up.
  Error refused = CaughtError([&] { PgConnection c("postgresql://koku@127.0.0.1:1/koku"); });
  EXPECT_EQ(refused.kind(), ErrorKind::kTransient) << refused.what();
  // Wrong password or database: retrying cannot help.
  Error password = CaughtError([&] { PgConnection c(PgServer::PasswordRoleUri("wrong")); });
  EXPECT_EQ(password.kind(), ErrorKind::kRuntime) << password.what();
  Error database = CaughtError([&] { PgConnection c(uri() + "_no_such_database"); });
  EXPECT_EQ(database.kind(), ErrorKind::kRuntime) << database.what();
  EXPECT_NE(std::string(database.what()).find("does not exist"), std::string::npos) << database.what();
}

TEST(PgConnectFailureTest, TransientMessagesAreTheServerBeingAway) {
  for (const char* message : {
           "connection to server at \"127.0.0.1\", port 1 failed: Connection refused; Is the server running "
           "on "
           "that host and accepting TCP/IP connections?",
           "connection to server at \"10.0.0.9\", port 5432 failed: timeout expired",
           "connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: No such file or directory; Is the "
           "server running locally and accepting connections on that socket?",
           "connection to server at \"db\" (10.0.0.9), port 5432 failed: FATAL:  the database system is "
           "starting "
           "up",
           "connection to server at \"db\" (10.0.0.9), port 5432 failed: FATAL:  sorry, too many clients "
           "already",
       }) {
    EXPECT_TRUE(IsTransientConnectFailure(message)) << message;
  }
  for (const char* message : {
           "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed "
           "for "
           "user \"koku\"",
           "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"koku\" does not "
           "exist",
           "could not translate host name \"no-such-host\" to address: Name or service not known",
           "connection to server at \"db\", port 5432 failed: could not read root certificate file "
           "\"/nonexistent\": No such file or directory",
       }) {
    EXPECT_FALSE(IsTransientConnectFailure(message)) << message;
  }
}

}  // namespace
}  // namespace costagg
