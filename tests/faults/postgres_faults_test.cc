// PostgreSQL faults against `costagg summarize ocp` end to end (the real binary and the test PostgreSQL):
// nothing listening, a server that never answers, and the run's backend terminated while it waits for the
// source's lock, while its DELETE waits in the write transaction, and while its COPY streams. A terminated
// backend is what a PostgreSQL restart looks like to the client (the same FATAL 57P01 "terminating connection
// due to administrator command", then a closed socket); the suite's server is shared by every test, so it is
// not restarted for real. Each of these is a transient fault: exit 4, which Koku retries with a new run.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "faults/fault_checks.h"
#include "support/cli.h"
#include "support/ocp_fixture.h"
#include "support/pg_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kSource = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
constexpr const char* kDay = "2025-10-07";

/// A loopback socket bound (and listening when `listen`) on a free port; closed by the destructor.
struct LoopbackSocket {
  explicit LoopbackSocket(bool listen) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (listen) ::listen(fd, 8);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~LoopbackSocket() { ::close(fd); }
  int fd = -1;
  int port = 0;
};

class PostgresFaultTest : public PgServerTest {
 protected:
  void SetUp() override {
    PgServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    input_ = FreshDirectory("pg-faults");
  }
  void TearDown() override {
    if (!input_.empty()) fs::remove_all(input_);
  }

