#include "costagg/engine/engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "costagg/error.h"
#include "support/cli.h"

namespace costagg {
namespace {

TEST(EngineTest, StreamsTypedColumnsWithNulls) {
  Engine engine;
  auto source = engine.Query(
      "SELECT * FROM (VALUES (1, 2.5, 'a''b', DATE '2000-01-02', TIMESTAMP '1970-01-01 00:00:01', true),"
      " (NULL, NULL, NULL, NULL, NULL, NULL)) t(i, d, s, dt, ts, b) ORDER BY i NULLS LAST",
      "test");
  ASSERT_EQ(source->columns().size(), 6u);
  EXPECT_EQ(source->columns()[0].type, ValueType::kInt64);
  EXPECT_EQ(source->columns()[1].type, ValueType::kDouble);  // DECIMAL literal read as double
  EXPECT_EQ(source->columns()[2].type, ValueType::kText);
  EXPECT_EQ(source->columns()[3].type, ValueType::kDate);
  EXPECT_EQ(source->columns()[4].type, ValueType::kTimestamp);
  EXPECT_EQ(source->columns()[5].type, ValueType::kBool);
  RowBatch batch;
  ASSERT_TRUE(source->Next(&batch));
  ASSERT_EQ(batch.rows, 2u);
  EXPECT_EQ(batch.columns[0].ints[0], 1);
  EXPECT_DOUBLE_EQ(batch.columns[1].doubles[0], 2.5);
  EXPECT_EQ(batch.columns[2].texts[0], "a'b");
  EXPECT_EQ(batch.columns[3].ints[0], 10957 + 1);  // 2000-01-01 is day 10957 after 1970-01-01
  EXPECT_EQ(batch.columns[4].ints[0], 1000000);
  EXPECT_EQ(batch.columns[5].ints[0], 1);
  for (const auto& col : batch.columns) EXPECT_TRUE(col.IsNull(1));
  EXPECT_FALSE(source->Next(&batch));
}

TEST(EngineTest, BindsNamedParametersAcrossStatements) {
  Engine engine;
  engine.Execute("CREATE TABLE t (k VARCHAR, v BIGINT); INSERT INTO t VALUES ($k, $v);", "test",
                 {{"k", std::string("x")}, {"v", int64_t{42}}, {"unused", 1.0}});
  EXPECT_EQ(engine.QueryInt("SELECT v FROM t WHERE k = $k", "test", {{"k", std::string("x")}}), 42);
}

TEST(EngineTest, TextLookupReadsTheCallersTable) {
  Engine engine;
  // Long values (not inlined by DuckDB) and short ones; a key whose value is NULL; keys not in the table.
  TextLookup first = {{"a", std::string(40, 'A')}, {"b", "B"}, {"n", std::nullopt}};
  engine.RegisterTextLookup("costagg_test_lookup", &first);
  engine.Execute(
      "CREATE TEMP TABLE t AS SELECT i, CASE i % 4 WHEN 0 THEN 'a' WHEN 1 THEN 'b' WHEN 2 THEN 'n' END"
      " AS k FROM range(300000) r(i)",
      "test");
  auto batches = engine.QueryAll(
      "SELECT count(*) FILTER (WHERE v IS DISTINCT FROM CASE i % 4 WHEN 0 THEN repeat('A', 40) WHEN 1 THEN "
      "'B'"
      " END), count(*) FROM (SELECT i, costagg_test_lookup(k) AS v FROM t)",
      "test");
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].columns[0].ints[0], 0);  // every value right, NULL for 'n', 'x' and NULL keys
  EXPECT_EQ(batches[0].columns[1].ints[0], 300000);
  // Registering the name again switches the table.
  TextLookup second = {{"b", "other"}};
  engine.RegisterTextLookup("costagg_test_lookup", &second);
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM t WHERE costagg_test_lookup(k) = 'other'", "test"), 75000);
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM t WHERE costagg_test_lookup(k) IS NOT NULL", "test"),
            75000);
  // A constant argument, and a dictionary-encoded one (a parquet column of few texts).
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM range(5) WHERE costagg_test_lookup('b') = 'other'", "test"),
            5);
  std::string dir = testing::FreshDirectory("text-lookup");
  engine.Execute("COPY t TO '" + dir + "/t.parquet' (FORMAT parquet)", "test");
  EXPECT_EQ(
      engine.QueryInt("SELECT count(*) FROM '" + dir + "/t.parquet' WHERE costagg_test_lookup(k) = 'other'",
                      "test"),
      75000);
  // Without a table (its owner gone), a statement calling the function fails instead of reading freed memory.
  engine.RegisterTextLookup("costagg_test_lookup", nullptr);
  EXPECT_THROW(engine.QueryInt("SELECT count(*) FROM t WHERE costagg_test_lookup(k) IS NULL", "test"), Error);
}

