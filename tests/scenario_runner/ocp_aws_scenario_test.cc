#include "ocp_aws_scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace costagg::scenario {
namespace {

namespace fs = std::filesystem;

class OcpAwsFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("costagg-ocp-aws-test-" + std::to_string(getpid()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path Write(const std::string& relative, const std::string& text) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  /// A complete folder: README, scenario.yml, nise files, the 9 expected tables and calc.py.
  void WriteComplete(const std::string& folder, const std::string& scenario) {
    Write(folder + "/README.md", "One line.\n");
    Write(folder + "/scenario.yml", scenario);
    Write(folder + "/aws.yml", "generators: []\n");
    Write(folder + "/ocp.yml", "generators: []\n");
    Write(folder + "/calc.py", "print()\n");
    for (const auto& table : kOcpAwsTables) Write(folder + "/expected/" + table + ".csv", "usage_start,x\n");
  }

  fs::path root_;
};

const char* kMinimal =
    "aws: {nise_file: aws.yml, start_date: 2026-10-01, end_date: 2026-10-03}\n"
    "ocp: {nise_file: ocp.yml, cluster_id: c1, start_date: 2026-10-01, end_date: 2026-10-03}\n"
    "summarize: {year: 2026, month: 10}\n";

TEST_F(OcpAwsFolder, LoadsDefaults) {
  Write("01_x/scenario.yml", kMinimal);
  EXPECT_TRUE(IsOcpAwsScenario(root_ / "01_x"));
  OcpAwsScenario s = LoadOcpAwsScenario(root_ / "01_x");
  EXPECT_EQ(s.name, "01_x");
  EXPECT_FALSE(s.reference);
  EXPECT_EQ(s.schema, "");
  EXPECT_EQ(s.aws.nise_file, "aws.yml");
  EXPECT_EQ(s.aws.source_uuid, kDefaultAwsSourceUuid);
  ASSERT_EQ(s.clusters.size(), 1u);
  EXPECT_EQ(s.clusters[0].cluster_id, "c1");
  EXPECT_EQ(s.clusters[0].cluster_alias, "c1");
  EXPECT_EQ(s.clusters[0].input.source_uuid, kDefaultOcpSourceUuid);
  EXPECT_EQ(s.clusters[0].input.end_date, "2026-10-03");
  EXPECT_EQ(s.summarize.year, 2026);
  EXPECT_EQ(s.summarize.month, 10);
  EXPECT_EQ(s.summarize.start_date, "");
  EXPECT_EQ(s.summarize.markup, "");
  EXPECT_TRUE(s.enabled_keys.empty());
}

TEST_F(OcpAwsFolder, LoadsEverything) {
  Write("02_y/scenario.yml",
        "reference: true\nschema: org1234567\n"
        "aws: {csv_dir: input/aws, source_uuid: 00000000-0000-4000-8000-0000000000aa}\n"
        "ocp:\n"
        "  - {csv_dir: input/ocp/c1, cluster_id: c1, cluster_alias: First cluster}\n"
        "  - {nise_file: ocp2.yml, cluster_id: c2, source_uuid: 00000000-0000-4000-8000-0000000000c2,"
        " start_date: 2026-10-01, end_date: 2026-10-02}\n"
        "summarize: {year: 2026, month: 10, start_date: 2026-10-01, end_date: 2026-10-04, markup: 0.1,"
        " distribution: memory}\n"
        "enabled_keys: {AWS: [app, storageclass], OCP: [app]}\n"
        "disabled_keys: {AWS: [], OCP: [team]}\n");
  EXPECT_TRUE(IsOcpAwsScenario(root_ / "02_y"));
  OcpAwsScenario s = LoadOcpAwsScenario(root_ / "02_y");
  EXPECT_TRUE(s.reference);
  EXPECT_EQ(s.schema, "org1234567");
  EXPECT_EQ(s.aws.csv_dir, "input/aws");
  EXPECT_EQ(s.aws.source_uuid, "00000000-0000-4000-8000-0000000000aa");
  ASSERT_EQ(s.clusters.size(), 2u);
  EXPECT_EQ(s.clusters[0].cluster_alias, "First cluster");
  EXPECT_EQ(s.clusters[0].input.source_uuid, kDefaultOcpSourceUuid);
  EXPECT_EQ(s.clusters[1].input.nise_file, "ocp2.yml");
  EXPECT_EQ(s.summarize.end_date, "2026-10-04");
  EXPECT_EQ(s.summarize.markup, "0.1");
  EXPECT_EQ(s.summarize.distribution, "memory");
  EXPECT_EQ(s.enabled_keys["AWS"], (std::vector<std::string>{"app", "storageclass"}));
  EXPECT_EQ(s.enabled_keys["OCP"], (std::vector<std::string>{"app"}));
  EXPECT_TRUE(s.disabled_keys["AWS"].empty());
  EXPECT_EQ(s.disabled_keys["OCP"], (std::vector<std::string>{"team"}));
}

TEST_F(OcpAwsFolder, RejectsBadScenarios) {
  auto rejects = [&](const std::string& name, const std::string& yaml) {
    Write(name + "/scenario.yml", yaml);
    EXPECT_THROW(LoadOcpAwsScenario(root_ / name), std::runtime_error) << yaml;
  };
  // A second cluster needs its own source uuid.
  rejects("a",
          "aws: {csv_dir: a}\nocp:\n  - {csv_dir: b, cluster_id: c1}\n  - {csv_dir: c, cluster_id: c2}\n"
          "summarize: {year: 2026, month: 10}\n");
  // Both or neither of nise_file and csv_dir.
  rejects("b",
          "aws: {csv_dir: a, nise_file: x.yml, start_date: 2026-10-01, end_date: 2026-10-02}\n"
          "ocp: {csv_dir: b, cluster_id: c1}\nsummarize: {year: 2026, month: 10}\n");
  rejects("c",
          "aws: {start_date: 2026-10-01}\nocp: {csv_dir: b, cluster_id: c1}\n"
          "summarize: {year: 2026, month: 10}\n");
  // nise needs dates.
  rejects(
      "d",
      "aws: {nise_file: aws.yml}\nocp: {csv_dir: b, cluster_id: c1}\nsummarize: {year: 2026, month: 10}\n");
  // Unknown provider type, missing cluster id, missing summarize.
  rejects("e",
          "aws: {csv_dir: a}\nocp: {csv_dir: b, cluster_id: c1}\nsummarize: {year: 2026, month: 10}\n"
          "enabled_keys: {GCP: [x]}\n");
  rejects("f", "aws: {csv_dir: a}\nocp: {csv_dir: b}\nsummarize: {year: 2026, month: 10}\n");
  rejects("g", "aws: {csv_dir: a}\nocp: {csv_dir: b, cluster_id: c1}\n");
  rejects("h",
          "schema: Org-1\naws: {csv_dir: a}\nocp: {csv_dir: b, cluster_id: c1}\n"
          "summarize: {year: 2026, month: 10}\n");
}

TEST_F(OcpAwsFolder, OcpScenariosAreNotOcpAws) {
  Write("ocp/scenario.yml", "nise: {start_date: 2025-10-01, end_date: 2025-10-02, cluster_id: c}\n");
  EXPECT_FALSE(IsOcpAwsScenario(root_ / "ocp"));
  EXPECT_FALSE(IsOcpAwsScenario(root_ / "missing"));
}

TEST_F(OcpAwsFolder, CheckFoldersNamesWhatIsMissing) {
  WriteComplete("ok", kMinimal);
  Write("ok/expected/reporting_ocpusagelineitem_daily_summary.csv", "usage_start\n");
  Write("_shared/notes.txt", "not a scenario\n");
  EXPECT_TRUE(CheckOcpAwsFolders(root_).empty());
  EXPECT_EQ(ExpectedTables(root_ / "ok").size(), kOcpAwsTables.size() + 1);

  WriteComplete("ref", std::string("reference: true\n") +
                           "aws: {csv_dir: input/aws}\nocp: {csv_dir: input/ocp, cluster_id: c1}\n"
                           "summarize: {year: 2026, month: 10}\n");
  fs::remove(root_ / "ref" / "calc.py");
  fs::create_directories(root_ / "ref" / "input" / "aws");
  fs::create_directories(root_ / "ref" / "input" / "ocp");
  EXPECT_TRUE(CheckOcpAwsFolders(root_).empty());

  WriteComplete("bad", kMinimal);
  Write("bad/README.md", "Two\nlines.\n");
  fs::remove(root_ / "bad" / "calc.py");
  fs::remove(root_ / "bad" / "aws.yml");
  fs::remove(root_ / "bad" / "expected" / "reporting_ocpaws_network_summary_p.csv");
  Write("bad/expected/reporting_ocpaws_cost_summary_p.csv", "");
  auto problems = CheckOcpAwsFolders(root_);
  auto has = [&](const std::string& text) {
    for (const auto& p : problems) {
      if (p.find(text) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("bad: README.md must be one line"));
  EXPECT_TRUE(has("bad: missing calc.py"));
  EXPECT_TRUE(has("bad: scenario.yml names missing nise file aws.yml"));
  EXPECT_TRUE(has("bad: missing expected/reporting_ocpaws_network_summary_p.csv"));
  EXPECT_TRUE(has("bad: expected/reporting_ocpaws_cost_summary_p.csv has no header"));
  EXPECT_FALSE(has("ok:"));
  EXPECT_FALSE(has("ref:"));
  EXPECT_EQ(problems.size(), 5u);
}

}  // namespace
}  // namespace costagg::scenario
