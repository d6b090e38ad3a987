// Bad input to `costagg summarize ocp` (issue 5, docs/reliability.md): each case starts from a good run on
// the known fixture (tests/support/ocp_fixture.h), then damages the input. Input Koku never writes is refused
// with exit 1, one line on stderr naming the object and the column, and the old rows untouched; input Koku
// does write is handled as Koku's SQL handles it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "costagg/engine/engine.h"
#include "costagg/input/koku_layout.h"
#include "support/cli.h"
#include "support/ocp_fixture.h"
#include "support/pg_server.h"

namespace costagg::testing {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSource = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";

class BadInputTest : public PgServerTest {
 protected:
  void SetUp() override {
    PgServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    input_ = FreshDirectory("bad-input");
    WriteOcpFixture(input_, schema(), kSource, "2025-10-07");
    ASSERT_EQ(RunCostagg({"init-db", "--schema", schema(), "--output", uri()}).exit_code, 0);
    auto r = Summarize();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    good_ = Snapshot();
    ASSERT_EQ(good_.size(), 3u);
  }
  void TearDown() override {
    if (!input_.empty()) fs::remove_all(input_);
  }

  CliResult Summarize() {
    return RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", kSource, "--year", "2025",
                       "--month", "10", "--cluster-id", "c", "--input", input_, "--output", uri()});
  }

  /// The summary rows as text, without the random uuid.
  std::vector<std::string> Snapshot() {
    std::vector<std::string> rows;
    for (const auto& row :
         conn()
             .Query("SELECT (data_source, usage_start, namespace, node, pod_labels, volume_labels, "
                    "pod_usage_cpu_core_hours, pod_request_cpu_core_hours, "
                    "persistentvolumeclaim_usage_gigabyte_months)::text FROM " +
                    schema() + ".reporting_ocpusagelineitem_daily_summary ORDER BY 1")
             .rows) {
      rows.push_back(*row[0]);
    }
    return rows;
  }

  /// The directory of a dataset of the fixture's month.
  fs::path Prefix(const char* type, ParquetDataset dataset) {
    return fs::path(input_) / OcpParquetPrefix({schema(), kSource, 2025, 10}, type, dataset);
  }

  fs::path PodDaily() { return Prefix("pod_usage", ParquetDataset::kDaily) / "fixture_0.parquet"; }

  /// Writes `select` as a parquet file beside the fixture's pod daily file.
  fs::path AddPodDailyFile(const std::string& name, const std::string& select) {
    fs::path file = Prefix("pod_usage", ParquetDataset::kDaily) / name;
    Engine engine;
    engine.Execute("COPY (" + select + ") TO " + SqlLiteral(file.string()) + " (FORMAT parquet)", "write");
    return file;
  }

  /// The fixture's pod daily row with some columns replaced, e.g. "pod_labels := '{broken'".
  std::string PodRowWith(const std::string& replace) {
    return "SELECT * REPLACE (" + replace + ") FROM read_parquet(" + SqlLiteral(PodDaily().string()) + ")";
  }

  /// A refused run: exit 1, one line naming `object` and `what`, and the old rows still there.
  void ExpectRefused(const std::string& object, const std::string& what) {
    auto r = Summarize();
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::string error_line;
    for (size_t pos = 0; pos < r.err.size();) {
      size_t end = r.err.find('\n', pos);
      std::string line = r.err.substr(pos, end - pos);
      if (line.rfind("costagg: error: ", 0) == 0) error_line = line;
      if (end == std::string::npos) break;
      pos = end + 1;
    }
    EXPECT_NE(error_line.find(object), std::string::npos) << r.err;
    EXPECT_NE(error_line.find(what), std::string::npos) << r.err;
    EXPECT_EQ(Snapshot(), good_);
  }

  std::string input_;
  std::vector<std::string> good_;
};

TEST_F(BadInputTest, TruncatedParquetIsRefused) {
  fs::path copy = Prefix("pod_usage", ParquetDataset::kDaily) / "truncated_0.parquet";
  fs::copy_file(PodDaily(), copy);
  fs::resize_file(copy, fs::file_size(copy) / 2);
  ExpectRefused("truncated_0.parquet", "");
}

TEST_F(BadInputTest, EmptyFileIsRefused) {
  std::ofstream(Prefix("storage_usage", ParquetDataset::kDaily) / "empty_0.parquet");
  ExpectRefused("empty_0.parquet", "");
}

TEST_F(BadInputTest, ColumnMissingFromEveryFileIsRefused) {
  AddPodDailyFile("other_0.parquet", "SELECT * EXCLUDE (pod_request_cpu_core_seconds) FROM read_parquet(" +
                                         SqlLiteral(PodDaily().string()) + ")");
  fs::remove(PodDaily());
  ExpectRefused("pod_usage/", "lacks required column pod_request_cpu_core_seconds");
}

