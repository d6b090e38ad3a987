// The benchmarks' synthetic parquet (costagg_bench_data, bench/) against what `costagg ingest` writes for
// koku-nise's output: the same datasets, the same columns in the same order with the same types, and the same
// value shapes (label and tag columns JSON objects, daily rows at midnight, a column NULL throughout in one
// exactly when it is in the other). A benchmark that read other types or fewer columns than a real install
// would measure something else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/input/koku_layout.h"
#include "support/cli.h"
#include "support/nise.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSchema = "org1234567";
constexpr const char* kOcpSource = "11111111-2222-4333-8444-555555555555";
constexpr const char* kAwsSource = "22222222-3333-4444-8555-666666666666";

/// One parquet column as DuckDB reads it, and the shape of its values.
struct ColumnShape {
  std::string name;
  std::string type;
  bool all_null = false;
  bool json_objects =
      false;              ///< every non-NULL value is a JSON object (checked for *labels, tags, costcategory)
  bool midnight = false;  ///< every value is at 00:00 (checked for timestamps of daily datasets)

  bool operator==(const ColumnShape&) const = default;
};

void PrintTo(const ColumnShape& c, std::ostream* os) {
  *os << c.name << " " << c.type << (c.all_null ? " all-null" : "") << (c.json_objects ? " json" : "")
      << (c.midnight ? " midnight" : "");
}

bool IsJsonColumn(const std::string& name) {
  return name.ends_with("labels") || name == "resourcetags" || name == "costcategory";
}

/// The columns (without the hive partition columns) of the parquet files under `root`/`prefix`.
std::vector<ColumnShape> Shapes(const std::string& root, const std::string& prefix, bool daily) {
  fs::path dir = fs::path(root) / prefix;
  if (!fs::exists(dir)) return {};
  std::string files =
      "read_parquet(" + SqlLiteral((dir / "*.parquet").string()) + ", hive_partitioning = false)";
  Engine engine;
  std::vector<ColumnShape> shapes;
  for (const auto& batch : engine.QueryAll("DESCRIBE SELECT * FROM " + files, "describe")) {
    for (size_t r = 0; r < batch.rows; ++r)
      shapes.push_back({batch.columns[0].texts[r], batch.columns[1].texts[r]});
  }
  for (auto& c : shapes) {
    std::string column = "\"" + c.name + "\"";
    c.all_null =
        engine.QueryInt("SELECT count(*) = count(*) FILTER (WHERE " + column + " IS NULL) FROM " + files,
                        "nulls") == 1;
    if (IsJsonColumn(c.name)) {
      c.json_objects =
          engine.QueryInt("SELECT bool_and(json_valid(" + column + ") AND json_type(" + column +
                              "::JSON) = 'OBJECT') FROM " + files + " WHERE " + column + " IS NOT NULL",
                          "json", {}, 1) == 1;
    }
    if (daily && c.type.starts_with("TIMESTAMP")) {
      c.midnight = engine.QueryInt("SELECT bool_and(epoch(" + column + ") % 86400 = 0) FROM " + files +
                                       " WHERE " + column + " IS NOT NULL",
                                   "midnight", {}, 1) == 1;
    }
  }
  return shapes;
}

class BenchDataTest : public ::testing::Test {
 protected:
  void SetUp() override { work_ = FreshDirectory("bench-data"); }
  void TearDown() override { fs::remove_all(work_); }

  /// Runs costagg_bench_data with `args`; asserts it worked.
  static void Generate(const std::vector<std::string>& args) {
    auto r = RunProgram(COSTAGG_BENCH_DATA_BINARY, args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  /// Expects the dataset `prefix` to have the same shapes under the ingested root and `generated`.
  void ExpectSameLayout(const std::string& ingested, const std::string& generated, const std::string& prefix,
                        bool daily) {
    auto expected = Shapes(ingested, prefix, daily);
    ASSERT_FALSE(expected.empty()) << "ingest wrote nothing under " << prefix;
    EXPECT_EQ(Shapes(generated, prefix, daily), expected) << generated << ": " << prefix;
  }

  std::string work_;
};

TEST_F(BenchDataTest, OpenShiftParquetHasTheLayoutIngestWritesForNise) {
  std::string ingested = work_ + "/ingested";
  auto r =
      RunCostagg({"ingest", "ocp", "--from",
                  std::string(COSTAGG_SOURCE_DIR) + "/tests/ingest/ocp_nise/my-cluster/20251001-20251101",
                  "--to", ingested, "--schema", kSchema, "--source", kOcpSource});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string ocp = work_ + "/ocp", ocp_aws = work_ + "/ocp_aws";
  ASSERT_NO_FATAL_FAILURE(Generate({ocp, kSchema, kOcpSource, "2025-10-15", "40", "3", "4"}));
  ASSERT_NO_FATAL_FAILURE(
      Generate({"ocp-aws", ocp_aws, kSchema, kOcpSource, kAwsSource, "2025-10-01", "2", "3", "60", "2000"}));
  KokuPartition partition{kSchema, kOcpSource, 2025, 10};
  for (const auto& [type, dataset] :
       std::vector<std::pair<std::string, ParquetDataset>>{{"pod_usage", ParquetDataset::kRaw},
                                                           {"pod_usage", ParquetDataset::kDaily},
                                                           {"storage_usage", ParquetDataset::kDaily},
                                                           {"node_labels", ParquetDataset::kDaily},
                                                           {"namespace_labels", ParquetDataset::kDaily}}) {
    std::string prefix = OcpParquetPrefix(partition, type, dataset);
    for (const auto& generated : {ocp, ocp_aws}) {
      ExpectSameLayout(ingested, generated, prefix, dataset == ParquetDataset::kDaily);
    }
  }
}

TEST_F(BenchDataTest, AwsParquetHasTheLayoutIngestWritesForNise) {
  COSTAGG_REQUIRE_NISE();
  NiseOutput nise;
  std::ifstream yaml(std::string(COSTAGG_SOURCE_DIR) + "/tests/ingest/nise/aws_small.yml");
  std::stringstream text;
  text << yaml.rdbuf();
  ASSERT_TRUE(NiseAwsCur(text.str(), "2025-10-01", "2025-10-03", nise)) << nise.error;
  std::string ingested = work_ + "/ingested";
  auto r = RunCostagg(
      {"ingest", "aws", "--from", nise.aws, "--to", ingested, "--schema", kSchema, "--source", kAwsSource});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string aws = work_ + "/aws", ocp_aws = work_ + "/ocp_aws";
  ASSERT_NO_FATAL_FAILURE(Generate({"aws", aws, kSchema, kAwsSource, "2025-10-01", "2", "2000", "4"}));
  ASSERT_NO_FATAL_FAILURE(
      Generate({"ocp-aws", ocp_aws, kSchema, kOcpSource, kAwsSource, "2025-10-01", "2", "3", "60", "2000"}));
  KokuPartition partition{kSchema, kAwsSource, 2025, 10};
  std::string daily = AwsParquetPrefix(partition, ParquetDataset::kDaily);
  ExpectSameLayout(ingested, aws, daily, true);
  ExpectSameLayout(ingested, ocp_aws, daily, true);
  // The hourly (raw) rows: summarize ocp-aws reads them; summarize aws does not, and the AWS benchmark
  // leaves only a placeholder there.
  ExpectSameLayout(ingested, ocp_aws, AwsParquetPrefix(partition, ParquetDataset::kRaw), false);
}

}  // namespace
}  // namespace costagg::testing
