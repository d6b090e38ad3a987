#include "costagg/output/postgres/copy_writer.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <random>

#include "costagg/error.h"
#include "costagg/output/postgres/pg_connection.h"
#include "support/pg_server.h"

namespace costagg {
namespace {

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

PgColumn Column(const std::string& name, uint32_t oid, const std::string& type_name, bool not_null = false) {
  PgColumn c;
  c.name = name;
  c.type_oid = oid;
  c.type_name = type_name;
  c.not_null = not_null;
  return c;
}

/// The message of the Error `f` throws, or "no error".
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(CopyWriterTest, FramesTheStreamAsPostgresDoes) {
  // Golden: psql -c "COPY (VALUES (1::int4, 'a'::text), (NULL, NULL)) TO STDOUT (FORMAT binary)" | xxd -p
  // against PostgreSQL 15.20.
  const std::string golden =
      "5047434f50590aff0d0a00000000000000000000"
      "02000000040000000100000001610002ffffffffffffffff"
      "ffff";
  PgTable table{
      "s", "t", {Column("column1", pg_oid::kInt4, "integer"), Column("column2", pg_oid::kText, "text")}};
  std::vector<ColumnInfo> columns = {{"column1", ValueType::kInt64}, {"column2", ValueType::kText}};
  std::vector<FieldEncoder> encoders = PlanCopy(table, columns);
  RowBatch batch;
  batch.Reset(columns);
  batch.columns[0].AppendInt(1);
  batch.columns[1].AppendText("a");
  batch.columns[0].AppendNull();
  batch.columns[1].AppendNull();
  batch.rows = 2;
  std::string stream;
  AppendCopyHeader(&stream);
  AppendCopyRow(encoders, batch, 0, &stream);
  AppendCopyRow(encoders, batch, 1, &stream);
  AppendCopyTrailer(&stream);
  EXPECT_EQ(Hex(stream), golden);
  EXPECT_EQ(CopyStatement(table, columns),
            R"(COPY "s"."t" ("column1", "column2") FROM STDIN (FORMAT binary))");
}

TEST(CopyWriterTest, PlanListsEveryProblemNamingTableAndColumn) {
  PgTable table{
      "org1",
      "reporting_x",
      {Column("id", pg_oid::kUuid, "uuid", /*not_null=*/true), Column("cost", pg_oid::kNumeric, "numeric"),
       Column("currency", pg_oid::kVarchar, "character varying(10)", /*not_null=*/true)}};
  std::string message = ErrorOf([&] {
    PlanCopy(table,
             {{"cost", ValueType::kText}, {"colour", ValueType::kText}, {"currency", ValueType::kText}});
  });
  EXPECT_EQ(
      message,
      "cannot write into org1.reporting_x: table org1.reporting_x column cost: cannot write TEXT values into "
      "numeric; table org1.reporting_x has no column colour; table org1.reporting_x column id is NOT NULL "
      "without a default and the output does not provide it");
  // Columns the source lacks are fine when nullable or defaulted: the COPY list is the source's columns.
  EXPECT_EQ(PlanCopy(table, {{"id", ValueType::kText}, {"currency", ValueType::kText}}).size(), 2u);
}

class CopyRowsTest : public testing::PgServerTest {
 protected:
  std::string Count(const std::string& table) {
    return conn().Query("SELECT count(*) FROM " + schema() + "." + table).Scalar();
  }
};

TEST_F(CopyRowsTest, RoundTripsEveryTypeWithNullsAndUnicode) {
  conn().Execute(
      "CREATE TABLE " + schema() +
      ".all_types (id bigint, b boolean, i2 smallint, i4 integer, f4 real, f8 double precision,"
      " f8i double precision, n15 numeric(33,15), n9 numeric(33,9), nint numeric(33,15), nplain numeric,"
      " t text, vc varchar(10), u uuid, j jsonb, js json, ta text[], d date, ts timestamp,"
      " tstz timestamptz, tsd date, untouched text DEFAULT 'dflt')");
  std::vector<ColumnInfo> columns = {
      {"id", ValueType::kInt64},     {"b", ValueType::kBool},         {"i2", ValueType::kInt64},
      {"i4", ValueType::kInt64},     {"f4", ValueType::kDouble},      {"f8", ValueType::kDouble},
      {"f8i", ValueType::kInt64},    {"n15", ValueType::kDouble},     {"n9", ValueType::kDouble},
      {"nint", ValueType::kInt64},   {"nplain", ValueType::kDouble},  {"t", ValueType::kText},
      {"vc", ValueType::kText},      {"u", ValueType::kText},         {"j", ValueType::kText},
      {"js", ValueType::kText},      {"ta", ValueType::kText},        {"d", ValueType::kDate},
      {"ts", ValueType::kTimestamp}, {"tstz", ValueType::kTimestamp}, {"tsd", ValueType::kTimestamp}};
  RowBatch batch;
  batch.Reset(columns);
  auto& c = batch.columns;
  const int64_t t = 1710506096789012;  // 2024-03-15 12:34:56.789012 UTC
  // Row 1: ordinary values, unicode, rounding.
  c[0].AppendInt(1), c[1].AppendInt(1), c[2].AppendInt(12345), c[3].AppendInt(-123456789);
  c[4].AppendDouble(1.5), c[5].AppendDouble(0.1), c[6].AppendInt(42), c[7].AppendDouble(0.1 + 0.2);
  c[8].AppendDouble(2.0000000005), c[9].AppendInt(7), c[10].AppendDouble(1e-7);
  c[11].AppendText("héllo wörld € 😀 \"quoted\" \\ back\ttab\nline");
  c[12].AppendText("ééééé"), c[13].AppendText("123e4567-e89b-12d3-a456-426614174000");
  c[14].AppendText(R"({"b": [1, 2], "a": "x"})"), c[15].AppendText(R"({"a":1})");
  c[16].AppendText(R"(["a", null, "b c", "€"])"), c[17].AppendInt(-25567);
  c[18].AppendInt(t), c[19].AppendInt(t), c[20].AppendInt(-1);
  // Row 2: every column NULL but the id.
  c[0].AppendInt(2);
  for (size_t i = 1; i < c.size(); ++i) c[i].AppendNull();
  // Row 3: limits, negatives, empty text.
  c[0].AppendInt(3), c[1].AppendInt(0), c[2].AppendInt(-32768), c[3].AppendInt(2147483647);
  c[4].AppendDouble(-0.25), c[5].AppendDouble(-1e300), c[6].AppendInt(-5), c[7].AppendDouble(-123.456);
  c[8].AppendDouble(-0.0000000005), c[9].AppendInt(-999999999999999999), c[10].AppendDouble(123456789.125);
  c[11].AppendText(""), c[12].AppendText("abc"), c[13].AppendText("{123E4567E89B12D3A456426614174000}");
  c[14].AppendText("[]"), c[15].AppendText("null"), c[16].AppendText("[]"), c[17].AppendInt(19797);
  c[18].AppendInt(-1), c[19].AppendInt(0), c[20].AppendInt(t);
  batch.rows = 3;
  std::vector<RowBatch> batches;
  batches.push_back(std::move(batch));
  MemoryRowSource source(columns, std::move(batches));
  EXPECT_EQ(CopyRows(conn(), schema(), "all_types", source), 3);

  conn().Execute("SET timezone = 'UTC'");
  PgResult r = conn().Query("SELECT * FROM " + schema() + ".all_types ORDER BY id");
  using Row = std::vector<std::optional<std::string>>;
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0], (Row{"1",
                            "t",
                            "12345",
                            "-123456789",
                            "1.5",
                            "0.1",
                            "42",
                            "0.300000000000000",
                            "2.000000001",
                            "7.000000000000000",
                            "0.0000001",
                            "héllo wörld € 😀 \"quoted\" \\ back\ttab\nline",
                            "ééééé",
                            "123e4567-e89b-12d3-a456-426614174000",
                            R"({"a": "x", "b": [1, 2]})",
                            R"({"a":1})",
                            R"({a,NULL,"b c",€})",
                            "1900-01-01",
                            "2024-03-15 12:34:56.789012",
                            "2024-03-15 12:34:56.789012+00",
                            "1969-12-31",
                            "dflt"}));
  Row nulls(22, std::nullopt);
  nulls[0] = "2";
  nulls[21] = "dflt";
  EXPECT_EQ(r.rows[1], nulls);
  EXPECT_EQ(r.rows[2], (Row{"3",
                            "f",
                            "-32768",
                            "2147483647",
                            "-0.25",
                            "-1e+300",
                            "-5",
                            "-123.456000000000000",
                            "-0.000000001",
                            "-999999999999999999.000000000000000",
                            "123456789.125",
                            "",
                            "abc",
                            "123e4567-e89b-12d3-a456-426614174000",
                            "[]",
                            "null",
                            "{}",
                            "2024-03-15",
                            "1969-12-31 23:59:59.999999",
                            "1970-01-01 00:00:00+00",
                            "2024-03-15",
                            "dflt"}));
}