TEST(EngineTest, ErrorsNameTheStep) {
  Engine engine;
  try {
    engine.Execute("SELECT * FROM no_such_table", "step 010_pod.sql");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("step 010_pod.sql"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
}

TEST(EngineTest, UuidColumnsBecomeCanonicalText) {
  Engine engine;
  auto batches = engine.QueryAll("SELECT '0189c0f8-7a4e-4b3c-8d2e-1f2a3b4c5d6e'::UUID AS u", "test");
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].columns[0].texts[0], "0189c0f8-7a4e-4b3c-8d2e-1f2a3b4c5d6e");
}

TEST(EngineTest, QuotesLiteralsAndIdentifiers) {
  EXPECT_EQ(SqlLiteral("it's"), "'it''s'");
  EXPECT_EQ(SqlIdentifier("a\"b"), "\"a\"\"b\"");
}

TEST(EngineTest, LoadsTheShippedHttpfsExtension) {
  Engine engine;
  S3Settings s3;
  s3.endpoint = "http://127.0.0.1:1";
  s3.access_key = "AKIDEXAMPLE";
  s3.secret_key = "secret-never-shown";
  engine.EnableS3(s3);
  EXPECT_EQ(
      engine.QueryInt("SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'httpfs' AND loaded",
                      "test"),
      1);
}

}  // namespace
}  // namespace costagg

namespace costagg {
namespace {

TEST(EngineTest, HugeintSumsBecome64BitIntegers) {
  Engine engine;
  EXPECT_EQ(engine.QueryInt("SELECT sum(x) FROM (VALUES (-5::BIGINT), (2::BIGINT)) t(x)", "test"), -3);
  EXPECT_THROW(engine.QueryInt("SELECT (2::HUGEINT ** 70)::HUGEINT", "test"), Error);
}

}  // namespace
}  // namespace costagg

namespace costagg {
namespace {

TEST(EngineTest, MultiLineDuckDbErrorsBecomeOneLineWithTheReason) {
  std::string path = "/tmp/costagg-engine-utf8-" + std::to_string(::getpid()) + ".csv";
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("a,b\n1,sh\xffop\n", f);
  std::fclose(f);
  Engine engine;
  try {
    engine.QueryAll("SELECT * FROM read_csv(" + SqlLiteral(path) + ", all_varchar = true)", "read csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_NE(m.find("not utf-8 encoded"), std::string::npos) << m;
    EXPECT_EQ(m.find("Possible Solution"), std::string::npos) << m;
    EXPECT_EQ(m.find("sh\xffop"), std::string::npos) << m;  // the raw input line is left out
  }
  std::remove(path.c_str());
}

TEST(EngineTest, SqlThatDoesNotParseFailsOnOneLine) {
  // A parse error comes from splitting the text into statements, before any is prepared.
  Engine engine;
  try {
    engine.Execute("SELECT 1 AS \"unterminated", "parse");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_EQ(m.rfind("parse: ", 0), 0u) << m;
    EXPECT_NE(m.find("unterminated quoted identifier"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace costagg

namespace costagg {
namespace {

// A reader that stops early (its COPY lost the server) leaves a streaming result behind: it is interrupted
// and drained, so the engine can run the next query and close while DuckDB's workers are still busy with it.
TEST(EngineTest, AbandonedStreamingResultIsStoppedBeforeTheNextQueryAndTheClose) {
  for (int round = 0; round < 20; ++round) {
    Engine engine(EngineOptions{.threads = 2});
    auto source = engine.Query(
        "SELECT i % 97 AS k, sum(i) AS s FROM range(2000000) AS t(i) GROUP BY ALL ORDER BY k", "big query");
    RowBatch batch;
    ASSERT_TRUE(source->Next(&batch));
    source.reset();
    EXPECT_EQ(engine.QueryInt("SELECT 41 + 1", "next query"), 42);
  }
}

}  // namespace
}  // namespace costagg
