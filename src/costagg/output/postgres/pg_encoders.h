#pragma once
/// One binary COPY encoder per PostgreSQL type (the types' send() formats, as duckdb-postgres writes them).
/// The encoder is chosen once per column from the target column's type and the source ValueType, so an
/// unsupported pair fails before COPY starts; values PostgreSQL would refuse fail with the column's name.

#include <cstdint>
#include <optional>
#include <string>

#include "costagg/output/postgres/pg_catalog.h"
#include "costagg/rows.h"

namespace costagg {

/// Writes one column's values as binary COPY fields: a 32-bit big-endian length (-1 for NULL), then the bytes
/// of the type's send() function. Supported (source -> target):
///   BOOLEAN -> boolean; INTEGER -> smallint, integer, bigint (range-checked), numeric, real, double;
///   DOUBLE -> numeric (rounded as Trino does, see pg_numeric.h), real, double;
///   TEXT -> text, varchar(n) (length checked), uuid, json, jsonb, text[] (from a JSON array of strings);
///   DATE -> date; TIMESTAMP -> timestamp, timestamptz (the value is UTC), date.
class FieldEncoder {
 public:
  /// The encoder writing `source` values into `target` of `table` ("schema.table"). Throws DataError naming
  /// table and column when the pair is not supported.
  static FieldEncoder For(const std::string& table, const PgColumn& target, ValueType source);
  /// The same without throwing: nullopt when the pair is not supported.
  static std::optional<FieldEncoder> TryFor(const std::string& table, const PgColumn& target,
                                            ValueType source);
  /// Why For() refuses the pair: "table T column C: cannot write DOUBLE values into uuid".
  static std::string UnsupportedMessage(const std::string& table, const PgColumn& target, ValueType source);

  /// Appends row `row` of `data` to `out`. Throws DataError naming the column (and the value) when PostgreSQL
  /// cannot store it: NaN or infinity into numeric, too many digits for numeric(p,s), NUL bytes or invalid
  /// UTF-8 in text, more than n characters for varchar(n), integers out of range, a malformed uuid.
  void Append(const ColumnData& data, size_t row, std::string* out) const;

  /// "schema.table.column" for messages.
  const std::string& where() const { return where_; }

 private:
  enum class Kind : uint8_t {
    kBool,
    kInt2,
    kInt4,
    kInt8,
    kFloat4FromDouble,
    kFloat4FromInt,
    kFloat8FromDouble,
    kFloat8FromInt,
    kNumericFromDouble,
    kNumericFromInt,
    kText,
    kJson,
    kJsonb,
    kUuid,
    kTextArray,
    kDate,
    kTimestampAsDate,
    kTimestamp,
  };
  FieldEncoder(Kind kind, std::string where) : kind_(kind), where_(std::move(where)) {}
  static std::optional<Kind> KindFor(const PgColumn& target, ValueType source);

  Kind kind_;
  int precision_ = -1;     ///< numeric(p,s): p, or -1 for unconstrained numeric
  int scale_ = -1;         ///< numeric(p,s): s, or -1 for unconstrained numeric
  int max_chars_ = -1;     ///< varchar(n): n, or -1
  std::string type_name_;  ///< "numeric(33,15)" for messages
  std::string where_;
};

}  // namespace costagg
