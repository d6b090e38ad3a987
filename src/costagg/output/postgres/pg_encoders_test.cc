#include "costagg/output/postgres/pg_encoders.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "costagg/error.h"

namespace costagg {
namespace {

// Golden bytes: every expected field below (32-bit length, then the value's bytes) was taken from PostgreSQL
// 15.20 itself, by running against a local server
//   psql -c "SET timezone='UTC'; COPY (SELECT <expr>) TO STDOUT WITH (FORMAT binary)"
// and cutting the single field out of the output (after the 19-byte header and the 16-bit field count,
// before the 0xffff trailer). <expr> is given in the comment beside each constant.

PgColumn Column(uint32_t oid, const std::string& type_name, int32_t typmod = -1) {
  PgColumn c;
  c.name = "col";
  c.type_oid = oid;
  c.type_name = type_name;
  c.typmod = typmod;
  return c;
}

PgColumn Numeric(int precision, int scale) {
  return Column(pg_oid::kNumeric, "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")",
                ((precision << 16) | scale) + 4);
}

PgColumn Varchar(int n) {
  return Column(pg_oid::kVarchar, "character varying(" + std::to_string(n) + ")", n + 4);
}

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

/// The field the encoder for (target, source) writes for one value.
template <typename Fill>
std::string Encode(const PgColumn& target, ValueType source, Fill fill) {
  ColumnData data;
  data.type = source;
  fill(data);
  std::string out;
  FieldEncoder::For("s.t", target, source).Append(data, 0, &out);
  return Hex(out);
}

std::string Int(const PgColumn& target, int64_t v, ValueType source = ValueType::kInt64) {
  return Encode(target, source, [v](ColumnData& d) { d.AppendInt(v); });
}
std::string Dbl(const PgColumn& target, double v) {
  return Encode(target, ValueType::kDouble, [v](ColumnData& d) { d.AppendDouble(v); });
}
std::string Txt(const PgColumn& target, const std::string& v) {
  return Encode(target, ValueType::kText, [&v](ColumnData& d) { d.AppendText(v); });
}

TEST(PgEncodersTest, BoolAndIntegers) {
  PgColumn b = Column(pg_oid::kBool, "boolean");
  EXPECT_EQ(Int(b, 1, ValueType::kBool), "0000000101");  // true
  EXPECT_EQ(Int(b, 0, ValueType::kBool), "0000000100");  // false
  PgColumn i2 = Column(pg_oid::kInt2, "smallint");
  EXPECT_EQ(Int(i2, 12345), "000000023039");  // 12345::int2
  EXPECT_EQ(Int(i2, -2), "00000002fffe");     // (-2)::int2
  PgColumn i4 = Column(pg_oid::kInt4, "integer");
  EXPECT_EQ(Int(i4, 123456789), "00000004075bcd15");  // 123456789::int4
  EXPECT_EQ(Int(i4, -1), "00000004ffffffff");         // (-1)::int4
  PgColumn i8 = Column(pg_oid::kInt8, "bigint");
  EXPECT_EQ(Int(i8, 1234567890123), "000000080000011f71fb04cb");  // 1234567890123::int8
  EXPECT_EQ(Int(i8, -5), "00000008fffffffffffffffb");             // (-5)::int8
}

TEST(PgEncodersTest, Floats) {
  PgColumn f4 = Column(pg_oid::kFloat4, "real");
  EXPECT_EQ(Dbl(f4, 1.5), "000000043fc00000");   // 1.5::float4
  EXPECT_EQ(Dbl(f4, -0.1), "00000004bdcccccd");  // (-0.1)::float4
  PgColumn f8 = Column(pg_oid::kFloat8, "double precision");
  EXPECT_EQ(Dbl(f8, 0.1), "000000083fb999999999999a");     // 0.1::float8
  EXPECT_EQ(Dbl(f8, -1e300), "00000008fe37e43c8800759c");  // (-1e300)::float8
  EXPECT_EQ(Int(f8, 42), Dbl(f8, 42.0));                   // int -> float8
}

TEST(PgEncodersTest, NumericRefusesNonFiniteAndOverflowNamingTheColumn) {
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), 1e18}) {
    ColumnData d;
    d.type = ValueType::kDouble;
    d.AppendDouble(bad);
    std::string out;
    try {
      FieldEncoder::For("org1.costs", Numeric(33, 15), ValueType::kDouble).Append(d, 0, &out);
      ADD_FAILURE() << "expected an error for " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kData);
      EXPECT_NE(std::string(e.what()).find("org1.costs.col"), std::string::npos) << e.what();
    }
  }
}

