#include "costagg/output/postgres/replace.h"

#include <spdlog/spdlog.h>

#include "costagg/error.h"
#include "costagg/output/postgres/pg_catalog.h"

namespace costagg {
namespace {

/// Deletes the scope's old rows inside the caller's transaction.
int64_t DeleteScope(PgConnection& conn, const PgTable& table, const std::string& delete_where,
                    const PgParams& delete_params) {
  return conn.Execute("DELETE FROM " + QualifiedName(table.schema, table.name) + " WHERE " + delete_where,
                      delete_params, "delete old rows of " + table.QualifiedName());
}

void Log(const PgTable& table, const ReplaceCounts& counts) {
  spdlog::debug("{}: deleted {} rows, inserted {}", table.QualifiedName(), counts.deleted, counts.inserted);
}

void RequireCondition(const std::string& schema, const std::string& table, const std::string& delete_where) {
  if (delete_where.find_first_not_of(" \t\n") == std::string::npos) {
    throw RuntimeError("replace rows of " + schema + "." + table +
                       ": no delete condition given (use \"false\" to delete nothing)");
  }
}

}  // namespace

ReplaceCounts ReplaceRows(PgConnection& conn, const std::string& schema, const std::string& table,
                          const std::string& delete_where, const PgParams& delete_params, RowSource& rows,
                          const CopyOptions& options) {
  RequireCondition(schema, table, delete_where);
  PgTable target = ReadTable(conn, schema, table);
  PgTransaction transaction(conn);
  ReplaceCounts counts;
  counts.deleted = DeleteScope(conn, target, delete_where, delete_params);
  counts.inserted = CopyRows(conn, target, rows, options);
  transaction.Commit();
  Log(target, counts);
  return counts;
}

std::vector<ReplaceCounts> ReplaceTables(PgConnection& conn, const std::vector<TableWrite>& writes,
                                         const CopyOptions& options, const ReplaceHooks& hooks) {
  std::vector<PgTable> targets;
  for (const auto& write : writes) {
    RequireCondition(write.schema, write.table, write.delete_where);
    if (!write.open_rows)
      throw RuntimeError("replace rows of " + write.schema + "." + write.table + ": no rows");
    targets.push_back(ReadTable(conn, write.schema, write.table));
  }
  std::vector<ReplaceCounts> counts;
  PgTransaction transaction(conn);
  if (hooks.before) hooks.before();
  for (size_t i = 0; i < writes.size(); ++i) {
    // Delete before opening the source: a source may be a streaming query that must not share its turn.
    const TableWrite& write = writes[i];
    ReplaceCounts c;
    c.deleted = DeleteScope(conn, targets[i], write.delete_where, write.delete_params);
    std::unique_ptr<RowSource> rows = write.open_rows();
    c.inserted = CopyRows(conn, targets[i], *rows, options);
    counts.push_back(c);
  }
  if (hooks.after) hooks.after();
  transaction.Commit();
  for (size_t i = 0; i < writes.size(); ++i) Log(targets[i], counts[i]);
  return counts;
}

}  // namespace costagg
