#include "costagg/output/duckdb/duckdb_koku_database.h"

#include <chrono>
#include <set>
#include <thread>
#include <utility>

#include "costagg/error.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

/// PartWrite on the DuckDB file: the parts are kept in temp tables and written by one Write at Finish.
class DuckDbPartWrite : public PartWrite {
 public:
  DuckDbPartWrite(KokuDatabase& db, WriteSet writes) : db_(db), writes_(std::move(writes)) {}

  void Add(Engine& engine, const std::vector<TableRows>& part) override {
    for (const auto& table : part) {
      std::string staged = SqlIdentifier("costagg_part_" + table.table);
      if (staged_.insert(table.table).second) {
        engine.Execute("CREATE OR REPLACE TEMP TABLE " + staged + " AS " + table.rows_sql, table.table,
                       table.params);
      } else {
        engine.Execute("INSERT INTO " + staged + " BY NAME " + table.rows_sql, table.table, table.params);
      }
    }
  }

  std::vector<TableCount> Finish(Engine& engine, const std::vector<TableRows>& last_part) override {
    Add(engine, last_part);
    // One transaction at the end: the merges' rows are still in the engine, the parts' rows staged.
    for (auto& scope : writes_.replaces) {
      scope.rows_sql = staged_.count(scope.table)
                           ? "SELECT * FROM " + SqlIdentifier("costagg_part_" + scope.table)
                           : "SELECT 0 AS costagg_no_rows WHERE false";
      scope.params.clear();
    }
    return db_.Write(engine, writes_);
  }

 private:
  KokuDatabase& db_;
  WriteSet writes_;
  std::set<std::string> staged_;
};

/// The reader of a DuckDB output: its database's Fetch, which only names the query (the engine runs it when
/// it reads the rows), so it needs no session of its own.
class DuckDbReader : public RowReader {
 public:
  explicit DuckDbReader(RowReader& db) : db_(db) {}

  std::unique_ptr<FetchedRows> Fetch(const std::string& what, const std::vector<LoadColumn>& columns,
                                     const std::string& select) override {
    return db_.Fetch(what, columns, select);
  }

 private:
  RowReader& db_;
};

class DuckDbKokuDatabase : public KokuDatabase {
 public:
  DuckDbKokuDatabase(Engine& engine, std::string file, std::string schema)
      : engine_(engine), file_(std::move(file)), schema_(std::move(schema)) {
    prefix_ = SqlIdentifier(kDuckDbOutputName) + "." + SqlIdentifier(schema_);
  }

  std::string Describe() const override { return "duckdb " + file_; }

