#pragma once
/// Turns the parquet objects under a Koku prefix into a DuckDB table or view with exactly the columns and
/// types a summary step expects: present columns are cast, optional ones that older operators do not send are
/// NULL, and a missing required column stops the run with a message naming the objects and the column.

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
};

/// What to build.
struct ParquetTableSpec {
  std::string name;                     ///< DuckDB table or view name
  std::string prefix;                   ///< key prefix in the store (Koku layout)
  std::vector<ExpectedColumn> columns;  ///< the projection, in order
  std::string where;                    ///< optional SQL filter over the projected columns
  bool materialize = true;              ///< temp table (read several times) or view (read once)
};

/// What was found.
struct ParquetTableInfo {
  int64_t files = 0;
  int64_t bytes = 0;
};

/// Lists the objects under spec.prefix ending in .parquet and creates the table or view. With no objects the
/// table is empty (with the expected columns).
ParquetTableInfo CreateParquetTable(Engine& engine, ObjectStore& store, const ParquetTableSpec& spec);

}  // namespace costagg
