#include "costagg/modes/infrastructure_map.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "costagg/input/koku_layout.h"

namespace costagg {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = "org1234567";
constexpr const char* kOcp = "0c000000-0000-4000-8000-000000000001";

/// A local root with one AWS daily parquet file per (source, month) holding the given resource ids on day 2.
class InfrastructureMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("costagg-infra-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    store_ = OpenObjectStore(root_.string(), {});
    engine_.Execute(
        "CREATE TABLE nodes AS SELECT * FROM (VALUES ('i-0aa1'), ('i-0bb2'), (''), (NULL)) AS t(id)",
        "nodes");
  }
  void TearDown() override { fs::remove_all(root_); }

  void AddAwsFile(const std::string& source, int month, const std::vector<std::string>& ids) {
    KokuPartition p{kSchema, source, 2026, month};
    fs::path dir = root_ / AwsParquetPrefix(p, ParquetDataset::kDaily);
    fs::create_directories(dir);
    std::string values;
    for (const auto& id : ids) {
      values += (values.empty() ? "(" : ", (") + SqlLiteral(id) + ", TIMESTAMP '2026-" +
                (month < 10 ? "0" : "") + std::to_string(month) + "-02')";
    }
    engine_.Execute("COPY (SELECT * FROM (VALUES " + values +
                        ") AS t(lineitem_resourceid, lineitem_usagestartdate)) TO " +
                        SqlLiteral((dir / "x_daily_0.parquet").string()) + " (FORMAT parquet)",
                    "write AWS file");
  }

  std::vector<InfrastructureLink> Find(const DayRange& range) {
    return FindAwsInfrastructure(engine_, *store_, kSchema, kOcp, 2026, 10, range,
                                 "SELECT id AS resource_id FROM nodes");
  }

  fs::path root_;
  std::unique_ptr<ObjectStore> store_;
  Engine engine_;
};

TEST_F(InfrastructureMapTest, AnAwsSourceWhoseResourceIdContainsANodeIdIsListed) {
  // Koku's rule is "contains", not "ends with": the ARN-like id still ties the source to the cluster.
  AddAwsFile("0a000000-0000-4000-8000-00000000000a", 10, {"arn:aws:ec2:x:instance/i-0aa1/extra", ""});
  AddAwsFile("0a000000-0000-4000-8000-00000000000b", 10, {"i-0cc3", "vol-0aa"});
  auto links = Find({"2026-10-01", "2026-10-31"});
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].ocp_source, kOcp);
  EXPECT_EQ(links[0].infra_source, "0a000000-0000-4000-8000-00000000000a");
  EXPECT_EQ(links[0].type, "AWS");
}

TEST_F(InfrastructureMapTest, OnlyTheMonthAndWindowCount) {
  // Data of another month, and data outside the window, tie nothing; the empty node id never matches.
  AddAwsFile("0a000000-0000-4000-8000-00000000000c", 9, {"i-0aa1"});
  AddAwsFile("0a000000-0000-4000-8000-00000000000d", 10, {"i-0bb2"});
  EXPECT_TRUE(Find({"2026-10-03", "2026-10-31"}).empty());
  auto links = Find({"2026-10-02", "2026-10-02"});
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].infra_source, "0a000000-0000-4000-8000-00000000000d");
}

TEST_F(InfrastructureMapTest, EveryMatchingSourceIsListedInOrder) {
  AddAwsFile("0a000000-0000-4000-8000-0000000000f2", 10, {"i-0bb2"});
  AddAwsFile("0a000000-0000-4000-8000-0000000000f1", 10, {"i-0aa1"});
  auto links = Find({"2026-10-01", "2026-10-31"});
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].infra_source, "0a000000-0000-4000-8000-0000000000f1");
  EXPECT_EQ(links[1].infra_source, "0a000000-0000-4000-8000-0000000000f2");
}

TEST_F(InfrastructureMapTest, NoAwsDataGivesAnEmptyMap) {
  EXPECT_TRUE(Find({"2026-10-01", "2026-10-31"}).empty());
}

}  // namespace
}  // namespace costagg