TEST_F(CopyRowsTest, NumericRoundingMatchesPostgresCastOfTheShortestText) {
  // PostgreSQL rounds numeric input half away from zero, so casting the double's shortest text is an
  // independent reference for the encoder's rounding and digit grouping (ocp_on_aws.md §2.2).
  conn().Execute(
      "CREATE TABLE " + schema() +
      ".rounding (shortest text, n15 numeric(33,15), n9 numeric(33,9), n2 numeric(20,2), n numeric)");
  std::vector<ColumnInfo> columns = {{"shortest", ValueType::kText},
                                     {"n15", ValueType::kDouble},
                                     {"n9", ValueType::kDouble},
                                     {"n2", ValueType::kDouble},
                                     {"n", ValueType::kDouble}};
  RowBatch batch;
  batch.Reset(columns);
  auto add = [&](double v) {
    char text[64];
    *std::to_chars(text, text + sizeof(text), v).ptr = '\0';
    batch.columns[0].AppendText(text);
    for (size_t i = 1; i < columns.size(); ++i) batch.columns[i].AppendDouble(v);
    ++batch.rows;
  };
  std::mt19937_64 rng(20240315);
  std::uniform_real_distribution<double> mantissa(1.0, 10.0);
  std::uniform_int_distribution<int> exponent(-20, 12);
  for (int i = 0; i < 3000; ++i) add((i % 2 ? -1 : 1) * mantissa(rng) * std::pow(10.0, exponent(rng)));
  // Exact halves at the 16th, 10th and 3rd decimal (their shortest text ends in that 5).
  for (int i = 0; i < 300; ++i) {
    std::string digits = std::to_string(rng() % 1000000000000000ULL);
    add(std::stod("0." + std::string(15 - digits.size(), '0') + digits + "5"));
    add(std::stod("-" + std::to_string(rng() % 100000) + "." + std::to_string(rng() % 1000000000) + "5"));
    add(std::stod(std::to_string(rng() % 100000) + "." + std::to_string(rng() % 100) + "5"));
  }
  add(0.1 + 0.2), add(2.675), add(-0.0), add(9.9999999995), add(1e-300), add(123456789012345678.0);
  std::vector<RowBatch> batches;
  batches.push_back(std::move(batch));
  MemoryRowSource source(columns, std::move(batches));
  EXPECT_EQ(CopyRows(conn(), schema(), "rounding", source), 3906);
  PgResult mismatches = conn().Query(
      "SELECT shortest, n15, n9, n2, n FROM " + schema() +
      ".rounding WHERE n15 IS DISTINCT FROM shortest::numeric(33,15) OR "
      "n15::text <> shortest::numeric(33,15)::text OR n9::text <> shortest::numeric(33,9)::text OR "
      "n2::text <> shortest::numeric(20,2)::text OR n::text <> shortest::numeric::text LIMIT 5");
  for (const auto& row : mismatches.rows) ADD_FAILURE() << "shortest " << *row[0] << " stored as " << *row[1];
}

