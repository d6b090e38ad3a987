#include "costagg/output/postgres/pg_catalog.h"

#include "costagg/error.h"
#include "costagg/output/postgres/pg_connection.h"

namespace costagg {

int PgColumn::NumericPrecision() const {
  return (type_oid == pg_oid::kNumeric && typmod >= 4) ? ((typmod - 4) >> 16) & 0xffff : -1;
}

int PgColumn::NumericScale() const {
  // The scale is an 11-bit signed field since PostgreSQL 15; costagg's columns have 0 <= s <= p.
  if (type_oid != pg_oid::kNumeric || typmod < 4) return -1;
  int scale = (typmod - 4) & 0x7ff;
  return scale >= 0x400 ? scale - 0x800 : scale;
}

int PgColumn::MaxChars() const { return (type_oid == pg_oid::kVarchar && typmod >= 4) ? typmod - 4 : -1; }

const PgColumn* PgTable::Find(const std::string& column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

PgTable ReadTable(PgConnection& conn, const std::string& schema, const std::string& table) {
  static const char* kSql = R"(
SELECT a.attname,
       CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END::int8,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
            ELSE format_type(a.atttypid, a.atttypmod) END,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
       a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
       a.atthasdef OR a.attidentity <> '' OR (t.typtype = 'd' AND t.typdefault IS NOT NULL),
       a.attgenerated <> ''
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
 WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum)";
  PgResult result = conn.Query(kSql, {schema, table}, "read columns of " + schema + "." + table);
  if (result.rows.empty()) throw DataError("table " + schema + "." + table + " does not exist");
  PgTable out{schema, table, {}};
  for (const auto& row : result.rows) {
    PgColumn column;
    column.name = row[0].value_or("");
    column.type_oid = static_cast<uint32_t>(std::stoll(row[1].value_or("0")));
    column.type_name = row[2].value_or("");
    column.typmod = static_cast<int32_t>(std::stol(row[3].value_or("-1")));
    column.not_null = row[4] == "t";
    column.has_default = row[5] == "t";
    column.generated = row[6] == "t";
    out.columns.push_back(std::move(column));
  }
  return out;
}

}  // namespace costagg
