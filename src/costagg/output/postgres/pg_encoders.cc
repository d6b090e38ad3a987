#include "costagg/output/postgres/pg_encoders.h"

#include <bit>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "costagg/error.h"
#include "costagg/output/postgres/pg_numeric.h"

namespace costagg {
namespace {

// PostgreSQL counts dates and timestamps from 2000-01-01, Unix from 1970-01-01.
constexpr int64_t kEpochShiftDays = 10957;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
constexpr int64_t kEpochShiftMicros = kEpochShiftDays * kMicrosPerDay;
// DuckDB's and PostgreSQL's infinities: DuckDB uses +-INT_MAX, PostgreSQL INT_MAX and INT_MIN.
constexpr int64_t kDuckDbDateInfinity = std::numeric_limits<int32_t>::max();
constexpr int64_t kDuckDbTimestampInfinity = std::numeric_limits<int64_t>::max();

void PutU16(std::string* out, uint16_t v) {
  char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(b, 2);
}

void PutU32(std::string* out, uint32_t v) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
               static_cast<char>(v)};
  out->append(b, 4);
}

void PutU64(std::string* out, uint64_t v) {
  PutU32(out, static_cast<uint32_t>(v >> 32));
  PutU32(out, static_cast<uint32_t>(v));
}

void PutI32(std::string* out, int32_t v) { PutU32(out, static_cast<uint32_t>(v)); }

/// A value as shown to a human in an error: short, one line.
std::string Shown(const std::string& value) {
  std::string shown = value.size() > 60 ? value.substr(0, 57) + "..." : value;
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return "'" + shown + "'";
}

/// The number of UTF-8 characters in `text`, or -1 when it is not valid UTF-8.
int64_t Utf8Length(const std::string& text) {
  int64_t chars = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    int extra;
    uint32_t min;
    if (c < 0x80) {
      ++p;
      ++chars;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000;
    } else {
      return -1;
    }
    if (end - p <= extra) return -1;
    uint32_t cp = c & (0x3F >> extra);
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    p += extra + 1;
    ++chars;
  }
  return chars;
}

/// Parses a uuid in PostgreSQL's accepted spellings: 32 hex digits, optionally braced, '-' between groups
/// of 4.
bool ParseUuid(const std::string& text, unsigned char bytes[16]) {
  std::string_view s(text);
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  int nibbles = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '-' && nibbles > 0 && nibbles % 4 == 0 && nibbles < 32 && i + 1 < s.size() && s[i + 1] != '-') {
      continue;
    }
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      return false;
    }
    if (nibbles >= 32) return false;
    if (nibbles % 2 == 0) {
      bytes[nibbles / 2] = static_cast<unsigned char>(v << 4);
    } else {
      bytes[nibbles / 2] |= static_cast<unsigned char>(v);
    }
    ++nibbles;
  }
  return nibbles == 32;
}

}  // namespace

