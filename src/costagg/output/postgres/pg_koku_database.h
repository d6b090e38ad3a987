#pragma once
/// KokuDatabase on Koku's PostgreSQL: libpq for the verbs, binary COPY for the rows (copy_writer.h), the
/// transactional replace of replace.h.

#include <memory>
#include <string>

#include "costagg/output/koku_database.h"
#include "costagg/output/postgres/pg_connection.h"

namespace costagg {

/// Creates `<table>_YYYY_MM` of a partitioned table when missing, with Koku's recipe
/// (sql/schema/partition.sql), in its own short transaction. Throws DataError when the table does not exist;
/// no-op when it is not partitioned.
void EnsurePgMonthlyPartition(PgConnection& conn, const std::string& schema, const std::string& table,
                              int year, int month);

/// The tenant schema `schema` on a connection made with `conninfo` (a keyword=value conninfo or a libpq URI;
/// OpenReader connects with it again).
std::unique_ptr<KokuDatabase> NewPgKokuDatabase(const std::string& conninfo, const std::string& schema);

}  // namespace costagg