/// Rows 0..n-1 of (id bigint, label text), one batch per `per_batch` rows; `poison` (if >= 0) gets a NUL
/// byte.
MemoryRowSource Numbered(int n, int per_batch, int poison = -1) {
  std::vector<ColumnInfo> columns = {{"id", ValueType::kInt64}, {"label", ValueType::kText}};
  std::vector<RowBatch> batches;
  for (int i = 0; i < n; ++i) {
    if (i % per_batch == 0) {
      batches.emplace_back();
      batches.back().Reset(columns);
    }
    RowBatch& b = batches.back();
    b.columns[0].AppendInt(i);
    b.columns[1].AppendText(i == poison ? std::string("bad\0byte", 8) : "row number " + std::to_string(i));
    ++b.rows;
  }
  return MemoryRowSource(columns, std::move(batches));
}

TEST_F(CopyRowsTest, SendsManyChunks) {
  conn().Execute("CREATE TABLE " + schema() + ".numbered (id bigint, label text)");
  MemoryRowSource rows = Numbered(5000, 700);
  CopyOptions small;
  small.chunk_bytes = 1000;  // about 30 rows per PQputCopyData
  EXPECT_EQ(CopyRows(conn(), schema(), "numbered", rows, small), 5000);
  EXPECT_EQ(
      conn().Query("SELECT sum(id) || '/' || count(DISTINCT label) FROM " + schema() + ".numbered").Scalar(),
      "12497500/5000");
}

