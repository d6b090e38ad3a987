// The merge verb (Koku's insert-or-fill rule for its topology tables) on both outputs: a staged row matching
// an existing one on every key (NULL matching NULL, but not '') fills that row's empty fill columns; a row
// matching none is inserted with a new uuid. Expected rows worked out by hand from the rule. And Fetch: rows
// read on another thread, readable by the engine until released, and by a reader of their own while a write
// holds the database.
#include "costagg/output/koku_database.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/output/duckdb/duckdb_koku_database.h"
#include "costagg/output/postgres/pg_koku_database.h"
#include "support/cli.h"
#include "support/pg_server.h"

namespace costagg {
namespace {

/// Existing rows: (node, cores, role) = (NULL, 1.00, NULL), ('', 2.00, 'keep'), ('n', NULL, '').
constexpr const char* kExisting =
    "(gen_random_uuid(), NULL, 1.00, NULL), (gen_random_uuid(), '', 2.00, 'keep'), "
    "(gen_random_uuid(), 'n', NULL, '')";

/// Staged rows: NULL node with 1.00 fills the first row; '' with 2.00 matches the second, whose role is kept;
/// 'n' with NULL cores fills the third; NULL with 2.00 and '' with 1.00 match nothing ('' is not NULL) and
/// are added.
constexpr const char* kStaged =
    "SELECT * FROM (VALUES (NULL, 1.00, 'new'), ('', 2.00, 'other'), ('n', NULL, 'filled'), "
    "(NULL, 2.00, 'added1'), ('', 1.00, 'added2')) AS v(node, cores, role)";

/// The merged rows as "node|cores|role", sorted by role.
const std::vector<std::string> kExpected = {"<null>|2.00|added1", "|1.00|added2", "n|<null>|filled",
                                            "|2.00|keep", "<null>|1.00|new"};

WriteSet MergeWrite() {
  WriteSet writes;
  writes.merges.push_back({"topology", {"node", "cores"}, {"role"}, "uuid", kStaged, {}});
  return writes;
}

/// The rows of `table` as "node|cores|role", sorted by role.
std::vector<std::string> Texts(Engine& engine, const std::string& table) {
  std::vector<std::string> rows;
  for (const auto& batch : engine.QueryAll(
           "SELECT coalesce(node, '<null>') || '|' || coalesce(CAST(cores AS VARCHAR), '<null>') || '|' || "
           "coalesce(role, '<null>') FROM " +
               table + " ORDER BY role",
           "read merged rows")) {
    for (size_t r = 0; r < batch.rows; ++r) rows.push_back(batch.columns[0].texts[r]);
  }
  return rows;
}

class PgMergeTest : public testing::PgServerTest {};

TEST_F(PgMergeTest, NullKeysMatchNullsAndEmptyFillColumnsAreFilled) {
  std::string table = schema() + ".topology";
  conn().Execute("CREATE TABLE " + table +
                 " (uuid uuid NOT NULL, node text, cores numeric(18,2), role text)");
  conn().Execute("INSERT INTO " + table + " VALUES " + std::string(kExisting));
  Engine engine;
  auto db = NewPgKokuDatabase(uri(), schema());
  auto merged_rows = [&] {
    db->Load(engine, "merged", {{"node", "VARCHAR"}, {"cores", "VARCHAR"}, {"role", "VARCHAR"}},
             "SELECT node, CAST(cores AS TEXT) AS cores, role FROM {{schema}}.topology");
    return Texts(engine, "merged");
  };
  // Both ways of writing: in one Write, and at the start of a write whose rows come in parts.
  db->Write(engine, MergeWrite());
  EXPECT_EQ(merged_rows(), kExpected);
  EXPECT_EQ(conn().Query("SELECT count(DISTINCT uuid) FROM " + table).Scalar(), "5");

  conn().Execute("DELETE FROM " + table);
  conn().Execute("INSERT INTO " + table + " VALUES " + std::string(kExisting));
  db->StartWrite(engine, MergeWrite())->Finish(engine, {});
  EXPECT_EQ(merged_rows(), kExpected);
}

class PgFetchTest : public testing::PgServerTest {};

TEST_F(PgFetchTest, RowsFetchedOnAnotherThreadStayReadableUntilReleased) {
  conn().Execute("CREATE TABLE " + schema() + ".t (a text, b numeric(10,2))");
  conn().Execute("INSERT INTO " + schema() + ".t VALUES (NULL, 1.50), ('', NULL), ('x,\"y', 2.25)");
  Engine engine;
  auto db = NewPgKokuDatabase(uri(), schema());
  auto fetching = std::async(std::launch::async, [&db] {
    return db->Fetch("t rows", {{"a", "VARCHAR"}, {"b", "DOUBLE"}},
                     "SELECT a, CAST(b AS TEXT) AS b FROM {{schema}}.t");
  });
  engine.Execute("CREATE TEMP TABLE busy AS SELECT range AS n FROM range(100000)",
                 "the engine works meanwhile");
  std::unique_ptr<FetchedRows> rows = fetching.get();
  std::string relation = rows->Relation();
  std::vector<std::string> texts;
  for (const auto& batch :
       engine.QueryAll("SELECT coalesce(a, '<null>') || '|' || coalesce(CAST(b AS VARCHAR), "
                       "'<null>') FROM " +
                           relation + " ORDER BY b NULLS FIRST",
                       "read fetched rows")) {
    for (size_t r = 0; r < batch.rows; ++r) texts.push_back(batch.columns[0].texts[r]);
  }
  // NULL and '' stay apart through the CSV; the numbers keep their values.
  EXPECT_EQ(texts, (std::vector<std::string>{"|<null>", "<null>|1.5", "x,\"y|2.25"}));
  rows.reset();
  EXPECT_ANY_THROW(engine.Execute("SELECT count(*) FROM " + relation, "read released rows"));
}

/// The rows of one text column `a` that `reader` fetches from `table`, read on another thread, sorted.
std::vector<std::string> FetchedTexts(Engine& engine, RowReader& reader, const std::string& table) {
  std::unique_ptr<FetchedRows> rows =
      std::async(std::launch::async, [&] {
        return reader.Fetch(table + " rows", {{"a", "VARCHAR"}}, "SELECT a FROM {{schema}}." + table);
      }).get();
  std::vector<std::string> texts;
  for (const auto& batch :
       engine.QueryAll("SELECT a FROM " + rows->Relation() + " ORDER BY a", "read rows")) {
    for (size_t r = 0; r < batch.rows; ++r) texts.push_back(batch.columns[0].texts[r]);
  }
  return texts;
}

/// A write holds the database's connection from StartWrite to Finish; OpenReader's reader has a session of
/// its own: it fetches meanwhile, and sees what was committed before the write, not the write's own changes.
TEST_F(PgFetchTest, ReaderHasItsOwnSessionWhileAWriteHoldsTheDatabase) {
  conn().Execute("CREATE TABLE " + schema() + ".w (a text)");
  conn().Execute("INSERT INTO " + schema() + ".w VALUES ('old')");
  Engine engine;
  auto db = NewPgKokuDatabase(uri(), schema());
  std::unique_ptr<RowReader> reader = db->OpenReader();
  WriteSet writes;
  writes.replaces.push_back({"w", "true", "", {}});
  std::unique_ptr<PartWrite> write = db->StartWrite(engine, writes);
  write->Add(engine, {{"w", "SELECT 'new' AS a", {}}});
  EXPECT_EQ(FetchedTexts(engine, *reader, "w"), std::vector<std::string>{"old"});
  write->Finish(engine, {{"w", "SELECT 'last' AS a", {}}});
  EXPECT_EQ(FetchedTexts(engine, *reader, "w"), (std::vector<std::string>{"last", "new"}));
}

/// Cancel stops a fetch running on another thread: its statement (here one that would sleep for a minute) is
/// cancelled on the server and the fetch throws, within seconds. Before and after, Cancel changes nothing.
TEST_F(PgFetchTest, CancelStopsAFetchRunningOnAnotherThread) {
  conn().Execute("CREATE TABLE " + schema() + ".w (a text)");
  conn().Execute("INSERT INTO " + schema() + ".w VALUES ('kept')");
  Engine engine;
  auto db = NewPgKokuDatabase(uri(), schema());
  std::unique_ptr<RowReader> reader = db->OpenReader();
  reader->Cancel();  // idle: nothing to cancel, and the next fetch is not affected
  EXPECT_EQ(FetchedTexts(engine, *reader, "w"), std::vector<std::string>{"kept"});

  auto started = std::chrono::steady_clock::now();
  auto fetch = std::async(std::launch::async, [&reader] {
    return reader->Fetch("slow rows", {{"a", "VARCHAR"}}, "SELECT 'x' AS a FROM pg_sleep(60)");
  });
  ASSERT_EQ(fetch.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  while (fetch.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) reader->Cancel();
  try {
    fetch.get();
    ADD_FAILURE() << "the cancelled fetch returned rows";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("slow rows"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cancel"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  // The reader's session goes on.
  EXPECT_EQ(FetchedTexts(engine, *reader, "w"), std::vector<std::string>{"kept"});
}

/// A DuckDB output file with an empty schema `s`, attached to `engine`; returns the file's path.
std::string DuckDbOutputWithSchema(Engine& engine, const std::string& stem) {
  std::string file = testing::FreshDirectory(stem) + "/out.duckdb";
  AttachDuckDbOutput(engine, file);
  engine.Execute("CREATE SCHEMA costagg_output.s", "schema");
  return file;
}

TEST(DuckDbMergeTest, NullKeysMatchNullsAndEmptyFillColumnsAreFilled) {
  Engine engine;
  std::string file = DuckDbOutputWithSchema(engine, "duckdb-merge");
  engine.Execute(
      "CREATE TABLE costagg_output.s.topology (uuid UUID NOT NULL, node VARCHAR, cores DECIMAL(18,2), role "
      "VARCHAR)",
      "table");
  engine.Execute("INSERT INTO costagg_output.s.topology VALUES " + std::string(kExisting), "rows");
  {
    auto db = NewDuckDbKokuDatabase(engine, file, "s");
    db->Write(engine, MergeWrite());
  }
  EXPECT_EQ(Texts(engine, "costagg_output.s.topology"), kExpected);
}

/// A DuckDB output's reader names the query; the engine reads the file's rows through it.
TEST(DuckDbFetchTest, ReaderFetchesTheFilesRows) {
  Engine engine;
  std::string file = DuckDbOutputWithSchema(engine, "duckdb-fetch");
  engine.Execute("CREATE TABLE costagg_output.s.w (a VARCHAR)", "table");
  engine.Execute("INSERT INTO costagg_output.s.w VALUES ('y'), ('x')", "rows");
  {
    auto db = NewDuckDbKokuDatabase(engine, file, "s");
    std::unique_ptr<RowReader> reader = db->OpenReader();
    EXPECT_EQ(FetchedTexts(engine, *reader, "w"), (std::vector<std::string>{"x", "y"}));
  }
}

}  // namespace
}  // namespace costagg
