#include "costagg/output/postgres/pg_koku_database.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <utility>

#include "costagg/error.h"
#include "costagg/modes/day_range.h"
#include "costagg/output/postgres/copy_writer.h"
#include "costagg/output/postgres/pg_catalog.h"
#include "costagg/output/postgres/replace.h"
#include "costagg/run_directory.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

/// PartWrite on PostgreSQL: the transaction at the start; the scopes' DELETEs and the merges are the writer
/// thread's first job, so that the server does them while the caller computes the first part. Each part's
/// rows (and the merges' rows) are computed into tables of the engine's database (columnar, and spilled to
/// disk under the memory limit) on the caller's thread; the writer thread streams them into COPY through its
/// own DuckDB connection while the caller computes on.
class PgPartWrite : public PartWrite {
 public:
  /// Applies a merge whose rows `rows` gives (on the writer thread).
  using MergeFn = std::function<void(const TableMerge&, RowSource& rows)>;

  PgPartWrite(PgConnection& conn, Engine& engine, const std::string& schema, const WriteSet& writes,
              std::function<std::string(const std::string&)> render, MergeFn merge)
      : conn_(conn), reader_(engine.NewReader()), statements_(writes.statements), render_(std::move(render)) {
    std::vector<std::string> deletes;
    for (const auto& scope : writes.replaces) {
      if (scope.delete_where.find_first_not_of(" \t\n") == std::string::npos) {
        throw RuntimeError("replace rows of " + schema + "." + scope.table + ": no delete condition given");
      }
      targets_.push_back(ReadTable(conn_, schema, scope.table));
      counts_.push_back({scope.table, 0, 0});
      deletes.push_back("DELETE FROM " + QualifiedName(schema, scope.table) + " WHERE " +
                        render_(scope.delete_where));
    }
    std::vector<std::pair<TableMerge, std::string>> merges;
    for (const auto& each : writes.merges) {
      std::string name = "costagg_merge_" + std::to_string(merges.size());
      engine.Execute("CREATE OR REPLACE TABLE " + name + " AS " + each.rows_sql, each.table, each.params);
      merges.emplace_back(each, name);
      in_flight_.emplace_back(0, name);
    }
    tx_ = std::make_unique<PgTransaction>(conn_);
    writer_ = std::thread([this, deletes, merges, merge = std::move(merge)] {
      try {
        for (size_t i = 0; i < deletes.size(); ++i) {
          counts_[i].deleted = conn_.Execute(deletes[i], "delete old rows of " + targets_[i].QualifiedName());
        }
        for (const auto& [each, name] : merges) {
          auto rows = reader_->Query("SELECT * FROM " + name, "rows of " + each.table);
          merge(each, *rows);
        }
      } catch (...) {
        failure_ = std::current_exception();
      }
    });
  }

  ~PgPartWrite() override {
    if (writer_.joinable()) writer_.join();
    // tx_ rolls back unless Finish committed.
  }

  void Add(Engine& engine, const std::vector<TableRows>& part) override {
    std::vector<std::pair<size_t, std::string>> tables;
    for (const auto& rows : part) {
      std::string name = "costagg_part_" + std::to_string(parts_) + "_" + std::to_string(tables.size());
      engine.Execute("CREATE OR REPLACE TABLE " + name + " AS " + rows.rows_sql, rows.table, rows.params);
      tables.emplace_back(Target(rows.table), name);
    }
    ++parts_;
    Wait();
    DropFinished(engine);
    in_flight_ = tables;
    writer_ = std::thread([this, tables] {
      try {
        for (const auto& [target, name] : tables) {
          auto source = reader_->Query("SELECT * FROM " + name, "rows of " + counts_[target].table);
          counts_[target].inserted += CopyRows(conn_, targets_[target], *source);
        }
      } catch (...) {
        failure_ = std::current_exception();
      }
    });
  }

  std::vector<TableCount> Finish(Engine& engine, const std::vector<TableRows>& last_part) override {
    Wait();
    DropFinished(engine);
    for (const auto& rows : last_part) {
      size_t target = Target(rows.table);
      auto source = engine.Query(rows.rows_sql, rows.table, rows.params);
      counts_[target].inserted += CopyRows(conn_, targets_[target], *source);
    }
    for (const auto& statement : statements_) conn_.Execute(render_(statement), "statement");
    tx_->Commit();
    return counts_;
  }

 private:
  size_t Target(const std::string& table) const {
    for (size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i].table == table) return i;
    }
    throw RuntimeError("rows for " + table + ", which the write does not replace");
  }

  /// Waits for the part in flight and rethrows its failure.
  void Wait() {
    if (writer_.joinable()) writer_.join();
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

  /// Drops the tables of the part the writer has copied.
  void DropFinished(Engine& engine) {
    for (const auto& [target, name] : in_flight_)
      engine.Execute("DROP TABLE IF EXISTS " + name, "drop " + name);
    in_flight_.clear();
  }

  PgConnection& conn_;
  std::unique_ptr<Engine> reader_;
  std::vector<std::string> statements_;
  std::function<std::string(const std::string&)> render_;
  std::vector<PgTable> targets_;
  std::vector<TableCount> counts_;
  std::unique_ptr<PgTransaction> tx_;
  std::thread writer_;
  std::exception_ptr failure_;
  std::vector<std::pair<size_t, std::string>> in_flight_;
  int parts_ = 0;
};