TEST_F(CopyRowsTest, NulByteInALaterChunkAbortsTheWholeCopy) {
  conn().Execute("CREATE TABLE " + schema() + ".numbered (id bigint, label text)");
  MemoryRowSource rows = Numbered(3000, 500, /*poison=*/2500);
  CopyOptions small;
  small.chunk_bytes = 4096;  // the first chunks have reached the server when row 2500 fails
  std::string message = ErrorOf([&] { CopyRows(conn(), schema(), "numbered", rows, small); });
  EXPECT_NE(message.find(schema() + ".numbered.label: text 'bad?byte' contains a NUL byte"),
            std::string::npos)
      << message;
  EXPECT_EQ(Count("numbered"), "0");
  EXPECT_FALSE(conn().InTransaction());
}

/// Yields one good batch, then fails as a broken query would.
class FailingSource : public RowSource {
 public:
  const std::vector<ColumnInfo>& columns() const override { return columns_; }
  bool Next(RowBatch* batch) override {
    if (calls_++ > 0) throw RuntimeError("DuckDB step 010_pod.sql: out of memory");
    batch->Reset(columns_);
    for (int i = 0; i < 100; ++i) batch->columns[0].AppendInt(i);
    batch->rows = 100;
    return true;
  }

 private:
  std::vector<ColumnInfo> columns_ = {{"id", ValueType::kInt64}};
  int calls_ = 0;
};

TEST_F(CopyRowsTest, SourceFailureAbortsTheCopy) {
  conn().Execute("CREATE TABLE " + schema() + ".numbered (id bigint, label text)");
  FailingSource source;
  CopyOptions tiny;
  tiny.chunk_bytes = 16;
  EXPECT_EQ(ErrorOf([&] { CopyRows(conn(), schema(), "numbered", source, tiny); }),
            "DuckDB step 010_pod.sql: out of memory");
  EXPECT_EQ(Count("numbered"), "0");
  EXPECT_EQ(conn().Query("SELECT 1").Scalar(), "1");  // the connection is usable again
}

TEST_F(CopyRowsTest, ServerRejectionCarriesTheServerMessage) {
  conn().Execute("CREATE TABLE " + schema() + ".numbered (id bigint CHECK (id < 10), label text)");
  MemoryRowSource rows = Numbered(20, 20);
  std::string message = ErrorOf([&] { CopyRows(conn(), schema(), "numbered", rows); });
  EXPECT_NE(message.find("PostgreSQL COPY into " + schema() +
                         ".numbered: new row for relation \"numbered\" "
                         "violates check constraint"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("context: COPY numbered, line 11"), std::string::npos) << message;
  EXPECT_EQ(Count("numbered"), "0");
}

TEST_F(CopyRowsTest, TypeMismatchFailsBeforeCopyNamingTableAndColumn) {
  conn().Execute("CREATE TABLE " + schema() + ".typed (id bigint, source_uuid uuid, cost numeric(33,15))");
  std::vector<ColumnInfo> columns = {
      {"id", ValueType::kInt64}, {"source_uuid", ValueType::kDouble}, {"costs", ValueType::kDouble}};
  RowBatch batch;
  batch.Reset(columns);
  std::vector<RowBatch> batches;
  batches.push_back(batch);
  MemoryRowSource source(columns, std::move(batches));
  std::string message = ErrorOf([&] { CopyRows(conn(), schema(), "typed", source); });
  EXPECT_EQ(message, "cannot write into " + schema() + ".typed: table " + schema() +
                         ".typed column source_uuid: cannot write DOUBLE values into uuid; table " +
                         schema() + ".typed has no column costs");
  // Nothing was started: no COPY is pending, the connection is idle and usable.
  EXPECT_FALSE(conn().InTransaction());
  EXPECT_EQ(Count("typed"), "0");
  EXPECT_EQ(ErrorOf([&] { CopyRows(conn(), schema(), "missing_table", source); }),
            "table " + schema() + ".missing_table does not exist");
}

}  // namespace
}  // namespace costagg
