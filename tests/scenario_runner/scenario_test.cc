#include "scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace costagg::scenario {
namespace {

namespace fs = std::filesystem;

class ScenarioFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("costagg-scenario-test-" + std::to_string(getpid()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path Write(const std::string& relative, const std::string& text) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  fs::path root_;
};

TEST_F(ScenarioFolder, LoadsTheSingleSourceForm) {
  Write("01_x/scenario.yml",
        "nise:\n  start_date: 2025-10-01\n  end_date: 2025-10-02\n  cluster_id: c1\n"
        "summarize:\n  year: 2025\n  month: 10\n  end_date: 2025-10-01\n"
        "enabled_keys: [app, team]\ndisabled_keys: [rev]\n"
        "cost_category_patterns:\n  - pattern: 'shop-%'\n    category: Shop\n"
        "nodes:\n  - node: n1\n    node_role: master\n");
  Scenario s = LoadScenario(root_ / "01_x");
  EXPECT_EQ(s.name, "01_x");
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.sources[0].name, "default");
  EXPECT_EQ(s.sources[0].nise_file, "nise.yml");
  EXPECT_EQ(s.sources[0].start_date, "2025-10-01");
  EXPECT_EQ(s.sources[0].source_uuid, kDefaultSourceUuid);
  ASSERT_EQ(s.runs.size(), 1u);
  EXPECT_EQ(s.runs[0].year, 2025);
  EXPECT_EQ(s.runs[0].month, 10);
  EXPECT_EQ(s.runs[0].start_date, "");
  EXPECT_EQ(s.runs[0].end_date, "2025-10-01");
  EXPECT_EQ(s.enabled_keys, (std::vector<std::string>{"app", "team"}));
  EXPECT_EQ(s.disabled_keys, (std::vector<std::string>{"rev"}));
  ASSERT_EQ(s.cost_category_patterns.size(), 1u);
  EXPECT_EQ(s.cost_category_patterns[0].pattern, "shop-%");
  ASSERT_EQ(s.nodes.size(), 1u);
  EXPECT_EQ(s.nodes[0].node_role, std::optional<std::string>("master"));
  EXPECT_FALSE(s.nodes[0].resource_id.has_value());
  EXPECT_EQ(s.nodes[0].cluster_id, "seeded-cluster");
}

TEST_F(ScenarioFolder, LoadsSeveralSourcesAndRuns) {
  Write("02_y/scenario.yml",
        "sources:\n"
        "  - {name: a, nise_file: a.yml, start_date: 2025-10-01, end_date: 2025-10-02, cluster_id: ca}\n"
        "  - {name: b, nise_file: b.yml, start_date: 2025-10-01, end_date: 2025-10-02, cluster_id: cb,"
        " source_uuid: 00000000-0000-4000-8000-00000000000b}\n"
        "summarize:\n  - {source: b, year: 2025, month: 10}\n  - {year: 2025, month: 10}\n"
        "enabled_keys: []\n");
  Scenario s = LoadScenario(root_ / "02_y");
  ASSERT_EQ(s.sources.size(), 2u);
  ASSERT_EQ(s.runs.size(), 2u);
  EXPECT_EQ(s.SourceOf(s.runs[0]).cluster_id, "cb");
  EXPECT_EQ(s.SourceOf(s.runs[1]).name, "a");
  EXPECT_TRUE(s.enabled_keys.empty());
}

TEST_F(ScenarioFolder, RejectsUnknownSourcesAndMissingFields) {
  Write("03_z/scenario.yml",
        "nise: {start_date: 2025-10-01, end_date: 2025-10-02, cluster_id: c}\n"
        "summarize: {source: nope, year: 2025, month: 10}\n");
  EXPECT_THROW(LoadScenario(root_ / "03_z"), std::runtime_error);
  Write("04_w/scenario.yml",
        "nise: {start_date: 2025-10-01, end_date: 2025-10-02}\nsummarize: {year: 2025, month: 10}\n");
  EXPECT_THROW(LoadScenario(root_ / "04_w"), std::runtime_error);
}

TEST_F(ScenarioFolder, CheckFoldersNamesWhatIsMissing) {
  const std::string scenario =
      "nise: {start_date: 2025-10-01, end_date: 2025-10-02, cluster_id: c}\nsummarize: {year: 2025, month: "
      "10}\n";
  Write("ok/README.md", "One line.\n");
  Write("ok/nise.yml", "generators: []\n");
  Write("ok/scenario.yml", scenario);
  Write("ok/expected.csv", "data_source,namespace\n");
  Write("ok/calc.py", "print()\n");
  Write("_shared/notes.txt", "not a scenario\n");
  EXPECT_TRUE(CheckFolders(root_).empty());

  Write("bad/README.md", "Two\nlines.\n");
  Write("bad/scenario.yml", scenario);
  auto problems = CheckFolders(root_);
  auto has = [&](const std::string& text) {
    for (const auto& p : problems) {
      if (p.find(text) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("bad: missing nise.yml"));
  EXPECT_TRUE(has("bad: missing expected.csv"));
  EXPECT_TRUE(has("bad: missing calc.py"));
  EXPECT_TRUE(has("bad: README.md must be one line"));
  EXPECT_FALSE(has("ok:"));
}

}  // namespace
}  // namespace costagg::scenario