std::optional<FieldEncoder::Kind> FieldEncoder::KindFor(const PgColumn& target, ValueType source) {
  if (target.generated) return std::nullopt;
  bool is_int = source == ValueType::kInt64;
  bool is_double = source == ValueType::kDouble;
  bool is_text = source == ValueType::kText;
  switch (target.type_oid) {
    case pg_oid::kBool:
      if (source == ValueType::kBool) return Kind::kBool;
      break;
    case pg_oid::kInt2:
      if (is_int) return Kind::kInt2;
      break;
    case pg_oid::kInt4:
      if (is_int) return Kind::kInt4;
      break;
    case pg_oid::kInt8:
      if (is_int) return Kind::kInt8;
      break;
    case pg_oid::kFloat4:
      if (is_int) return Kind::kFloat4FromInt;
      if (is_double) return Kind::kFloat4FromDouble;
      break;
    case pg_oid::kFloat8:
      if (is_int) return Kind::kFloat8FromInt;
      if (is_double) return Kind::kFloat8FromDouble;
      break;
    case pg_oid::kNumeric:
      if (target.typmod >= 0 && target.NumericScale() < 0) break;  // numeric(p,-s): never in Koku
      if (is_int) return Kind::kNumericFromInt;
      if (is_double) return Kind::kNumericFromDouble;
      break;
    case pg_oid::kText:
    case pg_oid::kVarchar:
      if (is_text) return Kind::kText;
      break;
    case pg_oid::kJson:
      if (is_text) return Kind::kJson;
      break;
    case pg_oid::kJsonb:
      if (is_text) return Kind::kJsonb;
      break;
    case pg_oid::kUuid:
      if (is_text) return Kind::kUuid;
      break;
    case pg_oid::kTextArray:
      if (is_text) return Kind::kTextArray;
      break;
    case pg_oid::kDate:
      if (source == ValueType::kDate) return Kind::kDate;
      if (source == ValueType::kTimestamp) return Kind::kTimestampAsDate;
      break;
    case pg_oid::kTimestamp:
    case pg_oid::kTimestampTz:
      if (source == ValueType::kTimestamp) return Kind::kTimestamp;
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<FieldEncoder> FieldEncoder::TryFor(const std::string& table, const PgColumn& target,
                                                 ValueType source) {
  std::optional<Kind> kind = KindFor(target, source);
  if (!kind) return std::nullopt;
  FieldEncoder encoder(*kind, table + "." + target.name);
  encoder.precision_ = target.NumericPrecision();
  encoder.scale_ = target.NumericScale();
  encoder.max_chars_ = target.MaxChars();
  encoder.type_name_ = target.type_name;
  return encoder;
}

FieldEncoder FieldEncoder::For(const std::string& table, const PgColumn& target, ValueType source) {
  std::optional<FieldEncoder> encoder = TryFor(table, target, source);
  if (!encoder) throw DataError(UnsupportedMessage(table, target, source));
  return *std::move(encoder);
}

std::string FieldEncoder::UnsupportedMessage(const std::string& table, const PgColumn& target,
                                             ValueType source) {
  if (target.generated)
    return "table " + table + " column " + target.name + " is generated and cannot be written";
  return "table " + table + " column " + target.name + ": cannot write " + ValueTypeName(source) +
         " values into " + target.type_name;
}

void FieldEncoder::Append(const ColumnData& data, size_t row, std::string* out) const {
  if (data.IsNull(row)) {
    PutI32(out, -1);
    return;
  }
  auto fail = [&](const std::string& problem) { return DataError(where_ + ": " + problem); };
  switch (kind_) {
    case Kind::kBool:
      PutI32(out, 1);
      out->push_back(data.ints[row] != 0 ? 1 : 0);
      return;
    case Kind::kInt2:
    case Kind::kInt4: {
      int64_t v = data.ints[row];
      int64_t limit = kind_ == Kind::kInt2 ? INT16_MAX : INT32_MAX;
      if (v > limit || v < -limit - 1) {
        throw fail(std::to_string(v) + " is out of range for " +
                   (kind_ == Kind::kInt2 ? "smallint" : "integer"));
      }
      if (kind_ == Kind::kInt2) {
        PutI32(out, 2);
        PutU16(out, static_cast<uint16_t>(v));
      } else {
        PutI32(out, 4);
        PutU32(out, static_cast<uint32_t>(v));
      }
      return;
    }
    case Kind::kInt8:
      PutI32(out, 8);
      PutU64(out, static_cast<uint64_t>(data.ints[row]));
      return;
    case Kind::kFloat4FromDouble:
    case Kind::kFloat4FromInt: {
      double v = kind_ == Kind::kFloat4FromInt ? static_cast<double>(data.ints[row]) : data.doubles[row];
      auto f = static_cast<float>(v);
      if (std::isinf(f) && std::isfinite(v)) throw fail(std::to_string(v) + " is out of range for real");
      PutI32(out, 4);
      PutU32(out, std::bit_cast<uint32_t>(f));
      return;
    }
    case Kind::kFloat8FromDouble:
    case Kind::kFloat8FromInt: {
      double v = kind_ == Kind::kFloat8FromInt ? static_cast<double>(data.ints[row]) : data.doubles[row];
      PutI32(out, 8);
      PutU64(out, std::bit_cast<uint64_t>(v));
      return;
    }
    case Kind::kNumericFromDouble: {
      double v = data.doubles[row];
      NumericFit fit = AppendNumeric(v, precision_, scale_, out);
      if (fit == NumericFit::kNotFinite)
        throw fail("cannot store " + std::to_string(v) + " in a numeric column");
      if (fit == NumericFit::kTooLarge)
        throw fail(RoundDoubleHalfUp(v, scale_) + " does not fit " + type_name_);
      return;
    }
    case Kind::kNumericFromInt: {
      int64_t v = data.ints[row];
      if (AppendNumeric(v, precision_, scale_, out) != NumericFit::kOk) {
        throw fail(std::to_string(v) + " does not fit " + type_name_);
      }
      return;
    }
    case Kind::kText:
    case Kind::kJson:
    case Kind::kJsonb: {
      const std::string& v = data.texts[row];
      if (std::memchr(v.data(), '\0', v.size()) != nullptr) {
        throw fail("text " + Shown(v) + " contains a NUL byte, which PostgreSQL cannot store");
      }
      int64_t chars = Utf8Length(v);
      if (chars < 0) throw fail("text " + Shown(v) + " is not valid UTF-8");
      if (max_chars_ >= 0 && chars > max_chars_) {
        throw fail("text " + Shown(v) + " has " + std::to_string(chars) + " characters, more than varchar(" +
                   std::to_string(max_chars_) + ") allows");
      }
      if (kind_ == Kind::kJsonb) {
        PutI32(out, static_cast<int32_t>(v.size() + 1));
        out->push_back(1);  // jsonb binary format version
      } else {
        PutI32(out, static_cast<int32_t>(v.size()));
      }
      out->append(v);
      return;
    }
    case Kind::kUuid: {
      unsigned char bytes[16];
      if (!ParseUuid(data.texts[row], bytes)) throw fail(Shown(data.texts[row]) + " is not a uuid");
      PutI32(out, 16);
      out->append(reinterpret_cast<const char*>(bytes), 16);
      return;
    }
    case Kind::kTextArray: {
      const std::string& v = data.texts[row];
      nlohmann::json array = nlohmann::json::parse(v, nullptr, /*allow_exceptions=*/false);
      if (!array.is_array()) throw fail(Shown(v) + " is not a JSON array of strings");
      std::string body;
      bool has_null = false;
      for (const auto& element : array) {
        if (element.is_null()) {
          has_null = true;
          PutI32(&body, -1);
          continue;
        }
        if (!element.is_string()) throw fail(Shown(v) + " is not a JSON array of strings");
        const auto& text = element.get_ref<const std::string&>();
        if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
          throw fail("array " + Shown(v) + " contains a NUL byte, which PostgreSQL cannot store");
        }
        PutI32(&body, static_cast<int32_t>(text.size()));
        body.append(text);
      }
      bool empty = array.empty();
      PutI32(out, static_cast<int32_t>(12 + (empty ? 0 : 8) + body.size()));
      PutI32(out, empty ? 0 : 1);  // dimensions
      PutI32(out, has_null ? 1 : 0);
      PutU32(out, pg_oid::kText);
      if (!empty) {
        PutI32(out, static_cast<int32_t>(array.size()));
        PutI32(out, 1);  // lower bound
      }
      out->append(body);
      return;
    }
    case Kind::kDate:
    case Kind::kTimestampAsDate: {
      int64_t days;
      if (kind_ == Kind::kDate) {
        int64_t v = data.ints[row];
        days = v == kDuckDbDateInfinity    ? INT32_MAX
               : v == -kDuckDbDateInfinity ? INT32_MIN
                                           : v - kEpochShiftDays;
      } else {
        int64_t v = data.ints[row];
        int64_t floor_days = v / kMicrosPerDay - ((v % kMicrosPerDay) < 0 ? 1 : 0);
        days = v == kDuckDbTimestampInfinity    ? INT32_MAX
               : v == -kDuckDbTimestampInfinity ? INT32_MIN
                                                : floor_days - kEpochShiftDays;
      }
      if (days > INT32_MAX || days < INT32_MIN)
        throw fail("date out of range (" + std::to_string(days) + ")");
      PutI32(out, 4);
      PutI32(out, static_cast<int32_t>(days));
      return;
    }
    case Kind::kTimestamp: {
      int64_t v = data.ints[row];
      int64_t micros;
      if (v == kDuckDbTimestampInfinity) {
        micros = INT64_MAX;
      } else if (v == -kDuckDbTimestampInfinity) {
        micros = INT64_MIN;
      } else if (__builtin_sub_overflow(v, kEpochShiftMicros, &micros)) {
        throw fail("timestamp out of range (" + std::to_string(v) + " microseconds since 1970)");
      }
      PutI32(out, 8);
      PutU64(out, static_cast<uint64_t>(micros));
      return;
    }
  }
}

}  // namespace costagg