TEST(PgEncodersTest, TextVarcharJsonUuid) {
  EXPECT_EQ(Txt(Column(pg_oid::kText, "text"), "text héllo €"),  // 'text héllo €'::text
            "0000000f746578742068c3a96c6c6f20e282ac");
  EXPECT_EQ(Txt(Varchar(10), "abc"), "00000003616263");  // 'abc'::varchar(10)
  EXPECT_EQ(Txt(Column(pg_oid::kUuid, "uuid"), "123e4567-e89b-12d3-a456-426614174000"),
            "00000010123e4567e89b12d3a456426614174000");  // '123e4567-e89b-12d3-a456-426614174000'::uuid
  EXPECT_EQ(Txt(Column(pg_oid::kUuid, "uuid"), "{123E4567E89B12D3A456426614174000}"),
            "00000010123e4567e89b12d3a456426614174000");
  EXPECT_EQ(Txt(Column(pg_oid::kJsonb, "jsonb"), R"({"a": 1})"),
            "00000009017b2261223a20317d");  // '{"a": 1}'::jsonb
  EXPECT_EQ(Txt(Column(pg_oid::kJson, "json"), R"({"a": 1})"),
            "000000087b2261223a20317d");  // '{"a": 1}'::json
}

TEST(PgEncodersTest, TextArrayFromJsonArray) {
  PgColumn ta = Column(pg_oid::kTextArray, "text[]");
  EXPECT_EQ(Txt(ta, R"(["a", null, "b"])"),  // ARRAY['a',NULL,'b']::text[]
            "0000002200000001000000010000001900000003000000010000000161ffffffff0000000162");
  EXPECT_EQ(Txt(ta, "[]"), "0000000c000000000000000000000019");  // ARRAY[]::text[]
  EXPECT_THROW(Txt(ta, "{a,b}"), Error);
  EXPECT_THROW(Txt(ta, "[1, 2]"), Error);
}

