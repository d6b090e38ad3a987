#pragma once
/// Koku's database as a summary mode sees it, whichever output holds it: PostgreSQL (the product) or the
/// embedded DuckDB file (--output duckdb:FILE). A mode is its SQL folder and the order of its steps; around
/// them it needs only these verbs: take the run's lock, read a reference table into the engine, find or
/// create a row Koku would already have (a bill, an account alias), make a month's partitions, and replace
/// the rows of a scope in several tables from DuckDB queries in one transaction.
///
/// SQL given to Load, FindOrCreate and the delete conditions is written once for both databases: plain SQL
/// (CAST(x AS TEXT), no :: casts, no PostgreSQL functions) with `{{schema}}` standing for the tenant schema
/// and values quoted with SqlLiteral.

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/run_report.h"

namespace costagg {

/// A column of a table loaded into DuckDB: name and DuckDB type.
using LoadColumn = std::pair<std::string, std::string>;

/// Rows read from the output database (KokuDatabase::Fetch). A backend whose rows live in a resource of
/// its own (PostgreSQL's CSV file) derives from it to release that resource with the rows.
class FetchedRows {
 public:
  explicit FetchedRows(std::string relation) : relation_(std::move(relation)) {}
  virtual ~FetchedRows() = default;
  FetchedRows(const FetchedRows&) = delete;
  FetchedRows& operator=(const FetchedRows&) = delete;
  /// SQL the engine reads after FROM.
  const std::string& Relation() const { return relation_; }

 private:
  std::string relation_;
};

/// Column = value pairs (values as text; the database casts them to the column's type).
using ColumnValues = std::vector<std::pair<std::string, std::string>>;

/// One table's part of a replace: delete `delete_where` (SQL over the table; never empty), then insert the
/// rows of the DuckDB query `rows_sql` (columns matched to the table's by name; numbers as doubles, rounded
/// into the column's numeric scale as Trino's insert rounds).
struct TableReplace {
  std::string table;
  std::string delete_where;
  std::string rows_sql;
  SqlParams params;
};

/// One table's part of a write that keeps existing rows (Koku's insert-or-fill rule for its topology tables):
/// a row of `rows_sql` matching an existing row on every `key_columns` value (NULL matches NULL) overwrites
/// that row's `fill_columns` when any of them is NULL or ''; a row matching none is inserted, `new_id_column`
/// (if set) getting a new random uuid. The query's columns are table columns.
struct TableMerge {
  std::string table;
  std::vector<std::string> key_columns;
  std::vector<std::string> fill_columns;
  std::string new_id_column;
  std::string rows_sql;
  SqlParams params;
};

/// Everything one run writes, in this order and in ONE transaction: the merges, the replaces, then
/// `statements` (plain SQL with {{schema}}, e.g. marking a report period summarised).
struct WriteSet {
  std::vector<TableMerge> merges;
  std::vector<TableReplace> replaces;
  std::vector<std::string> statements;
};

/// The rows of one table for a part of a PartWrite: a DuckDB query, columns matched to the table's by name.
struct TableRows {
  std::string table;
  std::string rows_sql;
  SqlParams params;
};

/// A write whose rows arrive in parts (a summary computed chunk by chunk), in ONE transaction: the scopes are
/// deleted and the merges applied first, each Add inserts a part's rows, Finish runs the statements and
/// commits; destroying it unfinished rolls everything back. On PostgreSQL, Add reads the part's rows at once
/// and a background thread copies them while the caller computes the next part (one part in flight); that
/// thread also does the deletes and merges at the start, on the KokuDatabase's connection, so the
/// KokuDatabase is not to be used until Finish returns.
class PartWrite {
 public:
  virtual ~PartWrite() = default;
  /// Inserts the rows of every query of `part`. Rethrows a failure of the previous part's copy.
  virtual void Add(Engine& engine, const std::vector<TableRows>& part) = 0;
  /// Inserts the last part (streamed straight from DuckDB: nothing is left to compute meanwhile), waits for
  /// the copies, runs the statements, commits. Returns one count per scope.
  virtual std::vector<TableCount> Finish(Engine& engine, const std::vector<TableRows>& last_part) = 0;
};

/// Reads rows of the output database for the engine.
class RowReader {
 public:
  virtual ~RowReader() = default;

