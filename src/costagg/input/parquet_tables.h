#pragma once
/// Turns the parquet objects under a Koku prefix into a DuckDB table or view with exactly the columns and
/// types a summary step expects: present columns are cast, optional ones that older operators do not send are
/// NULL. Input Koku never writes is refused before anything is computed, with one line naming the object and
/// the column: a missing required column, a column of another type, a NULL in a required column (Koku's
/// ingest writes '' and 0.0, never NULL), and label text that is not JSON.

#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/input/object_store.h"

namespace costagg {

/// One column a step reads.
struct ExpectedColumn {
  std::string name;
  std::string duckdb_type;  ///< e.g. DOUBLE, VARCHAR, TIMESTAMP
  bool required = true;     ///< false: NULL when the files lack it (newer-operator columns)
  bool json = false;        ///< label text: must parse as JSON when not NULL (NULL labels are quirk Q8)
};

/// What to build.
struct ParquetTableSpec {
  std::string name;                     ///< DuckDB table or view name
  std::string prefix;                   ///< key prefix in the store (Koku layout)
  std::vector<ExpectedColumn> columns;  ///< the projection, in order
  /// Optional SQL filter. It is applied to the parquet's own columns, under their names, before the casts, so
  /// that a comparison of a time column with a DATE constant reaches the parquet reader (row groups skipped);
  /// write it so that it means the same on the stored and the cast type (dates, not text). The checks read
  /// only the rows it keeps.
  std::string where;
  bool materialize = true;  ///< temp table (read several times) or view (read once)
};

/// What was found.
struct ParquetTableInfo {
  int64_t files = 0;
  int64_t bytes = 0;
  /// The checked projection over the objects without `where`: `SELECT <casts> FROM read_parquet(...)`, for a
  /// caller that reads other slices of the same objects (append ` WHERE <filter on the parquet's columns>`).
  std::string projection_sql;
};

/// Lists the objects under spec.prefix ending in .parquet and creates the table or view. With no objects the
/// table is empty (with the expected columns).
ParquetTableInfo CreateParquetTable(Engine& engine, ObjectStore& store, const ParquetTableSpec& spec);

}  // namespace costagg