TEST(PgEncodersTest, TextRefusesWhatPostgresCannotStore) {
  auto message = [](const PgColumn& target, const std::string& v) {
    try {
      Txt(target, v);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kData);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(Column(pg_oid::kText, "text"), std::string("a\0b", 3))
                .find("s.t.col: text 'a?b' contains a NUL"),
            std::string::npos);
  EXPECT_NE(message(Column(pg_oid::kText, "text"), "\xff\xfe").find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(message(Column(pg_oid::kText, "text"), "\xed\xa0\x80").find("not valid UTF-8"),
            std::string::npos);
  // varchar(n) counts characters, not bytes: five 2-byte characters fit varchar(5), six do not.
  EXPECT_EQ(Txt(Varchar(5), "ééééé").substr(0, 8), "0000000a");
  EXPECT_NE(
      message(Varchar(5), "éééééé").find("s.t.col: text 'éééééé' has 6 characters, more than varchar(5)"),
      std::string::npos);
  EXPECT_NE(message(Column(pg_oid::kUuid, "uuid"), "not-a-uuid").find("s.t.col: 'not-a-uuid' is not a uuid"),
            std::string::npos);
  EXPECT_THROW(Txt(Column(pg_oid::kUuid, "uuid"), "123e4567-e89b-12d3-a456-4266141740001"), Error);
}

TEST(PgEncodersTest, IntegersAreRangeChecked) {
  EXPECT_THROW(Int(Column(pg_oid::kInt2, "smallint"), 40000), Error);
  EXPECT_THROW(Int(Column(pg_oid::kInt4, "integer"), int64_t{1} << 31), Error);
  EXPECT_EQ(Int(Column(pg_oid::kInt4, "integer"), -(int64_t{1} << 31)), "0000000480000000");
}

TEST(PgEncodersTest, DatesAndTimestamps) {
  PgColumn date = Column(pg_oid::kDate, "date");
  EXPECT_EQ(Int(date, 19797, ValueType::kDate), "0000000400002288");   // '2024-03-15'::date
  EXPECT_EQ(Int(date, 10956, ValueType::kDate), "00000004ffffffff");   // '1999-12-31'::date
  EXPECT_EQ(Int(date, 0, ValueType::kDate), "00000004ffffd533");       // '1970-01-01'::date
  EXPECT_EQ(Int(date, -25567, ValueType::kDate), "00000004ffff7154");  // '1900-01-01'::date
  PgColumn ts = Column(pg_oid::kTimestamp, "timestamp without time zone");
  const int64_t t = 1710506096789012;  // 2024-03-15 12:34:56.789012 UTC, in microseconds since 1970
  EXPECT_EQ(Int(ts, t, ValueType::kTimestamp),
            "000000080002b6b101112614");         // '2024-03-15 12:34:56.789012'::timestamp
  EXPECT_EQ(Int(ts, -1, ValueType::kTimestamp),  // '1969-12-31 23:59:59.999999'::timestamp
            "00000008fffca2fec4c81fff");
  PgColumn tstz = Column(pg_oid::kTimestampTz, "timestamp with time zone");
  EXPECT_EQ(Int(tstz, t, ValueType::kTimestamp),  // '2024-03-15 12:34:56.789012+00'::timestamptz
            "000000080002b6b101112614");
  // A timestamp into a date column keeps the UTC day (floor, also before 1970).
  EXPECT_EQ(Int(date, t, ValueType::kTimestamp), "0000000400002288");
  EXPECT_EQ(Int(date, -1, ValueType::kTimestamp), "00000004ffffd532");  // 1969-12-31
  // DuckDB's infinities (+-INT32_MAX days, +-INT64_MAX microseconds) become PostgreSQL's.
  EXPECT_EQ(Int(date, INT32_MAX, ValueType::kDate), "000000047fffffff");             // 'infinity'::date
  EXPECT_EQ(Int(date, -INT32_MAX, ValueType::kDate), "0000000480000000");            // '-infinity'::date
  EXPECT_EQ(Int(ts, INT64_MAX, ValueType::kTimestamp), "000000087fffffffffffffff");  // 'infinity'::timestamp
  EXPECT_EQ(Int(tstz, -INT64_MAX, ValueType::kTimestamp),
            "000000088000000000000000");  // '-infinity'::timestamptz
}

TEST(PgEncodersTest, NullIsMinusOneLength) {
  for (ValueType type : {ValueType::kDouble, ValueType::kText, ValueType::kInt64}) {
    ColumnData d;
    d.type = type;
    d.AppendNull();
    std::string out;
    PgColumn target = type == ValueType::kText ? Column(pg_oid::kText, "text") : Numeric(33, 15);
    FieldEncoder::For("s.t", target, type).Append(d, 0, &out);
    EXPECT_EQ(Hex(out), "ffffffff");  // NULL::int4 (any type)
  }
}

TEST(PgEncodersTest, UnsupportedPairsFailWhenChosenNamingTableAndColumn) {
  PgColumn u = Column(pg_oid::kUuid, "uuid");
  u.name = "source_uuid";
  try {
    FieldEncoder::For("org1.reporting_x", u, ValueType::kDouble);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "table org1.reporting_x column source_uuid: cannot write DOUBLE values into uuid");
  }
  EXPECT_FALSE(FieldEncoder::TryFor("s.t", Column(pg_oid::kInt4, "integer"), ValueType::kDouble));
  EXPECT_FALSE(FieldEncoder::TryFor("s.t", Column(pg_oid::kTimestampTz, "timestamptz"), ValueType::kDate));
  EXPECT_FALSE(FieldEncoder::TryFor("s.t", Column(1186, "interval"), ValueType::kInt64));
  EXPECT_FALSE(FieldEncoder::TryFor("s.t", Column(pg_oid::kBool, "boolean"), ValueType::kInt64));
  EXPECT_TRUE(FieldEncoder::TryFor("s.t", Column(pg_oid::kFloat8, "double precision"), ValueType::kInt64));
}

}  // namespace
}  // namespace costagg
