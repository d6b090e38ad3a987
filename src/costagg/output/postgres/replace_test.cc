#include "costagg/output/postgres/replace.h"

#include <gtest/gtest.h>

#include "costagg/error.h"
#include "support/pg_server.h"

namespace costagg {
namespace {

/// Rows for source `source` on days [first_day, first_day + days) of March 2024, `per_day` rows per day.
/// `poison_row` (if >= 0) gets a NUL byte in its text, which the encoder refuses.
std::unique_ptr<RowSource> DailyRows(const std::string& source, int first_day, int days, int per_day,
                                     double cost_factor, int poison_row = -1, int per_batch = 1000) {
  std::vector<ColumnInfo> columns = {{"source_uuid", ValueType::kText},
                                     {"usage_start", ValueType::kDate},
                                     {"namespace", ValueType::kText},
                                     {"cost", ValueType::kDouble}};
  std::vector<RowBatch> batches;
  int row = 0;
  for (int d = first_day; d < first_day + days; ++d) {
    for (int i = 0; i < per_day; ++i, ++row) {
      if (row % per_batch == 0) {
        batches.emplace_back();
        batches.back().Reset(columns);
      }
      RowBatch& b = batches.back();
      b.columns[0].AppendText(source);
      b.columns[1].AppendInt(19783 + d - 1);  // 2024-03-01 is day 19783
      std::string ns = "namespace-" + std::to_string(i);
      b.columns[2].AppendText(row == poison_row ? ns + std::string(1, '\0') : ns);
      b.columns[3].AppendDouble(cost_factor * (i + 1) / 3.0);
      ++b.rows;
    }
  }
  return std::make_unique<MemoryRowSource>(columns, std::move(batches));
}

const char* kSourceA = "11111111-1111-1111-1111-111111111111";
const char* kSourceB = "22222222-2222-2222-2222-222222222222";
const char* kScope = "source_uuid = $1 AND usage_start >= $2 AND usage_start <= $3";

class ReplaceTest : public testing::PgServerTest {
 protected:
  void SetUp() override {
    PgServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (const char* table : {"daily", "project"}) {
      conn().Execute("CREATE TABLE " + schema() + "." + table +
                     " (id bigserial, source_uuid uuid, usage_start date NOT NULL, namespace varchar(253),"
                     " cost numeric(33,15))");
    }
  }

  /// "count/md5" of the table's rows (without the generated id), in a fixed order.
  std::string Checksum(const std::string& table, const std::string& source) {
    return conn()
        .Query(
            "SELECT count(*) || '/' || coalesce(md5(string_agg(concat_ws('|', source_uuid, usage_start, "
            "namespace, "
            "cost), ',' ORDER BY usage_start, namespace, cost)), '-') FROM " +
                schema() + "." + table + " WHERE source_uuid = $1",
            {source}, "checksum")
        .Scalar();
  }

  ReplaceCounts Replace(const std::string& source, int first_day, int days, std::unique_ptr<RowSource> rows,
                        const CopyOptions& options = {}) {
    return ReplaceRows(conn(), schema(), "daily", kScope,
                       {source, "2024-03-" + Day(first_day), "2024-03-" + Day(first_day + days - 1)}, *rows,
                       options);
  }

