#pragma once
/// Transactional replace: delete the rows of a scope (a source and a date range) and COPY the new rows in,
/// all in one transaction, so a failure at any point leaves the old rows as they were
/// (koku_integration.md §3.4 "Atomicity").

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "costagg/output/postgres/copy_writer.h"
#include "costagg/output/postgres/pg_connection.h"
#include "costagg/rows.h"

namespace costagg {

/// What one table write did.
struct ReplaceCounts {
  int64_t deleted = 0;
  int64_t inserted = 0;
};

/// One table's part of a replace.
struct TableWrite {
  std::string schema;
  std::string table;
  /// The rows to delete, as an SQL condition over the table with $1.. placeholders, e.g.
  /// "source_uuid = $1 AND usage_start >= $2 AND usage_start <= $3". "false" deletes nothing; empty is
  /// refused (an accidental DELETE of the whole table is worse than an error).
  std::string delete_where;
  PgParams delete_params;
  /// Opens the rows to insert. Called once, after the DELETE, just before this table's COPY: a DuckDB result
  /// streams only while no other statement runs, so the sources are opened one at a time.
  std::function<std::unique_ptr<RowSource>()> open_rows;
};

/// BEGIN; DELETE FROM schema.table WHERE delete_where; COPY `rows` in; COMMIT. Any failure rolls back and
/// rethrows, leaving the old rows.
ReplaceCounts ReplaceRows(PgConnection& conn, const std::string& schema, const std::string& table,
                          const std::string& delete_where, const PgParams& delete_params, RowSource& rows,
                          const CopyOptions& options = {});

/// Work done inside ReplaceTables' transaction: before the first write and after the last.
struct ReplaceHooks {
  std::function<void()> before;
  std::function<void()> after;
};

/// Every write in `writes`, in order, in ONE transaction (a summary run replaces several tables atomically),
/// with `hooks` run in the same transaction. Every target table is read from the catalog before the
/// transaction starts. Returns one ReplaceCounts per write. Any failure rolls all of them back and rethrows.
std::vector<ReplaceCounts> ReplaceTables(PgConnection& conn, const std::vector<TableWrite>& writes,
                                         const CopyOptions& options = {}, const ReplaceHooks& hooks = {});

}  // namespace costagg
