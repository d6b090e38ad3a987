// Bad CSV handed to `costagg ingest ocp`: refused with one line naming the file, and nothing written; a CSV
// of an unknown report type is skipped with its reason, as Koku skips it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/cli.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSource = "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a";
constexpr const char* kHeader =
    "report_period_start,report_period_end,interval_start,interval_end,pod,namespace,node,resource_id,"
    "pod_usage_cpu_core_seconds,pod_request_cpu_core_seconds,pod_limit_cpu_core_seconds,"
    "pod_usage_memory_byte_seconds,pod_request_memory_byte_seconds,pod_limit_memory_byte_seconds,"
    "node_capacity_cpu_cores,node_capacity_cpu_core_seconds,node_capacity_memory_bytes,"
    "node_capacity_memory_byte_seconds,pod_labels\n";

std::string PodLine(const std::string& ns) {
  return "2025-10-01 00:00:00 +0000 UTC,2025-11-01 00:00:00 +0000 UTC,2025-10-01 00:00:00 +0000 UTC,"
         "2025-10-01 00:59:59 +0000 UTC,web-1," +
         ns +
         ",n1,i-1,1800,3600,7200,1,2,3,4,14400,17179869184,"
         "61847529062400,label_app:web\n";
}

int CountFiles(const std::string& dir) {
  int n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

TEST(IngestBadInputTest, NonUtf8CsvIsRefusedNamingTheFileAndNothingIsWritten) {
  std::string dir = FreshDirectory("ingest-utf8");
  fs::create_directories(dir + "/in");
  std::ofstream(dir + "/in/good.csv") << kHeader << PodLine("shop");
  std::ofstream(dir + "/in/bad.csv") << kHeader << PodLine("shop")
                                     << PodLine(
                                            "sh\xff"
                                            "op");
  auto r = RunCostagg({"ingest", "ocp", "--from", dir + "/in", "--to", dir + "/out", "--schema", "org1",
                       "--source", kSource});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("utf-8"), std::string::npos) << r.err;
  EXPECT_EQ(CountFiles(dir + "/out"), 0);  // not even good.csv's parquet: nothing half-written
  fs::remove_all(dir);
}

TEST(IngestBadInputTest, UnknownReportTypeIsSkippedWithItsReason) {
  std::string dir = FreshDirectory("ingest-unknown");
  fs::create_directories(dir + "/in");
  std::ofstream(dir + "/in/pods.csv") << kHeader << PodLine("shop");
  std::ofstream(dir + "/in/other.csv") << "a,b,c\n1,2,3\n";
  auto r = RunCostagg({"ingest", "ocp", "--from", dir + "/in", "--to", dir + "/out", "--schema", "org1",
                       "--source", kSource, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("other.csv"), std::string::npos) << r.out;
  EXPECT_GT(CountFiles(dir + "/out"), 0);
  fs::remove_all(dir);
}

TEST(IngestBadInputTest, AnUnparsableTimestampWithALineBreakGivesOneLine) {
  std::string dir = FreshDirectory("ingest-linebreak");
  fs::create_directories(dir + "/in");
  std::string line = PodLine("shop");
  line.replace(line.find("2025-10-01 00:00:00 +0000 UTC,2025-10-01 00:59:59"), 29, "\"bad\nstamp\"");
  std::ofstream(dir + "/in/pods.csv") << kHeader << line;
  auto r = RunCostagg({"ingest", "ocp", "--from", dir + "/in", "--to", dir + "/out", "--schema", "org1",
                       "--source", kSource});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("costagg: error: " + dir +
                       "/in/pods.csv: column interval_start: cannot parse timestamp "
                       "'bad\\nstamp'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(CountFiles(dir + "/out"), 0);
  fs::remove_all(dir);
}

// The CSV reader's buffer stays small: ingest works under a modest DuckDB memory limit.
TEST(IngestBadInputTest, IngestRunsUnderASmallMemoryLimit) {
  std::string dir = FreshDirectory("ingest-memory");
  fs::create_directories(dir + "/in");
  std::ofstream(dir + "/in/pods.csv") << kHeader << PodLine("shop");
  auto r = RunCostagg({"ingest", "ocp", "--from", dir + "/in", "--to", dir + "/out", "--schema", "org1",
                       "--source", kSource, "--memory-limit", "200MB"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(CountFiles(dir + "/out"), 0);
  fs::remove_all(dir);
}

TEST(IngestBadInputTest, MissingFolderIsRefused) {
  auto r = RunCostagg({"ingest", "ocp", "--from", "/nonexistent/nise/output", "--to", "/tmp/unused",
                       "--schema", "org1", "--source", kSource});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/nise/output"), std::string::npos) << r.err;
}

/// A temp directory that does not exist: one line naming TMPDIR, exit 1, nothing written.
TEST(IngestBadInputTest, MissingTempDirectoryIsNamed) {
  std::string dir = FreshDirectory("ingest-tmpdir");
  fs::create_directories(dir + "/in");
  std::ofstream(dir + "/in/pods.csv") << kHeader << PodLine("shop");
  std::string missing = dir + "/no-such-dir";
  auto r = RunCostagg(
      {"ingest", "ocp", "--from", dir + "/in", "--to", dir + "/out", "--schema", "org1", "--source", kSource},
      {{"TMPDIR", missing}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("costagg: error: no temp directory for the run's files: TMPDIR " + missing + ": "),
            std::string::npos)
      << r.err;
  EXPECT_EQ(CountFiles(dir + "/out"), 0);
}

}  // namespace
}  // namespace costagg::testing