/// A file in the run's directory (run_directory.h), removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& stem)
      : path_((RunDirectory() / (stem + "-" + std::to_string(counter_++) + ".csv")).string()) {}
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  static inline std::atomic<int> counter_ = 0;
  std::string path_;
};

/// Fetched rows in a CSV file, removed with them.
class CsvRows : public FetchedRows {
 public:
  CsvRows(std::unique_ptr<TempFile> file, const std::string& relation)
      : FetchedRows(relation), file_(std::move(file)) {}

 private:
  std::unique_ptr<TempFile> file_;
};

class PgKokuDatabase : public KokuDatabase {
 public:
  PgKokuDatabase(std::string conninfo, std::string schema)
      : conninfo_(std::move(conninfo)), conn_(conninfo_), schema_(std::move(schema)) {
    // Load reads dates as text: ISO whatever the server's default style.
    conn_.Execute("SET datestyle TO ISO, YMD", "session settings");
  }

  std::string Describe() const override { return "postgresql " + conn_.target(); }

  void Lock(const std::string& key, const std::string& what, std::chrono::seconds wait) override {
    if (conn_.Query("SELECT count(*) FROM pg_namespace WHERE nspname = $1", {schema_}, "look up schema")
            .Scalar() == "0") {
      throw DataError("schema " + schema_ + " does not exist on " + conn_.target() +
                      ": check --schema, or create Koku's tables with costagg init-db");
    }
    if (!conn_.LockSource(schema_, key, std::chrono::duration_cast<std::chrono::milliseconds>(wait))) {
      throw Error(ErrorKind::kLockBusy, "another costagg run holds the lock of " + what + " in schema " +
                                            schema_ + " (waited " + std::to_string(wait.count()) +
                                            " s, --lock-wait)");
    }
  }

  int64_t Execute(const std::string& sql) override {
    PgTransaction tx(conn_);
    int64_t changed = conn_.Execute(Render(sql), "statement on " + schema_);
    tx.Commit();
    return changed;
  }

  /// The rows go through a CSV file: PostgreSQL's COPY ... TO STDOUT writes it, DuckDB's CSV reader reads it
  /// with the column types, both at their own speed (NULL is an unquoted empty field, '' a quoted one).
  std::unique_ptr<FetchedRows> Fetch(const std::string& what, const std::vector<LoadColumn>& columns,
                                     const std::string& select) override {
    auto file = std::make_unique<TempFile>("load-" + what);
    {
      std::ofstream out(file->path(), std::ios::binary);
      conn_.CopyOutTo(
          "COPY (" + Render(select) + ") TO STDOUT WITH (FORMAT csv)",
          [&out](std::string_view chunk) {
            out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          },
          "read " + what);
      if (!out.flush()) throw RuntimeError("read " + what + ": cannot write " + file->path());
    }
    std::string types;
    for (const auto& [column, type] : columns) {
      types += (types.empty() ? "" : ", ") + SqlLiteral(column) + ": " + SqlLiteral(type);
    }
    std::string relation = "read_csv(" + SqlLiteral(file->path()) + ", columns = {" + types +
                           "}, header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',"
                           " nullstr = '', allow_quoted_nulls = false)";
    return std::make_unique<CsvRows>(std::move(file), relation);
  }

  void Cancel() override { conn_.Cancel(); }

  /// A second connection with the same conninfo (and so the same user and settings).
  std::unique_ptr<RowReader> OpenReader() override {
    return std::make_unique<PgKokuDatabase>(conninfo_, schema_);
  }

  bool HasTable(const std::string& table) override {
    return conn_
               .Query(
                   "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                   " WHERE n.nspname = $1 AND c.relname = $2",
                   {schema_, table}, "look up " + table)
               .Scalar() != "0";
  }

  int64_t FindOrCreate(const std::string& table, const ColumnValues& match,
                       const ColumnValues& extra) override {
    PgParams params;
    std::string where;
    for (const auto& [column, value] : match) {
      params.push_back(value);
      where +=
          (where.empty() ? "" : " AND ") + QuoteIdentifier(column) + " = $" + std::to_string(params.size());
    }
    std::string qualified = QualifiedName(schema_, table);
    PgTransaction tx(conn_);
    PgResult found =
        conn_.Query("SELECT id::text FROM " + qualified + " WHERE " + where + " ORDER BY id LIMIT 1", params,
                    "read " + table);
    if (found.rows.empty()) {
      std::string columns, values;
      PgParams all = params;
      for (const auto& [column, value] : match) {
        columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(column);
      }
      for (const auto& [column, value] : extra) {
        columns += ", " + QuoteIdentifier(column);
        all.push_back(value);
      }
      for (size_t i = 1; i <= all.size(); ++i) values += (i > 1 ? ", $" : "$") + std::to_string(i);
      found = conn_.Query(
          "INSERT INTO " + qualified + " (" + columns + ") VALUES (" + values + ") RETURNING id::text", all,
          "add a row to " + table);
    }
    tx.Commit();
    return std::stoll(found.Scalar());
  }

