#include "costagg/output/postgres/pg_numeric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "costagg/error.h"

namespace costagg {
namespace {

// Golden bytes: every expected field below (32-bit length, then numeric's send() bytes) was taken from
// PostgreSQL 15.20 itself, by running against a local server
//   psql -c "COPY (SELECT <expr>) TO STDOUT WITH (FORMAT binary)"
// and cutting the single field out of the output (after the 19-byte header and the 16-bit field count,
// before the 0xffff trailer). <expr> is given in the comment beside each constant. The casts of the
// shortest text are PostgreSQL's own half-away-from-zero rounding, an independent reference.

/// numeric(precision, scale); -1, -1 is plain numeric.
struct Spec {
  int precision;
  int scale;
};
Spec Numeric(int precision, int scale) { return {precision, scale}; }
const Spec kPlain{-1, -1};

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

template <typename T>
std::string Field(Spec n, T v) {
  std::string out;
  NumericFit fit = AppendNumeric(v, n.precision, n.scale, &out);
  return fit == NumericFit::kOk ? Hex(out) : "does not fit";
}
std::string Dbl(Spec n, double v) { return Field(n, v); }
std::string Int(Spec n, int64_t v) { return Field(n, v); }

template <typename T>
NumericFit Fit(Spec n, T v) {
  std::string out;
  NumericFit fit = AppendNumeric(v, n.precision, n.scale, &out);
  EXPECT_EQ(out.empty(), fit != NumericFit::kOk);  // nothing appended unless it fits
  return fit;
}
NumericFit DblFit(Spec n, double v) { return Fit(n, v); }
NumericFit IntFit(Spec n, int64_t v) { return Fit(n, v); }

TEST(PgNumericTest, DoubleAtScale15) {
  Spec n = Numeric(33, 15);
  EXPECT_EQ(Dbl(n, 0.0), "00000008000000000000000f");               // 0::numeric(33,15)
  EXPECT_EQ(Dbl(n, -0.0), "00000008000000000000000f");              // no negative zero
  EXPECT_EQ(Dbl(n, 123.456), "0000000c000200000000000f007b11d0");   // 123.456::numeric(33,15)
  EXPECT_EQ(Dbl(n, -123.456), "0000000c000200004000000f007b11d0");  // (-123.456)::numeric(33,15)
  EXPECT_EQ(Dbl(n, 0.00001234), "0000000a0001fffe0000000f04d2");    // 0.00001234::numeric(33,15)
  EXPECT_EQ(Dbl(n, 0.1 + 0.2), "0000000a0001ffff0000000f0bb8");     // '0.30000000000000004'::numeric(33,15)
  EXPECT_EQ(Dbl(n, 1.2345678901234568e17),                          // '123456789012345680'::numeric(33,15)
            "00000012000500040000000f000c0d801ed204d21630");
  // Shortest text 0.1234567890123455: the 16th decimal is a 5, rounded half-up (away from zero).
  EXPECT_EQ(Dbl(n, 0.1234567890123455),  // '0.1234567890123455'::numeric(33,15)
            "000000100004ffff0000000f04d2162e23340d84");
  EXPECT_EQ(Dbl(n, -0.1234567890123455),  // '-0.1234567890123455'::numeric(33,15)
            "000000100004ffff4000000f04d2162e23340d84");
  EXPECT_EQ(Dbl(n, 1e-15), "0000000a0001fffc0000000f000a");  // '0.000000000000001'::numeric(33,15)
  EXPECT_EQ(Dbl(n, 5e-16), "0000000a0001fffc0000000f000a");  // '0.0000000000000005'::numeric(33,15)
}

TEST(PgNumericTest, DoubleAtOtherScales) {
  EXPECT_EQ(Dbl(Numeric(10, 2), 2.675), "0000000c000200000000000200021a90");  // '2.675'::numeric(10,2)
  Spec n9 = Numeric(33, 9);
  EXPECT_EQ(Dbl(n9, 1.0000000005),
            "00000010000400000000000900010000000003e8");                   // '1.0000000005'::numeric(33,9)
  EXPECT_EQ(Dbl(n9, 5e-10), "0000000a0001fffd0000000903e8");               // '5e-10'::numeric(33,9)
  EXPECT_EQ(Dbl(n9, 1e-10), "000000080000000000000009");                   // '1e-10'::numeric(33,9)
  EXPECT_EQ(Dbl(n9, -1e-10), "000000080000000000000009");                  // '-1e-10'::numeric(33,9)
  EXPECT_EQ(Dbl(n9, 12345678.9), "0000000e000300010000000904d2162e2328");  // '12345678.9'::numeric(33,9)
  EXPECT_EQ(Dbl(Numeric(33, 4), 9999.99995), "0000000a00010001000000040001");  // '9999.99995'::numeric(33,4)
  EXPECT_EQ(Dbl(Numeric(33, 2), 10000), "0000000a00010001000000020001");       // '10000'::numeric(33,2)
  Spec plain = kPlain;
  EXPECT_EQ(Dbl(plain, 1.5), "0000000c000200000000000100011388");  // '1.5'::numeric
  EXPECT_EQ(Dbl(plain, 1e-7), "0000000a0001fffe00000007000a");     // '1e-07'::numeric
  EXPECT_EQ(Dbl(plain, 100), "0000000a00010000000000000064");      // '100'::numeric
}

TEST(PgNumericTest, Integer) {
  EXPECT_EQ(Int(Numeric(33, 15), 42), "0000000a000100000000000f002a");  // '42'::numeric(33,15)
  EXPECT_EQ(Int(kPlain, 100), "0000000a00010000000000000064");          // '100'::numeric
  EXPECT_EQ(Int(Numeric(33, 15), 0), "00000008000000000000000f");       // 0::numeric(33,15)
}

TEST(PgNumericTest, PrecisionLimits) {
  Spec n = Numeric(33, 15);              // 18 integer digits
  EXPECT_EQ(Int(n, 999999999999999999),  // '999999999999999999'::numeric(33,15)
            "00000012000500040000000f0063270f270f270f270f");
  // The double nearest 99999999999999984 prints shortest as 9.999999999999998e+16, so 99999999999999980 is
  // stored, not the double's exact value.
  EXPECT_EQ(Dbl(n, 99999999999999984.0),  // '99999999999999980'::numeric(33,15)
            "00000012000500040000000f0009270f270f270f26fc");
  EXPECT_EQ(Int(kPlain, std::numeric_limits<int64_t>::min()),
            "000000120005000440000000039a0d2c0170156516b0");  // '-9223372036854775808'::numeric
  EXPECT_EQ(IntFit(n, 1000000000000000000), NumericFit::kTooLarge);
  EXPECT_EQ(DblFit(n, -1e18), NumericFit::kTooLarge);
  // Rounding may add a digit: 99999999.99999999 -> 100000000.0000000 no longer fits numeric(15,7).
  EXPECT_EQ(DblFit(Numeric(15, 7), 99999999.9999999), NumericFit::kOk);
  EXPECT_EQ(DblFit(Numeric(15, 7), 99999999.99999999), NumericFit::kTooLarge);
}

TEST(PgNumericTest, RoundsTheShortestTextHalfUp) {
  EXPECT_EQ(RoundDoubleHalfUp(0.1 + 0.2, 15), "0.300000000000000");
  EXPECT_EQ(RoundDoubleHalfUp(2.675, 2),
            "2.68");  // the double is 2.67499999999999982236431605997495353221893310546875
  EXPECT_EQ(RoundDoubleHalfUp(-2.675, 2), "-2.68");
  EXPECT_EQ(RoundDoubleHalfUp(0.5, 0), "1");
  EXPECT_EQ(RoundDoubleHalfUp(-0.5, 0), "-1");
  EXPECT_EQ(RoundDoubleHalfUp(0.4999999999999999, 0), "0");
  EXPECT_EQ(RoundDoubleHalfUp(1.0000000005, 9), "1.000000001");
  EXPECT_EQ(RoundDoubleHalfUp(-1e-10, 9), "0.000000000");
  EXPECT_EQ(RoundDoubleHalfUp(9.9999999995, 9), "10.000000000");
  EXPECT_EQ(RoundDoubleHalfUp(1e22, 2), "10000000000000000000000.00");
  EXPECT_EQ(RoundDoubleHalfUp(1.234e-5, -1), "0.00001234");
  EXPECT_EQ(RoundDoubleHalfUp(100, -1), "100");
  EXPECT_THROW(RoundDoubleHalfUp(std::nan(""), 2), Error);
  EXPECT_THROW(RoundDoubleHalfUp(std::numeric_limits<double>::infinity(), 2), Error);
}

TEST(PgNumericTest, NonFiniteIsRefused) {
  EXPECT_EQ(DblFit(Numeric(33, 15), std::nan("")), NumericFit::kNotFinite);
  EXPECT_EQ(DblFit(kPlain, -std::numeric_limits<double>::infinity()), NumericFit::kNotFinite);
}

}  // namespace
}  // namespace costagg
