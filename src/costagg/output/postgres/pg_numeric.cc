#include "costagg/output/postgres/pg_numeric.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "costagg/error.h"

namespace costagg {
namespace {

constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;

void PutU16(std::string* out, uint16_t v) {
  char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(b, 2);
}

void PutI32(std::string* out, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  char b[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8),
               static_cast<char>(u)};
  out->append(b, 4);
}

/// A decimal number as ASCII digits: `integer` digits then `fraction` digits, no sign, no point, no padding.
/// Fixed storage: numeric encoding runs for every cost value of every row, so it must not allocate.
/// The longest double text has 309 integer digits (1.8e308) or 323 + 17 fraction digits (4.9e-324).
struct Decimal {
  static constexpr int kMaxDigits = 400;
  bool negative = false;
  int integer = 0;   ///< number of integer digits (leading zeros possible until RoundHalfUp)
  int fraction = 0;  ///< number of fraction digits (no padding to the scale)
  char digits[kMaxDigits];
};

/// The shortest round-trip decimal text of a finite double (as Java's BigDecimal.valueOf prints it).
void ShortestDecimal(double value, Decimal* d) {
  char text[64];
  char* end = std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific).ptr;
  const char* p = text;  // "-1.2345e-05": sign, mantissa digits, exponent
  d->negative = *p == '-';
  if (d->negative) ++p;
  char mantissa[32];
  int n = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') mantissa[n++] = *p;
  }
  ++p;
  if (*p == '+') ++p;
  int exponent = 0;
  std::from_chars(p, end, exponent);
  int point = exponent + 1;  // digits before the decimal point: value = 0.<mantissa> * 10^point
  if (point <= 0) {
    d->integer = 0;
    d->fraction = -point + n;
    std::memset(d->digits, '0', -point);
    std::memcpy(d->digits - point, mantissa, n);
  } else if (point >= n) {
    d->integer = point;
    d->fraction = 0;
    std::memcpy(d->digits, mantissa, n);
    std::memset(d->digits + n, '0', point - n);
  } else {
    d->integer = point;
    d->fraction = n - point;
    std::memcpy(d->digits, mantissa, n);
  }
}

void IntegerDecimal(int64_t value, Decimal* d) {
  d->negative = value < 0;
  // Negate in unsigned arithmetic so INT64_MIN works.
  uint64_t magnitude = d->negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  d->integer = static_cast<int>(std::to_chars(d->digits, d->digits + 24, magnitude).ptr - d->digits);
  d->fraction = 0;
}

/// Rounds half-up (away from zero) to `scale` decimals (`scale` < 0: keeps every digit, as plain numeric),
/// then drops leading integer zeros, trailing fraction zeros and the sign of zero. Returns the display scale.
int RoundHalfUp(Decimal* d, int scale) {
  if (scale >= 0 && d->fraction > scale) {
    bool up = d->digits[d->integer + scale] >= '5';
    d->fraction = scale;
    if (up) {
      int i = d->integer + d->fraction;
      while (i > 0 && d->digits[i - 1] == '9') d->digits[--i] = '0';
      if (i > 0) {
        ++d->digits[i - 1];
      } else {  // 9.99 -> 10.00: one more integer digit
        std::memmove(d->digits + 1, d->digits, d->integer + d->fraction);
        d->digits[0] = '1';
        ++d->integer;
      }
    }
  }
  int lead = 0;
  while (lead < d->integer && d->digits[lead] == '0') ++lead;
  if (lead > 0) {
    std::memmove(d->digits, d->digits + lead, d->integer + d->fraction - lead);
    d->integer -= lead;
  }
  while (d->fraction > 0 && d->digits[d->integer + d->fraction - 1] == '0') --d->fraction;
  if (d->integer + d->fraction == 0) d->negative = false;  // no leading or trailing zeros left: it is 0
  return scale >= 0 ? scale : d->fraction;
}

/// The base-10000 digit starting at `pos` of d's digits (digits outside [0, size) count as zero).
uint16_t Group(const Decimal& d, int pos) {
  int size = d.integer + d.fraction;
  int v = 0;
  for (int k = pos; k < pos + 4; ++k) v = v * 10 + ((k >= 0 && k < size) ? d.digits[k] - '0' : 0);
  return static_cast<uint16_t>(v);
}

/// Appends the numeric send() form: ndigits, weight, sign, dscale, then base-10000 digits, with leading
/// and trailing zero groups dropped as PostgreSQL does. Groups are aligned on the decimal point.
void PutNumeric(std::string* out, const Decimal& d, int dscale) {
  int first = -((4 - d.integer % 4) % 4);  // start of the first integer group (may precede the digits)
  int groups = (d.integer - first + 3) / 4 + (d.fraction + 3) / 4;
  uint16_t values[Decimal::kMaxDigits / 4 + 2];
  for (int g = 0; g < groups; ++g) values[g] = Group(d, first + 4 * g);
  int weight = (d.integer - first) / 4 - 1;
  int lead = 0;
  while (lead < groups && values[lead] == 0) ++lead;
  int last = groups;
  while (last > lead && values[last - 1] == 0) --last;
  weight = last == lead ? 0 : weight - lead;
  PutI32(out, 8 + 2 * (last - lead));
  PutU16(out, static_cast<uint16_t>(last - lead));
  PutU16(out, static_cast<uint16_t>(static_cast<int16_t>(weight)));
  PutU16(out, d.negative ? kNumericNegative : kNumericPositive);
  PutU16(out, static_cast<uint16_t>(dscale));
  for (int g = lead; g < last; ++g) PutU16(out, values[g]);
}

std::string ToText(const Decimal& d, int dscale) {
  std::string text = d.negative ? "-" : "";
  text += d.integer == 0 ? std::string("0") : std::string(d.digits, d.integer);
  if (dscale > 0) {
    text += '.';
    text.append(d.digits + d.integer, d.fraction);
    text.append(dscale - d.fraction, '0');
  }
  return text;
}

/// Rounds, checks the precision and appends.
NumericFit Finish(Decimal* d, int precision, int scale, std::string* out) {
  int dscale = RoundHalfUp(d, scale);
  if (precision >= 0 && d->integer > precision - scale) return NumericFit::kTooLarge;
  PutNumeric(out, *d, dscale);
  return NumericFit::kOk;
}

}  // namespace

std::string RoundDoubleHalfUp(double value, int scale) {
  if (!std::isfinite(value)) throw DataError("cannot store " + std::to_string(value) + " as numeric");
  Decimal d;
  ShortestDecimal(value, &d);
  return ToText(d, RoundHalfUp(&d, scale));
}

NumericFit AppendNumeric(double value, int precision, int scale, std::string* out) {
  if (!std::isfinite(value)) return NumericFit::kNotFinite;
  Decimal d;
  ShortestDecimal(value, &d);
  return Finish(&d, precision, scale, out);
}

NumericFit AppendNumeric(int64_t value, int precision, int scale, std::string* out) {
  Decimal d;
  IntegerDecimal(value, &d);
  return Finish(&d, precision, scale, out);
}

}  // namespace costagg