  void EnsureMonthlyPartition(const std::string& table, int year, int month) override {
    EnsurePgMonthlyPartition(conn_, schema_, table, year, month);
  }

  std::unique_ptr<PartWrite> StartWrite(Engine& engine, const WriteSet& writes) override {
    return std::make_unique<PgPartWrite>(
        conn_, engine, schema_, writes, [this](const std::string& sql) { return Render(sql); },
        [this](const TableMerge& merge, RowSource& rows) { Merge(merge, rows); });
  }

  std::vector<TableCount> Write(Engine& engine, const WriteSet& writes) override {
    std::vector<TableWrite> pg_writes;
    for (const auto& write : writes.replaces) {
      TableWrite w;
      w.schema = schema_;
      w.table = write.table;
      w.delete_where = Render(write.delete_where);
      w.open_rows = [&engine, &write] { return engine.Query(write.rows_sql, write.table, write.params); };
      pg_writes.push_back(std::move(w));
    }
    ReplaceHooks hooks;
    hooks.before = [&] {
      for (const auto& merge : writes.merges) {
        std::unique_ptr<RowSource> rows = engine.Query(merge.rows_sql, merge.table, merge.params);
        Merge(merge, *rows);
      }
    };
    hooks.after = [&] {
      for (const auto& statement : writes.statements)
        conn_.Execute(Render(statement), "statement on " + schema_);
    };
    std::vector<ReplaceCounts> counts = ReplaceTables(conn_, pg_writes, {}, hooks);
    std::vector<TableCount> tables;
    for (size_t i = 0; i < writes.replaces.size(); ++i) {
      tables.push_back({writes.replaces[i].table, counts[i].deleted, counts[i].inserted});
    }
    return tables;
  }

 private:
  /// TableMerge of `rows` inside the caller's transaction: the rows go by binary COPY into a staging table
  /// shaped like the target (created and dropped in the transaction), then one UPDATE and one INSERT apply
  /// Koku's rule.
  void Merge(const TableMerge& merge, RowSource& rows) {
    std::string target = QualifiedName(schema_, merge.table);
    std::string stage_name = "costagg_stage_" + merge.table;
    std::string stage = QualifiedName(schema_, stage_name);
    conn_.Execute("CREATE TABLE " + stage + " (LIKE " + target + ")", "stage rows for " + merge.table);
    if (!merge.new_id_column.empty()) {
      conn_.Execute(
          "ALTER TABLE " + stage + " ALTER COLUMN " + QuoteIdentifier(merge.new_id_column) + " DROP NOT NULL",
          "stage rows for " + merge.table);
    }
    std::vector<std::string> columns;
    for (const auto& column : rows.columns()) columns.push_back(column.name);
    CopyRows(conn_, ReadTable(conn_, schema_, stage_name), rows);
    for (const auto& sql : MergeStatements(merge, target, stage, columns, QuoteIdentifier)) {
      conn_.Execute(sql, "merge rows into " + merge.table);
    }
    conn_.Execute("DROP TABLE " + stage, "drop staged rows of " + merge.table);
  }

  std::string Render(const std::string& sql) const {
    return RenderSql(sql, {{"schema", QuoteIdentifier(schema_)}}, "query on " + schema_);
  }

  std::string conninfo_;  ///< for OpenReader; never printed (it may hold the password)
  PgConnection conn_;
  std::string schema_;
};

}  // namespace

void EnsurePgMonthlyPartition(PgConnection& conn, const std::string& schema, const std::string& table,
                              int year, int month) {
  PgResult kind = conn.Query(
      "SELECT c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      " WHERE n.nspname = $1 AND c.relname = $2",
      {schema, table}, "read " + table);
  if (kind.rows.empty())
    throw DataError(schema + "." + table + ": table does not exist (run costagg init-db?)");
  if (*kind.rows[0][0] != "p") return;
  char yyyy[16], mm[16];
  std::snprintf(yyyy, sizeof yyyy, "%04d", year);
  std::snprintf(mm, sizeof mm, "%02d", month);
  // Koku's recipe (docs/koku_partitions.md): its own short transaction, before the data transaction.
  PgTransaction tx(conn);
  conn.Execute(RenderSql(SqlFile("schema/partition.sql"),
                         {{"schema", QuoteIdentifier(schema)},
                          {"table", table},
                          {"yyyy", yyyy},
                          {"mm", mm},
                          {"from", MonthStart(year, month)},
                          {"to", NextMonthStart(year, month)}},
                         "sql/schema/partition.sql"),
               "create partition " + table + "_" + yyyy + "_" + mm);
  tx.Commit();
}

std::unique_ptr<KokuDatabase> NewPgKokuDatabase(const std::string& conninfo, const std::string& schema) {
  return std::make_unique<PgKokuDatabase>(conninfo, schema);
}

}  // namespace costagg