  /// The file is the lock: DuckDB lets one process open it for writing. A file another process holds is tried
  /// again every 200 ms until `wait` has passed.
  void Lock(const std::string& key, const std::string& what, std::chrono::seconds wait) override {
    (void)key;
    auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      try {
        AttachDuckDbOutput(engine_, file_);
        break;
      } catch (const Error& e) {
        if (std::string(e.what()).find("Could not set lock") == std::string::npos) throw;
        if (std::chrono::steady_clock::now() >= deadline) {
          throw Error(ErrorKind::kLockBusy, "another process holds " + file_ + " (the lock of " + what +
                                                "; waited " + std::to_string(wait.count()) +
                                                " s, --lock-wait)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
    if (engine_.QueryInt(
            "SELECT count(*) FROM duckdb_schemas() WHERE database_name = $db AND schema_name = $schema",
            "look up schema", {{"db", std::string(kDuckDbOutputName)}, {"schema", schema_}}) == 0) {
      throw DataError(file_ + ": schema " + schema_ +
                      " does not exist: run costagg init-db --output duckdb:" + file_);
    }
  }

  int64_t Execute(const std::string& sql) override {
    // DuckDB answers a data-changing statement with one row: the count of rows it changed.
    DuckTransaction tx(engine_);
    int64_t changed = engine_.QueryInt(Render(sql), "statement on " + schema_);
    tx.Commit();
    return changed;
  }

  std::unique_ptr<FetchedRows> Fetch(const std::string& /*what*/, const std::vector<LoadColumn>& columns,
                                     const std::string& select) override {
    std::string casts;
    for (const auto& [column, type] : columns) {
      casts += (casts.empty() ? "" : ", ") + ("CAST(" + SqlIdentifier(column) + " AS " + type + ") AS ") +
               SqlIdentifier(column);
    }
    // The query itself, run by whatever reads it.
    return std::make_unique<FetchedRows>("(SELECT " + casts + " FROM (" + Render(select) + "))");
  }

  std::unique_ptr<RowReader> OpenReader() override { return std::make_unique<DuckDbReader>(*this); }

  bool HasTable(const std::string& table) override {
    return engine_.QueryInt(
               "SELECT count(*) FROM duckdb_tables() WHERE database_name = $db AND schema_name = $schema"
               " AND table_name = $table",
               "look up " + table,
               {{"db", std::string(kDuckDbOutputName)}, {"schema", schema_}, {"table", table}}) > 0;
  }

  int64_t FindOrCreate(const std::string& table, const ColumnValues& match,
                       const ColumnValues& extra) override {
    std::string qualified = prefix_ + "." + SqlIdentifier(table);
    std::string where;
    for (const auto& [column, value] : match) {
      where += (where.empty() ? "" : " AND ") + SqlIdentifier(column) + " = " + SqlLiteral(value);
    }
    std::string find = "SELECT min(id) FROM " + qualified + " WHERE " + where;
    DuckTransaction tx(engine_);
    int64_t id = engine_.QueryInt(find, "read " + table, {}, 0);
    if (id == 0) {
      std::string columns = "id", values = "(SELECT coalesce(max(id), 0) + 1 FROM " + qualified + ")";
      for (const auto* list : {&match, &extra}) {
        for (const auto& [column, value] : *list) {
          columns += ", " + SqlIdentifier(column);
          values += ", " + SqlLiteral(value);
        }
      }
      engine_.Execute("INSERT INTO " + qualified + " (" + columns + ") VALUES (" + values + ")",
                      "add a row to " + table);
      id = engine_.QueryInt(find, "read " + table, {}, 0);
    }
    tx.Commit();
    return id;
  }

  void EnsureMonthlyPartition(const std::string&, int, int) override {}

  std::unique_ptr<PartWrite> StartWrite(Engine& engine, const WriteSet& writes) override {
    (void)engine;
    return std::make_unique<DuckDbPartWrite>(*this, writes);
  }

  std::vector<TableCount> Write(Engine& engine, const WriteSet& writes) override {
    std::vector<TableCount> counts;
    DuckTransaction tx(engine);
    for (const auto& merge : writes.merges) {
      Stage(engine, merge.rows_sql, merge.table, merge.params);
      std::vector<std::string> columns;
      for (const auto& batch :
           engine.QueryAll("SELECT column_name FROM duckdb_columns() WHERE database_name = 'temp'"
                           " AND table_name = 'costagg_staged_rows' ORDER BY column_index",
                           "staged columns")) {
        for (size_t r = 0; r < batch.rows; ++r) columns.push_back(batch.columns[0].texts[r]);
      }
      std::string staged = "(SELECT " + StagedProjection(merge.table) + " FROM costagg_staged_rows)";
      for (const auto& sql : MergeStatements(merge, T(merge.table), staged, columns, SqlIdentifier)) {
        engine.Execute(sql, "merge rows into " + merge.table);
      }
    }
    for (const auto& write : writes.replaces) {
      std::string where = Render(write.delete_where);
      TableCount count{write.table, 0, 0};
      count.deleted = engine.QueryInt("SELECT count(*) FROM " + T(write.table) + " WHERE " + where,
                                      "count " + write.table);
      engine.Execute("DELETE FROM " + T(write.table) + " WHERE " + where, "delete from " + write.table);
      Stage(engine, write.rows_sql, write.table, write.params);
      count.inserted = engine.QueryInt("SELECT count(*) FROM costagg_staged_rows", "count " + write.table);
      if (count.inserted > 0) {
        engine.Execute("INSERT INTO " + T(write.table) + " BY NAME SELECT " + StagedProjection(write.table) +
                           " FROM costagg_staged_rows",
                       "insert into " + write.table);
      }
      counts.push_back(count);
    }
    for (const auto& statement : writes.statements)
      engine.Execute(Render(statement), "statement on " + schema_);
    tx.Commit();
    engine.Execute("DROP TABLE IF EXISTS costagg_staged_rows", "drop staged rows");
    return counts;
  }

 private:
  std::string T(const std::string& table) const { return prefix_ + "." + SqlIdentifier(table); }

  /// The rows of `sql` as the temp table costagg_staged_rows.
  void Stage(Engine& engine, const std::string& sql, const std::string& table, const SqlParams& params) {
    engine.Execute("CREATE OR REPLACE TEMP TABLE costagg_staged_rows AS " + sql, table, params);
  }

  std::string Render(const std::string& sql) const {
    return RenderSql(sql, {{"schema", prefix_}}, "query on " + schema_);
  }

  /// The staged rows' columns as a select list for `table`: a column the table holds as DECIMAL goes through
  /// its shortest text, rounded half up into the DECIMAL (Trino's rounding); one it holds as VARCHAR[] comes
  /// as a JSON array of strings (as for PostgreSQL's text[]); the others as they are.
  std::string StagedProjection(const std::string& table) {
    auto batches = engine_.QueryAll(
        "SELECT s.column_name, t.data_type FROM duckdb_columns() AS s LEFT JOIN duckdb_columns() AS t"
        " ON t.column_name = s.column_name AND t.database_name = $db AND t.schema_name = $schema"
        " AND t.table_name = $table AND (t.data_type LIKE 'DECIMAL%' OR t.data_type = 'VARCHAR[]')"
        " WHERE s.database_name = 'temp' AND s.table_name = 'costagg_staged_rows' ORDER BY s.column_index",
        "read columns of " + table,
        {{"db", std::string(kDuckDbOutputName)}, {"schema", schema_}, {"table", table}});
    std::string projection;
    for (const auto& batch : batches) {
      for (size_t r = 0; r < batch.rows; ++r) {
        std::string column = SqlIdentifier(batch.columns[0].texts[r]);
        projection += projection.empty() ? "" : ", ";
        if (batch.columns[1].IsNull(r)) {
          projection += column;
        } else if (batch.columns[1].texts[r] == "VARCHAR[]") {
          projection += "json_transform(" + column + ", '[\"VARCHAR\"]') AS " + column;
        } else {
          projection +=
              "CAST(CAST(" + column + " AS VARCHAR) AS " + batch.columns[1].texts[r] + ") AS " + column;
        }
      }
    }
    return projection;
  }

  Engine& engine_;
  std::string file_;
  std::string schema_;
  std::string prefix_;
};

}  // namespace

void InitDuckDbOutput(Engine& engine, const std::string& file, const std::string& schema) {
  AttachDuckDbOutput(engine, file);
  std::string qualified = SqlIdentifier(kDuckDbOutputName) + "." + SqlIdentifier(schema);
  engine.Execute("CREATE SCHEMA IF NOT EXISTS " + qualified, "create schema " + schema);
  for (const auto& [path, text] : SqlFolder("duckdb/")) {
    engine.Execute(RenderSql(text, {{"schema", qualified}}, "sql/" + path), "sql/" + path);
  }
}

void AttachDuckDbOutput(Engine& engine, const std::string& file) {
  if (file.empty()) throw UsageError("--output duckdb:FILE names no file");
  engine.Execute("ATTACH IF NOT EXISTS " + SqlLiteral(file) + " AS " + kDuckDbOutputName, "open " + file);
}

DuckTransaction::DuckTransaction(Engine& engine) : engine_(engine) {
  engine_.Execute("BEGIN TRANSACTION", "begin");
}

DuckTransaction::~DuckTransaction() {
  if (!done_) engine_.RollbackQuietly();
}

void DuckTransaction::Commit() {
  engine_.Execute("COMMIT", "commit");
  done_ = true;
}

std::unique_ptr<KokuDatabase> NewDuckDbKokuDatabase(Engine& engine, const std::string& file,
                                                    const std::string& schema) {
  return std::make_unique<DuckDbKokuDatabase>(engine, file, schema);
}

}  // namespace costagg