  static std::string Day(int d) { return (d < 10 ? "0" : "") + std::to_string(d); }
};

TEST_F(ReplaceTest, WritingTheSameScopeTwiceGivesIdenticalContents) {
  Replace(kSourceB, 1, 31, DailyRows(kSourceB, 1, 31, 5, 2.0));
  std::string other = Checksum("daily", kSourceB);

  ReplaceCounts first = Replace(kSourceA, 1, 10, DailyRows(kSourceA, 1, 10, 50, 1.0));
  EXPECT_EQ(first.deleted, 0);
  EXPECT_EQ(first.inserted, 500);
  std::string after_first = Checksum("daily", kSourceA);
  ReplaceCounts second = Replace(kSourceA, 1, 10, DailyRows(kSourceA, 1, 10, 50, 1.0));
  EXPECT_EQ(second.deleted, 500);
  EXPECT_EQ(second.inserted, 500);
  EXPECT_EQ(Checksum("daily", kSourceA), after_first);
  EXPECT_EQ(after_first.substr(0, 4), "500/");
  EXPECT_EQ(Checksum("daily", kSourceB), other);  // another source's rows are untouched
}

TEST_F(ReplaceTest, OnlyTheScopeIsReplaced) {
  Replace(kSourceA, 1, 31, DailyRows(kSourceA, 1, 31, 2, 1.0));
  ReplaceCounts counts = Replace(kSourceA, 10, 5, DailyRows(kSourceA, 10, 5, 3, 7.0));
  EXPECT_EQ(counts.deleted, 10);
  EXPECT_EQ(counts.inserted, 15);
  EXPECT_EQ(conn().Query("SELECT count(*) FROM " + schema() + ".daily").Scalar(), "67");  // 62 - 10 + 15
}

TEST_F(ReplaceTest, FailureHalfWayKeepsTheOldRows) {
  Replace(kSourceA, 1, 10, DailyRows(kSourceA, 1, 10, 50, 1.0));
  Replace(kSourceB, 1, 10, DailyRows(kSourceB, 1, 10, 5, 2.0));
  std::string before_a = Checksum("daily", kSourceA);
  std::string before_b = Checksum("daily", kSourceB);
  // The second batch holds a NUL byte: the DELETE ran and the first chunks reached the server.
  CopyOptions small;
  small.chunk_bytes = 2048;
  EXPECT_THROW(Replace(kSourceA, 1, 10, DailyRows(kSourceA, 1, 10, 60, 3.0, /*poison_row=*/450, 300), small),
               Error);
  EXPECT_FALSE(conn().InTransaction());
  EXPECT_EQ(Checksum("daily", kSourceA), before_a);
  EXPECT_EQ(Checksum("daily", kSourceB), before_b);
  // The server rejecting a row (usage_start NOT NULL) also leaves them.
  std::vector<ColumnInfo> columns = {{"source_uuid", ValueType::kText}, {"usage_start", ValueType::kDate}};
  RowBatch bad;
  bad.Reset(columns);
  bad.columns[0].AppendText(kSourceA);
  bad.columns[1].AppendNull();
  bad.rows = 1;
  std::vector<RowBatch> batches;
  batches.push_back(std::move(bad));
  EXPECT_THROW(Replace(kSourceA, 1, 10, std::make_unique<MemoryRowSource>(columns, std::move(batches))),
               Error);
  EXPECT_EQ(Checksum("daily", kSourceA), before_a);
}

TEST_F(ReplaceTest, SeveralTablesInOneTransaction) {
  auto write = [&](const std::string& table, double factor, int poison_row) {
    TableWrite w;
    w.schema = schema();
    w.table = table;
    w.delete_where = kScope;
    w.delete_params = {kSourceA, "2024-03-01", "2024-03-05"};
    w.open_rows = [=] { return DailyRows(kSourceA, 1, 5, 10, factor, poison_row); };
    return w;
  };
  std::vector<ReplaceCounts> counts =
      ReplaceTables(conn(), {write("daily", 1.0, -1), write("project", 2.0, -1)});
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[1].inserted, 50);
  std::string daily = Checksum("daily", kSourceA);
  std::string project = Checksum("project", kSourceA);
  // The second table fails: the first table's replace is rolled back too.
  EXPECT_THROW(ReplaceTables(conn(), {write("daily", 5.0, -1), write("project", 5.0, 20)}), Error);
  EXPECT_EQ(Checksum("daily", kSourceA), daily);
  EXPECT_EQ(Checksum("project", kSourceA), project);
  // A missing table fails before anything is deleted.
  TableWrite missing = write("no_such_table", 1.0, -1);
  EXPECT_THROW(ReplaceTables(conn(), {write("daily", 5.0, -1), missing}), Error);
  EXPECT_EQ(Checksum("daily", kSourceA), daily);
}

TEST_F(ReplaceTest, RefusesAnEmptyCondition) {
  auto rows = DailyRows(kSourceA, 1, 1, 1, 1.0);
  EXPECT_THROW(ReplaceRows(conn(), schema(), "daily", " ", {}, *rows), Error);
  ReplaceCounts counts = ReplaceRows(conn(), schema(), "daily", "false", {}, *rows);
  EXPECT_EQ(counts.inserted, 1);
}

}  // namespace
}  // namespace costagg
