// Atomic replace under the worst failure: costagg killed with SIGKILL while its COPY is streaming rows into
// PostgreSQL. The server rolls the open transaction back, so every old row is still there and the next run
// works; the next run also removes the temp files the killed one could not (run_directory.h).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support/cli.h"
#include "support/ocp_fixture.h"
#include "support/pg_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSource = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

/// The run directories (run_directory.h) under `temp`.
std::vector<std::string> RunDirectories(const std::string& temp) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(temp)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("costagg-run-", 0) == 0) found.push_back(name);
  }
  return found;
}

class KillTest : public PgServerTest {};

TEST_F(KillTest, SigkillDuringCopyLeavesEveryOldRow) {
  std::string input = FreshDirectory("kill");
  WriteLargeOcpFixture(input, schema(), kSource, "2025-10-07", 20000);
  ASSERT_EQ(RunCostagg({"init-db", "--schema", schema(), "--output", uri()}).exit_code, 0);
  conn().Execute("INSERT INTO " + schema() +
                 ".reporting_enabledtagkeys (uuid, key, enabled, provider_type) VALUES (gen_random_uuid(), "
                 "'pod_name', true, 'OCP')");
  std::vector<std::string> args = {"summarize", "ocp",  "--schema", schema(), "--source",     kSource,
                                   "--year",    "2025", "--month",  "10",     "--cluster-id", "c",
                                   "--input",   input,  "--output", uri()};
  // Every run's temp files go under a TMPDIR of the test's own.
  std::string temp = FreshDirectory("kill-tmp");
  std::map<std::string, std::string> env = {{"TMPDIR", temp}};
  auto first = RunCostagg(args, env);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string table = schema() + ".reporting_ocpusagelineitem_daily_summary";
  std::string checksum =
      "SELECT count(*)::text || ' ' || md5(string_agg(t::text, '|' ORDER BY t::text)) FROM "
      "(SELECT usage_start, namespace, node, pod_labels, pod_usage_cpu_core_hours FROM " +
      table + ") t";
  std::string before = conn().Query(checksum).Scalar();
  ASSERT_EQ(before.substr(0, 6), "20020 ");  // 20,000 pods + 20 unallocated rows
  EXPECT_TRUE(RunDirectories(temp).empty()) << "a run that finished removes its own directory";

  // Rerun, and kill it as soon as PostgreSQL shows its COPY running (bounded wait).
  int pid = StartCostagg(args, env);
  bool seen = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    seen = conn()
               .Query(
                   "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'costagg' AND state = "
                   "'active'"
                   " AND query LIKE 'COPY %'")
               .Scalar() != "0";
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  EXPECT_EQ(WaitCostagg(pid), 128 + SIGKILL);
  ASSERT_TRUE(seen) << "the COPY was never seen running";

  // The server notices the dead client and rolls back; wait until its backend is gone (bounded).
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (conn().Query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'costagg' AND pid <> "
                      "pg_backend_pid()")
                 .Scalar() != "0" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(conn().Query(checksum).Scalar(), before);
  std::vector<std::string> left = RunDirectories(temp);
  ASSERT_EQ(left.size(), 1u) << "the killed run could not remove its directory";

  // The source's lock died with the session: the next run goes through and gives the same rows. It removes
  // the killed run's directory, saying so, and its own when it ends.
  auto again = RunCostagg(args, env);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(conn().Query(checksum).Scalar(), before);
  EXPECT_NE(again.err.find("removed " + (fs::path(temp) / left[0]).string()), std::string::npos) << again.err;
  EXPECT_TRUE(RunDirectories(temp).empty());
  fs::remove_all(input);
}

}  // namespace
}  // namespace costagg::testing
