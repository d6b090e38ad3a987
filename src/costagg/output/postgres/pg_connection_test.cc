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

}  // namespace
}  // namespace costagg
