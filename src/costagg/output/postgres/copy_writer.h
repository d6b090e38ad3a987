#pragma once
/// Binary COPY of a RowSource into one PostgreSQL table (duckdb-postgres's postgres_copy_to, plus libpq's
/// rules it skips): the target's columns are checked against the catalog before COPY starts; rows are encoded
/// into ~1 MiB chunks, one PQputCopyData each; any failure aborts the COPY so the server discards it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "costagg/output/postgres/pg_catalog.h"
#include "costagg/output/postgres/pg_encoders.h"
#include "costagg/rows.h"

namespace costagg {

class PgConnection;

/// How a COPY is sent.
struct CopyOptions {
  size_t chunk_bytes = size_t{1} << 20;  ///< bytes buffered per PQputCopyData
};

/// Checks that `source_columns` can be written into `table` and returns one encoder per source column, in
/// source order (the COPY column list is the source's columns; the table's other columns get their
/// defaults). Collects every problem (a column the table lacks, an unsupported type pair, a NOT NULL column
/// without default that the source lacks, a duplicate) and throws one DataError listing them all.
std::vector<FieldEncoder> PlanCopy(const PgTable& table, const std::vector<ColumnInfo>& source_columns);

/// The COPY statement for `source_columns` into `table`.
std::string CopyStatement(const PgTable& table, const std::vector<ColumnInfo>& source_columns);

/// Binary COPY framing: the 19-byte header (signature, flags, extension length), one row (16-bit field count
/// then each field), and the trailer (field count -1).
void AppendCopyHeader(std::string* out);
void AppendCopyRow(const std::vector<FieldEncoder>& encoders, const RowBatch& batch, size_t row,
                   std::string* out);
void AppendCopyTrailer(std::string* out);

/// Copies every row of `rows` into schema.table and returns the number of rows the server stored. Reads the
/// table from the catalog first, so a mismatch fails before any byte is sent. On any failure (a value the
/// encoder refuses, the RowSource throwing, the server rejecting a row) the COPY is aborted, so the server
/// stores none of its rows, and the error is rethrown. Runs in the caller's transaction, if any.
int64_t CopyRows(PgConnection& conn, const std::string& schema, const std::string& table, RowSource& rows,
                 const CopyOptions& options = {});

/// The same with the table already read by ReadTable.
int64_t CopyRows(PgConnection& conn, const PgTable& table, RowSource& rows, const CopyOptions& options = {});

}  // namespace costagg