TEST_F(BadInputTest, ColumnMissingFromOneFileIsRefusedNamingThatFile) {
  AddPodDailyFile("older_0.parquet",
                  "SELECT * EXCLUDE (pod_request_cpu_core_seconds) REPLACE ('q' AS pod) FROM "
                  "read_parquet(" +
                      SqlLiteral(PodDaily().string()) + ")");
  ExpectRefused("older_0.parquet", "column pod_request_cpu_core_seconds holds NULL");
}

TEST_F(BadInputTest, ColumnOfAnotherTypeIsRefusedNamingTheFile) {
  AddPodDailyFile("typed_0.parquet", PodRowWith("'lots'::VARCHAR AS pod_usage_cpu_core_seconds"));
  ExpectRefused("typed_0.parquet", "column pod_usage_cpu_core_seconds is VARCHAR, expected DOUBLE");
}

TEST_F(BadInputTest, NullWhereKokuNeverWritesOneIsRefused) {
  AddPodDailyFile("nulls_0.parquet", PodRowWith("NULL::VARCHAR AS namespace"));
  ExpectRefused("nulls_0.parquet", "column namespace holds NULL");
}

TEST_F(BadInputTest, InvalidLabelJsonIsRefused) {
  AddPodDailyFile("labels_0.parquet", PodRowWith("'{\"app\": \"web\"' AS pod_labels, 'q' AS pod"));
  ExpectRefused("labels_0.parquet", "column pod_labels holds text that is not JSON");
}

// Koku's own handling from here on.

TEST_F(BadInputTest, ExtraColumnsAreIgnored) {
  fs::path original = PodDaily();
  AddPodDailyFile("extra_0.parquet", "SELECT *, 42 AS column_from_the_future FROM read_parquet(" +
                                         SqlLiteral(original.string()) + ")");
  fs::remove(original);
  ASSERT_EQ(Summarize().exit_code, 0);
  EXPECT_EQ(Snapshot(), good_);
}

TEST_F(BadInputTest, ParquetWithoutRowsAddsNothing) {
  AddPodDailyFile("norows_0.parquet", PodRowWith("pod AS pod") + " WHERE false");
  ASSERT_EQ(Summarize().exit_code, 0);
  EXPECT_EQ(Snapshot(), good_);
}

TEST_F(BadInputTest, RowsDatedOutsideTheMonthAreNotRead) {
  AddPodDailyFile("november_0.parquet", PodRowWith("TIMESTAMP '2025-11-03' AS interval_start"));
  ASSERT_EQ(Summarize().exit_code, 0);
  EXPECT_EQ(Snapshot(), good_);
}

TEST_F(BadInputTest, DuplicateRowsAreSummedAsKokuDoes) {
  fs::copy_file(PodDaily(), Prefix("pod_usage", ParquetDataset::kDaily) / "again_0.parquet");
  ASSERT_EQ(Summarize().exit_code, 0);
  EXPECT_EQ(
      conn()
          .Query("SELECT pod_usage_cpu_core_hours::text FROM " + schema() +
                 ".reporting_ocpusagelineitem_daily_summary WHERE namespace = 'shop' AND data_source = 'Pod'")
          .Scalar(),
      "48.000000000000000");  // 2 x 24 core-hours: Koku sums daily rows, it does not deduplicate
}

TEST_F(BadInputTest, OneMegabyteLabelIsSummarised) {
  conn().Execute(
      "INSERT INTO " + schema() +
      ".reporting_enabledtagkeys (uuid, key, enabled, provider_type) VALUES (gen_random_uuid(), 'big', "
      "true, 'OCP')");
  fs::path original = PodDaily();
  AddPodDailyFile("big_0.parquet",
                  "SELECT * REPLACE ('{\"big\": \"' || repeat('x', 1048576) || '\"}' AS pod_labels) "
                  "FROM read_parquet(" +
                      SqlLiteral(original.string()) + ")");
  fs::remove(original);
  auto r = Summarize();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      conn()
          .Query("SELECT length(pod_labels->>'big')::text FROM " + schema() +
                 ".reporting_ocpusagelineitem_daily_summary WHERE namespace = 'shop' AND data_source = 'Pod'")
          .Scalar(),
      "1048576");
}

TEST_F(BadInputTest, IdentifiersThatCouldCarrySqlAreRefusedAsUsageErrors) {
  auto r = RunCostagg({"summarize", "ocp", "--schema", "org1\"; DROP TABLE x; --", "--source", kSource,
                       "--year", "2025", "--month", "10", "--input", input_, "--output", uri()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--schema"), std::string::npos) << r.err;
  r = RunCostagg({"summarize", "ocp", "--schema", schema(), "--source", "x' OR '1'='1", "--year", "2025",
                  "--month", "10", "--input", input_, "--output", uri()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--source"), std::string::npos) << r.err;
  EXPECT_EQ(Snapshot(), good_);
}

}  // namespace
}  // namespace costagg::testing
