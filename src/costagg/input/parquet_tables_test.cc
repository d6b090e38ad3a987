#include "costagg/input/parquet_tables.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "costagg/error.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

class ParquetTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("costagg-parquet-tables-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "p");
    store_ = OpenObjectStore(root_.string(), {});
  }
  void TearDown() override { fs::remove_all(root_); }

  void WriteParquet(const std::string& name, const std::string& select) {
    engine_.Execute(
        "COPY (" + select + ") TO " + SqlLiteral((root_ / "p" / name).string()) + " (FORMAT parquet)",
        "write");
  }

  fs::path root_;
  std::unique_ptr<ObjectStore> store_;
  Engine engine_;
};

TEST_F(ParquetTablesTest, CastsPresentColumnsAndNullsOptionalOnes) {
  WriteParquet("a_0.parquet", "SELECT 'n1' AS node, 7 AS cores");
  WriteParquet("b_0.parquet", "SELECT 'n2' AS node, 9 AS cores, 'worker' AS node_role");
  auto info = CreateParquetTable(engine_, *store_,
                                 {"t",
                                  "p/",
                                  {{"node", "VARCHAR"},
                                   {"cores", "DOUBLE"},
                                   {"node_role", "VARCHAR", false},
                                   {"csi_volume_handle", "VARCHAR", false}},
                                  "cores > 1"});
  EXPECT_EQ(info.files, 2);
  EXPECT_EQ(engine_.QueryInt("SELECT count(*) FROM t WHERE node_role IS NULL", "t"), 1);
  EXPECT_EQ(engine_.QueryInt("SELECT count(*) FROM t WHERE csi_volume_handle IS NULL", "t"), 2);
  EXPECT_EQ(engine_.QueryInt("SELECT sum(cores) FROM t", "t"), 16);
  auto types = engine_.QueryAll("SELECT column_type FROM (DESCRIBE t) WHERE column_name = 'cores'", "t");
  EXPECT_EQ(types[0].columns[0].texts[0], "DOUBLE");
}

TEST_F(ParquetTablesTest, MissingRequiredColumnNamesPrefixAndColumn) {
  WriteParquet("a_0.parquet", "SELECT 'n1' AS node");
  try {
    CreateParquetTable(engine_, *store_,
                       {"t", "p/", {{"node", "VARCHAR"}, {"pod_usage_cpu_core_seconds", "DOUBLE"}}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kData);
    EXPECT_NE(m.find("p/"), std::string::npos) << m;
    EXPECT_NE(m.find("pod_usage_cpu_core_seconds"), std::string::npos) << m;
  }
}

TEST_F(ParquetTablesTest, NoObjectsGiveAnEmptyTypedTable) {
  CreateParquetTable(engine_, *store_, {"t", "nothing/", {{"node", "VARCHAR"}, {"cores", "DOUBLE"}}});
  EXPECT_EQ(engine_.QueryInt("SELECT count(*) FROM t", "t"), 0);
  EXPECT_EQ(engine_.QueryInt("SELECT count(*) FROM (DESCRIBE t)", "t"), 2);
}

TEST_F(ParquetTablesTest, UnreadableParquetNamesTheObject) {
  std::FILE* f = std::fopen((root_ / "p" / "broken_0.parquet").c_str(), "w");
  std::fputs("this is not parquet", f);
  std::fclose(f);
  try {
    CreateParquetTable(engine_, *store_, {"t", "p/", {{"node", "VARCHAR"}}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("broken_0.parquet"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace costagg
