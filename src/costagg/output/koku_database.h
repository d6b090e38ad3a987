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

/// The tenant schema of one output.
class KokuDatabase {
 public:
  virtual ~KokuDatabase() = default;

  /// "postgresql user@host:port/db" or "duckdb FILE", for messages.
  virtual std::string Describe() const = 0;

  /// Takes the run's lock for `key` (PostgreSQL: costagg's advisory lock; DuckDB: the file is the lock),
  /// waiting up to `wait`. Throws ErrorKind::kLockBusy when another run holds it. Fails with DataError when
  /// the schema does not exist.
  virtual void Lock(const std::string& key, std::chrono::seconds wait) = 0;

  /// Runs `select` on the database and stores its rows as DuckDB temp table `name` with `columns`.
  virtual void Load(Engine& engine, const std::string& name, const std::vector<LoadColumn>& columns,
                    const std::string& select) = 0;

  /// True when the tenant schema has `table` (Koku tables costagg's init-db does not create, e.g. tag
  /// catalogues).
  virtual bool HasTable(const std::string& table) = 0;

  /// The id of the row of `table` whose `match` columns equal the values (the lowest id when several), after
  /// inserting one with `match` and `extra` when there is none. Its own short transaction.
  virtual int64_t FindOrCreate(const std::string& table, const ColumnValues& match,
                               const ColumnValues& extra) = 0;

  /// The monthly partition of a partitioned table, created when missing (no-op elsewhere).
  virtual void EnsureMonthlyPartition(const std::string& table, int year, int month) = 0;

  /// Every write in order in ONE transaction: all of them or none.
  virtual std::vector<TableCount> Replace(Engine& engine, const std::vector<TableReplace>& writes) = 0;
};

/// The database of `options.output` (postgresql://... or duckdb:FILE) for `options.schema`.
std::unique_ptr<KokuDatabase> OpenKokuDatabase(const Options& options, Engine& engine);

}  // namespace costagg
