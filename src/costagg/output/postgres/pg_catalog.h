#pragma once
/// The target table as PostgreSQL's catalog describes it, read once before COPY so that every type mismatch
/// is found before a byte is sent.

#include <cstdint>
#include <string>
#include <vector>

namespace costagg {

class PgConnection;

/// Type oids of the PostgreSQL types costagg writes (pg_type.dat).
namespace pg_oid {
inline constexpr uint32_t kBool = 16;
inline constexpr uint32_t kInt8 = 20;
inline constexpr uint32_t kInt2 = 21;
inline constexpr uint32_t kInt4 = 23;
inline constexpr uint32_t kText = 25;
inline constexpr uint32_t kJson = 114;
inline constexpr uint32_t kFloat4 = 700;
inline constexpr uint32_t kFloat8 = 701;
inline constexpr uint32_t kTextArray = 1009;
inline constexpr uint32_t kVarchar = 1043;
inline constexpr uint32_t kDate = 1082;
inline constexpr uint32_t kTimestamp = 1114;
inline constexpr uint32_t kTimestampTz = 1184;
inline constexpr uint32_t kNumeric = 1700;
inline constexpr uint32_t kUuid = 2950;
inline constexpr uint32_t kJsonb = 3802;
}  // namespace pg_oid

/// One column of a target table. Domains are resolved to their base type.
struct PgColumn {
  std::string name;
  uint32_t type_oid = 0;
  std::string type_name;  ///< format_type(): "numeric(33,15)", "character varying(50)", "text[]"
  int32_t typmod = -1;    ///< atttypmod: -1 when the type has no modifier
  bool not_null = false;
  bool has_default = false;  ///< a DEFAULT, identity or generated value exists
  bool generated = false;    ///< GENERATED ALWAYS AS (...) STORED: cannot be written

  /// numeric(p,s): p and s from the typmod; -1 for plain `numeric`.
  int NumericPrecision() const;
  int NumericScale() const;
  /// varchar(n): n; -1 when unlimited.
  int MaxChars() const;
};

/// A table's columns in attnum order.
struct PgTable {
  std::string schema;
  std::string name;
  std::vector<PgColumn> columns;

  /// "schema.table" for messages.
  std::string QualifiedName() const { return schema + "." + name; }
  /// The column called `name`, or nullptr.
  const PgColumn* Find(const std::string& column) const;
};

/// Reads `schema.table` from pg_catalog (a partitioned parent works: COPY routes rows to partitions).
/// Throws DataError when the table does not exist.
PgTable ReadTable(PgConnection& conn, const std::string& schema, const std::string& table);

}  // namespace costagg
