#include "costagg/output/postgres/copy_writer.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include "costagg/error.h"
#include "costagg/output/postgres/pg_connection.h"

namespace costagg {
namespace {

void PutBE(std::string* out, uint32_t v, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

}  // namespace

std::vector<FieldEncoder> PlanCopy(const PgTable& table, const std::vector<ColumnInfo>& source_columns) {
  std::vector<std::string> problems;
  std::vector<FieldEncoder> encoders;
  std::set<std::string> seen;
  std::string name = table.QualifiedName();
  for (const auto& source : source_columns) {
    if (!seen.insert(source.name).second) {
      problems.push_back("column " + source.name + " appears twice in the output");
      continue;
    }
    const PgColumn* target = table.Find(source.name);
    if (target == nullptr) {
      problems.push_back("table " + name + " has no column " + source.name);
      continue;
    }
    std::optional<FieldEncoder> encoder = FieldEncoder::TryFor(name, *target, source.type);
    if (!encoder) {
      problems.push_back(FieldEncoder::UnsupportedMessage(name, *target, source.type));
      continue;
    }
    encoders.push_back(*std::move(encoder));
  }
  for (const auto& column : table.columns) {
    if (column.not_null && !column.has_default && seen.count(column.name) == 0) {
      problems.push_back("table " + name + " column " + column.name +
                         " is NOT NULL without a default and the output does not provide it");
    }
  }
  if (problems.empty()) {
    if (source_columns.empty())
      throw DataError("nothing to write into " + name + ": the output has no columns");
    return encoders;
  }
  std::string message = "cannot write into " + name + ": ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i > 0 ? "; " : "") + problems[i];
  throw DataError(message);
}

std::string CopyStatement(const PgTable& table, const std::vector<ColumnInfo>& source_columns) {
  std::string sql = "COPY " + QualifiedName(table.schema, table.name) + " (";
  for (size_t i = 0; i < source_columns.size(); ++i) {
    sql += (i > 0 ? ", " : "") + QuoteIdentifier(source_columns[i].name);
  }
  return sql + ") FROM STDIN (FORMAT binary)";
}

void AppendCopyHeader(std::string* out) {
  static const char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the terminating NUL
  out->append(kSignature, 11);
  PutBE(out, 0, 4);  // flags: no OIDs
  PutBE(out, 0, 4);  // header extension length
}

void AppendCopyRow(const std::vector<FieldEncoder>& encoders, const RowBatch& batch, size_t row,
                   std::string* out) {
  PutBE(out, static_cast<uint32_t>(encoders.size()), 2);
  for (size_t c = 0; c < encoders.size(); ++c) encoders[c].Append(batch.columns[c], row, out);
}

void AppendCopyTrailer(std::string* out) { PutBE(out, 0xffff, 2); }

int64_t CopyRows(PgConnection& conn, const std::string& schema, const std::string& table, RowSource& rows,
                 const CopyOptions& options) {
  return CopyRows(conn, ReadTable(conn, schema, table), rows, options);
}

int64_t CopyRows(PgConnection& conn, const PgTable& table, RowSource& rows, const CopyOptions& options) {
  auto started = std::chrono::steady_clock::now();
  const std::vector<ColumnInfo>& columns = rows.columns();
  std::vector<FieldEncoder> encoders = PlanCopy(table, columns);
  std::string step = "COPY into " + table.QualifiedName();
  conn.StartCopyIn(CopyStatement(table, columns), step);
  int64_t sent = 0;
  // The COPY abort path: whatever fails while streaming, end the COPY with an error so the server discards
  // every row already sent, then let the failure continue upwards.
  try {
    std::string buffer;
    buffer.reserve(options.chunk_bytes + (64 << 10));
    AppendCopyHeader(&buffer);
    RowBatch batch;
    while (rows.Next(&batch)) {
      if (batch.columns.size() != columns.size()) {
        throw RuntimeError(step + ": a batch has " + std::to_string(batch.columns.size()) +
                           " columns, expected " + std::to_string(columns.size()));
      }
      for (size_t r = 0; r < batch.rows; ++r) {
        AppendCopyRow(encoders, batch, r, &buffer);
        ++sent;
        if (buffer.size() >= options.chunk_bytes) {
          conn.PutCopyData(buffer, step);
          buffer.clear();
        }
      }
    }
    AppendCopyTrailer(&buffer);
    conn.PutCopyData(buffer, step);
  } catch (const std::exception& e) {
    conn.AbortCopyIn(std::string("costagg aborted the COPY: ") + e.what());
    throw;
  }
  int64_t stored = conn.EndCopyIn(step);
  if (stored != sent) {
    throw RuntimeError(step + ": sent " + std::to_string(sent) + " rows but the server stored " +
                       std::to_string(stored));
  }
  spdlog::debug("{}: {} rows in {:.3f} s", step, stored,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return stored;
}

}  // namespace costagg
