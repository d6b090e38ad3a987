#pragma once
/// A table's rows as comparable text, read from PostgreSQL or from a DuckDB output file, so a test can check
/// that both outputs hold the same rows. Every column but the ones skipped is read as text and made canonical
/// by its PostgreSQL type: numbers are compared as doubles with a relative tolerance, jsonb is re-serialised,
/// text[] is sorted (Koku leaves the element order of resource_ids unspecified). Rows are sorted.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "costagg/output/postgres/pg_connection.h"

namespace costagg::testing {

/// How a column is compared, from its PostgreSQL type.
enum class ColumnKind {
  kText,
  kNumeric,  ///< numeric, double precision, integer: as doubles
  kJson,     ///< jsonb: parsed and re-serialised
  kArray,    ///< text[]: read as a JSON array, sorted
};

/// Canonical rows of one table, sorted.
struct TableRows {
  std::vector<std::string> columns;
  std::vector<ColumnKind> kinds;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

/// Rows of schema.table in PostgreSQL, every column except uuid, id and `skip`.
TableRows ReadPgTable(PgConnection& conn, const std::string& schema, const std::string& table,
                      const std::set<std::string>& skip = {});

/// Rows of the same table and columns (`like`, from ReadPgTable) in the DuckDB file `file`.
TableRows ReadDuckDbTable(const std::string& file, const std::string& schema, const std::string& table,
                          const TableRows& like);

/// GoogleTest expectations that both hold the same rows (numbers within 1e-9 relative).
void ExpectSameRows(const TableRows& pg, const TableRows& duck);

}  // namespace costagg::testing