  /// Runs `select` on the database and returns its rows with `columns` for the engine to read (Relation()),
  /// until the result is destroyed: for PostgreSQL a CSV file fetched with COPY, for DuckDB the query itself.
  /// For readers that stream the rows on (e.g. into a table) without a copy in between. Uses only the
  /// database connection, never the engine, so it may run on another thread while the engine works, as long
  /// as nothing else uses this object meanwhile. `what` names the rows in errors.
  virtual std::unique_ptr<FetchedRows> Fetch(const std::string& what, const std::vector<LoadColumn>& columns,
                                             const std::string& select) = 0;

  /// Asks a Fetch running on another thread to stop soon; it then throws. May be called from any thread, also
  /// when no Fetch runs (then it does nothing, and a Fetch started later is not affected). Readers whose
  /// Fetch returns at once (DuckDB's, a lazy query) need not override it.
  virtual void Cancel() {}
};

/// The tenant schema of one output.
class KokuDatabase : public RowReader {
 public:
  /// "postgresql user@host:port/db" or "duckdb FILE", for messages.
  virtual std::string Describe() const = 0;

  /// Takes the run's lock for `key` (PostgreSQL: costagg's advisory lock; DuckDB: the file is the lock),
  /// waiting up to `wait`. Throws ErrorKind::kLockBusy naming `what` when another run holds it. Fails with
  /// DataError when the schema does not exist.
  virtual void Lock(const std::string& key, const std::string& what, std::chrono::seconds wait) = 0;

  /// Runs one statement (plain SQL with {{schema}}) in its own short transaction; returns the rows it
  /// changed.
  virtual int64_t Execute(const std::string& sql) = 0;

  /// A RowReader on a session of its own (PostgreSQL: a second connection to the same database; DuckDB:
  /// this file, whose Fetch only names the query), so that rows can be fetched on another thread while this
  /// object writes: a PartWrite holds this object's connection until Finish. It must not outlive this object.
  virtual std::unique_ptr<RowReader> OpenReader() = 0;

  /// Runs `select` on the database and stores its rows as DuckDB temp table `name` with `columns`.
  void Load(Engine& engine, const std::string& name, const std::vector<LoadColumn>& columns,
            const std::string& select);

  /// True when the tenant schema has `table` (Koku tables costagg's init-db does not create, e.g. tag
  /// catalogues).
  virtual bool HasTable(const std::string& table) = 0;

  /// The id of the row of `table` whose `match` columns equal the values (the lowest id when several), after
  /// inserting one with `match` and `extra` when there is none. Its own short transaction.
  virtual int64_t FindOrCreate(const std::string& table, const ColumnValues& match,
                               const ColumnValues& extra) = 0;

  /// The monthly partition of a partitioned table, created when missing (no-op elsewhere).
  virtual void EnsureMonthlyPartition(const std::string& table, int year, int month) = 0;

  /// Starts a PartWrite replacing the rows of `writes.replaces` (their rows_sql is not used: the rows come by
  /// Add), with `writes.merges` applied before the first part and `writes.statements` run before the commit.
  virtual std::unique_ptr<PartWrite> StartWrite(Engine& engine, const WriteSet& writes) = 0;

  /// Every write of `writes` in ONE transaction: all of them or none. Returns the counts of the replaces.
  virtual std::vector<TableCount> Write(Engine& engine, const WriteSet& writes) = 0;
};

/// The two statements of a TableMerge from the staged rows (`stage`, holding `columns`) into `target`: the
/// UPDATE that fills matching rows, the INSERT of the rest. Plain SQL for both databases; `quote` quotes
/// identifiers.
std::vector<std::string> MergeStatements(const TableMerge& merge, const std::string& target,
                                         const std::string& stage, const std::vector<std::string>& columns,
                                         std::string (*quote)(const std::string&));

/// The database of `options.output` (postgresql://... or duckdb:FILE) for `options.schema`.
std::unique_ptr<KokuDatabase> OpenKokuDatabase(const Options& options, Engine& engine);

}  // namespace costagg