  std::vector<std::string> SummarizeArgs(const std::string& output,
                                         const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {"summarize", "ocp",  "--schema", schema(), "--source",     kSource,
                                     "--year",    "2025", "--month",  "10",     "--cluster-id", "cluster-a",
                                     "--input",   input_, "--output", output,   "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  /// init-db and one good run, then the snapshot a failed run must leave alone.
  std::string GoodRunThenSnapshot() {
    EXPECT_EQ(RunCostagg({"init-db", "--schema", schema(), "--output", uri()}).exit_code, 0);
    auto r = RunCostagg(SummarizeArgs(uri()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return OcpTablesSnapshot(conn(), schema());
  }

  /// Waits (bounded) until the run's session matches `condition` in pg_stat_activity, then terminates it.
  /// Returns the query it was running, or "" when it never showed up. The test's own sessions also say
  /// application_name=costagg (they are PgConnections): `helper` is one more of them to leave alone. Tests
  /// that run beside this one use the same server, so `condition` must single out this test's run (see
  /// BlockedBy).
  std::string TerminateCostaggBackendWhen(const std::string& condition, std::chrono::seconds wait,
                                          PgConnection* helper = nullptr) {
    std::string helper_pid = helper ? helper->Query("SELECT pg_backend_pid()::text").Scalar() : "0";
    auto deadline = Clock::now() + wait;
    while (Clock::now() < deadline) {
      PgResult found = conn().Query(
          "SELECT pid::text, query FROM pg_stat_activity WHERE application_name = 'costagg' AND pid NOT IN "
          "(pg_backend_pid(), " +
          helper_pid + ") AND (" + condition + ")");
      if (!found.rows.empty()) {
        conn().Query("SELECT pg_terminate_backend(" + found.rows[0][0].value_or("0") + ")");
        return found.rows[0][1].value_or("");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return "";
  }

  /// A `condition` for a session waiting on a lock that `helper` holds, not one of another test's.
  static std::string BlockedBy(PgConnection& helper) {
    return "wait_event_type = 'Lock' AND " + helper.Query("SELECT pg_backend_pid()::text").Scalar() +
           " = ANY(pg_blocking_pids(pid))";
  }

  /// Checks a run that lost its backend: exit 4 (transient), one error line naming the step, the server and
  /// what libpq saw (the server's FATAL, or the closed socket that follows it, depending on which libpq reads
  /// first).
  void ExpectCleanFailure(const CliResult& r, const std::string& step) {
    EXPECT_EQ(r.exit_code, 4) << r.err;
    auto lines = ErrorLines(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_NE(lines[0].find("costagg: error: PostgreSQL " + step), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(": lost the connection to postgres@127.0.0.1:"), std::string::npos) << lines[0];
    EXPECT_TRUE(lines[0].find("terminating connection due to administrator command") != std::string::npos ||
                lines[0].find("server closed the connection unexpectedly") != std::string::npos)
        << lines[0];
    EXPECT_NE(r.out.find("\"status\":\"error\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"kind\":\"transient\""), std::string::npos) << r.out;
  }

  std::string input_;
};

// A server that is down (or restarting) at the start is a transient fault: a later run may find it up.
TEST_F(PostgresFaultTest, ConnectionRefusedExitsFourNamingTheTargetWithoutThePassword) {
  WriteOcpFixture(input_, schema(), kSource, kDay);
  int port = LoopbackSocket(false).port;  // bound, then closed: nothing listens there
  const std::string secret = "Refused-Secret-9d2f";
  std::string output =
      "postgresql://costagg_pw:" + secret + "@127.0.0.1:" + std::to_string(port) + "/postgres";
  std::string target = "costagg_pw@127.0.0.1:" + std::to_string(port) + "/postgres";
  for (const auto& args : {SummarizeArgs(output),
                           std::vector<std::string>{"init-db", "--schema", schema(), "--output", output}}) {
    auto r = RunCostagg(args);
    EXPECT_EQ(r.exit_code, 4) << r.err;
    auto lines = ErrorLines(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_NE(lines[0].find("cannot connect to PostgreSQL " + target + ": "), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("Connection refused"), std::string::npos) << lines[0];
    EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
  }
}

TEST_F(PostgresFaultTest, ServerThatNeverAnswersFailsWithinConnectTimeout) {
  // The TCP handshake completes (the kernel's backlog) but no byte ever comes back. libpq waits without
  // limit unless the target sets connect_timeout, which costagg passes through from the URI.
  WriteOcpFixture(input_, schema(), kSource, kDay);
  LoopbackSocket silent(true);
  std::string output =
      "postgresql://postgres@127.0.0.1:" + std::to_string(silent.port) + "/postgres?connect_timeout=2";
  auto started = Clock::now();
  auto r = RunCostagg(SummarizeArgs(output));
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  auto lines = ErrorLines(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find("cannot connect to PostgreSQL postgres@127.0.0.1:" + std::to_string(silent.port)),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("timeout"), std::string::npos) << lines[0];
}

TEST_F(PostgresFaultTest, BackendTerminatedWhileWaitingForTheSourceLockFailsCleanly) {
  WriteOcpFixture(input_, schema(), kSource, kDay);
  std::string before = GoodRunThenSnapshot();
  PgConnection holder(uri());
  ASSERT_TRUE(holder.TryLockSource(schema(), kSource));
  CliResult result;
  std::thread run([&] { result = RunCostagg(SummarizeArgs(uri(), {"--lock-wait", "60"})); });
  // costagg polls pg_try_advisory_lock while it waits: its session is idle between polls, and holds no
  // advisory lock (a run of another test that got its own lock holds one).
  std::string query = TerminateCostaggBackendWhen(
      "query LIKE '%pg_try_advisory_lock%' AND NOT EXISTS (SELECT 1 FROM pg_locks AS l WHERE l.pid = "
      "pg_stat_activity.pid AND l.locktype = 'advisory')",
      std::chrono::seconds(60), &holder);
  run.join();
  holder.UnlockSource(schema(), kSource);
  ASSERT_NE(query, "") << "costagg never waited for the lock; " << result.err;
  ExpectCleanFailure(result, "try lock source");
  EXPECT_EQ(OcpTablesSnapshot(conn(), schema()), before);
}

TEST_F(PostgresFaultTest, BackendTerminatedInTheWriteTransactionKeepsTheOldRows) {
  WriteOcpFixture(input_, schema(), kSource, kDay);
  std::string before = GoodRunThenSnapshot();
  // Hold the summary table so the run blocks inside its write transaction (after the topology writes), then
  // terminate its backend there.
  PgConnection blocker(uri());
  blocker.BeginTransaction();
  blocker.Execute("LOCK TABLE " + schema() +
                  ".reporting_ocpusagelineitem_daily_summary IN ACCESS EXCLUSIVE MODE");
  CliResult result;
  std::thread run([&] { result = RunCostagg(SummarizeArgs(uri())); });
  std::string query = TerminateCostaggBackendWhen(BlockedBy(blocker), std::chrono::seconds(60), &blocker);
  blocker.Rollback();
  run.join();
  ASSERT_NE(query, "") << "costagg never blocked on the table; " << result.err;
  EXPECT_EQ(query.rfind("DELETE FROM", 0), 0u) << query;
  ExpectCleanFailure(result, "delete old rows of");
  EXPECT_EQ(OcpTablesSnapshot(conn(), schema()), before);
  // The server dropped the session's lock and transaction: the next run goes through.
  auto again = RunCostagg(SummarizeArgs(uri()));
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST_F(PostgresFaultTest, BackendTerminatedDuringTheCopyKeepsTheOldRows) {
  // 20,000 pods with a per-pod label: a COPY of 20,020 rows, more than the socket buffers hold, so costagg is
  // still sending when the server stops.
  WriteLargeOcpFixture(input_, schema(), kSource, kDay, 20000);
  ASSERT_EQ(RunCostagg({"init-db", "--schema", schema(), "--output", uri()}).exit_code, 0);
  std::string table = schema() + ".reporting_ocpusagelineitem_daily_summary";
  conn().Execute("INSERT INTO " + schema() +
                 ".reporting_enabledtagkeys (uuid, key, enabled, provider_type) VALUES (gen_random_uuid(), "
                 "'pod_name', true, 'OCP')");
  auto first = RunCostagg(SummarizeArgs(uri()));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string before = OcpTablesSnapshot(conn(), schema());
  ASSERT_NE(before.find("reporting_ocpusagelineitem_daily_summary: 20020 "), std::string::npos) << before;
  // Each inserted row passes an advisory lock the test holds: the COPY stops at its first row, so its
  // backend is terminated mid-COPY whatever the machine's speed.
  std::string key = "4242, hashtext('" + schema() + "')";
  conn().Execute(
      "CREATE FUNCTION " + schema() +
      ".hold_copy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_lock_shared(" + key +
      "); PERFORM pg_advisory_unlock_shared(" + key + "); RETURN NEW; END $$");
  conn().Execute("CREATE TRIGGER hold_copy BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION " +
                 schema() + ".hold_copy()");
  PgConnection blocker(uri());
  blocker.Query("SELECT pg_advisory_lock(" + key + ")");
  CliResult result;
  std::thread run([&] { result = RunCostagg(SummarizeArgs(uri())); });
  std::string query = TerminateCostaggBackendWhen("query LIKE 'COPY %' AND " + BlockedBy(blocker),
                                                  std::chrono::seconds(60), &blocker);
  blocker.Query("SELECT pg_advisory_unlock(" + key + ")");
  run.join();
  ASSERT_NE(query, "") << "the COPY was never seen waiting; " << result.err;
  ExpectCleanFailure(result, "COPY into");
  EXPECT_EQ(OcpTablesSnapshot(conn(), schema()), before);
}

}  // namespace
}  // namespace costagg::testing
