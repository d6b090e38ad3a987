#include "costagg/ingest/payload.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "costagg/error.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("costagg-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

bool AnyContains(const std::vector<std::string>& lines, const std::string& a, const std::string& b) {
  for (const auto& l : lines) {
    if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return true;
  }
  return false;
}

TEST(IngestPayloadTest, FindsOcpManifestsInStartOrder) {
  fs::path dir = TempDir("payload-ocp");
  WriteFile(dir / "c1/20250401-20250501/manifest.json",
            R"({"uuid": "u-april", "cluster_id": "c1", "start": "2025-04-01T00:00:00", "files": ["p.csv"]})");
  WriteFile(dir / "c1/20250401-20250501/p.csv", "x\n");
  WriteFile(dir / "c1/20250301-20250401/manifest.json",
            R"({"uuid": "u-march", "cluster_id": "c1", "start": "2025-03-01T00:00:00",
                "files": ["a.csv", "missing.csv"], "resource_optimization_files": ["ros.csv"]})");
  WriteFile(dir / "c1/20250301-20250401/a.csv", "x\n");
  WriteFile(dir / "c1/20250301-20250401/ros.csv", "x\n");
  WriteFile(dir / "c1/20250301-20250401/extra.csv", "x\n");
  OcpInput input = FindOcpInput(dir.string());
  ASSERT_EQ(input.payloads.size(), 2u);
  EXPECT_EQ(input.payloads[0].manifest_id, "u-march");
  EXPECT_EQ(input.payloads[0].cluster_id, "c1");
  EXPECT_EQ(input.payloads[0].files,
            (std::vector<std::string>{(dir / "c1/20250301-20250401/a.csv").string()}));
  EXPECT_EQ(input.payloads[1].manifest_id, "u-april");
  EXPECT_TRUE(AnyContains(input.skipped, "missing.csv", "missing"));
  EXPECT_TRUE(AnyContains(input.skipped, "ros.csv", "resource optimization"));
  EXPECT_TRUE(AnyContains(input.skipped, "extra.csv", "not listed"));
  fs::remove_all(dir);
}

TEST(IngestPayloadTest, MonthlyOcpCsvWithoutManifest) {
  fs::path dir = TempDir("payload-monthly");
  WriteFile(dir / "March-2025-my-cluster-ocp_pod_usage.csv", "x\n");
  WriteFile(dir / "March-2025-my-cluster-ocp_node_label-1.csv", "x\n");
  OcpInput input = FindOcpInput(dir.string());
  ASSERT_EQ(input.payloads.size(), 1u);
  EXPECT_EQ(input.payloads[0].manifest_id, "0");
  EXPECT_EQ(input.payloads[0].cluster_id, "my-cluster");
  EXPECT_EQ(input.payloads[0].files.size(), 2u);
  fs::remove_all(dir);
}

TEST(IngestPayloadTest, RejectsBadManifests) {
  fs::path dir = TempDir("payload-bad");
  WriteFile(dir / "manifest.json", R"({"uuid": "u", "cluster_id": "c", "files": ["../x.csv"]})");
  EXPECT_THROW(FindOcpInput(dir.string()), Error);
  WriteFile(dir / "manifest.json", "{not json");
  EXPECT_THROW(FindOcpInput(dir.string()), Error);
  WriteFile(dir / "manifest.json", R"({"uuid": "u", "files": []})");
  EXPECT_THROW(FindOcpInput(dir.string()), Error);
  fs::remove_all(dir);
}

TEST(IngestPayloadTest, AwsCurrentManifestWins) {
  fs::path dir = TempDir("payload-aws");
  fs::path period = dir / "cur/20250301-20250401";
  auto manifest = [](const std::string& assembly, const std::string& file) {
    return R"({"assemblyId": ")" + assembly + R"(", "billingPeriod": {"start": "20250301T000000.000Z"},
               "reportKeys": ["/cur/20250301-20250401/)" +
           assembly + "/" + file + R"("]})";
  };
  // Two assemblies of one period (nise run twice); the period folder's manifest names the newer one.
  WriteFile(period / "old/cur-Manifest.json", manifest("old", "March-2025-cur.csv.gz"));
  WriteFile(period / "old/March-2025-cur.csv.gz", "x");
  WriteFile(period / "new/cur-Manifest.json", manifest("new", "March-2025-cur.csv.gz"));
  WriteFile(period / "new/March-2025-cur.csv.gz", "x");
  WriteFile(period / "cur-Manifest.json", manifest("new", "March-2025-cur.csv.gz"));
  AwsInput input = FindAwsInput(dir.string());
  ASSERT_EQ(input.files.size(), 1u);
  EXPECT_EQ(input.files[0].manifest_id, "new");
  EXPECT_EQ(input.files[0].base_name, "March-2025-cur");
  EXPECT_EQ(input.files[0].year, 2025);
  EXPECT_EQ(input.files[0].month, 3);
  EXPECT_TRUE(AnyContains(input.skipped, "old/March-2025-cur.csv.gz", "not listed"));
  // Without the current manifest the period is ambiguous.
  fs::remove(period / "cur-Manifest.json");
  EXPECT_THROW(FindAwsInput(dir.string()), Error);
  fs::remove_all(dir);
}

TEST(IngestPayloadTest, AwsMonthlyCsvWithoutManifest) {
  fs::path dir = TempDir("payload-aws-monthly");
  WriteFile(dir / "March-2025-cur.csv", "x\n");
  AwsInput input = FindAwsInput(dir.string());
  ASSERT_EQ(input.files.size(), 1u);
  EXPECT_EQ(input.files[0].manifest_id, "0");
  EXPECT_EQ(input.files[0].year, 0);  // taken from the data
  fs::remove_all(dir);
}

}  // namespace
}  // namespace costagg
