#pragma once
/// PostgreSQL numeric values as Trino writes them (ocp_on_aws.md §2.2 "Rounding"): Trino's insert coercion
/// turns a double into decimal(p,s) by rounding the double's shortest round-trip decimal text (Java's
/// BigDecimal.valueOf) half-up, away from zero, at s decimals. Here the same text comes from std::to_chars
/// and is written as numeric's binary send() form: base-10000 digit groups with weight, sign and display
/// scale.

#include <cstdint>
#include <string>

namespace costagg {

/// The decimal text PostgreSQL stores when Trino inserts `value` into numeric(p, `scale`). `scale` < 0 keeps
/// the shortest text (plain numeric). 0.1 + 0.2 = 0.30000000000000004 -> "0.300000000000000" at scale 15;
/// 2.675 -> "2.68" at scale 2 although the double is below 2.675. Throws DataError for NaN and infinity.
std::string RoundDoubleHalfUp(double value, int scale);

/// Whether a value could be written.
enum class NumericFit {
  kOk,
  kNotFinite,  ///< NaN or infinity: numeric(p,s) cannot hold them (and Trino's insert fails)
  kTooLarge,   ///< more than p - s integer digits once rounded
};

/// Appends the binary COPY field (32-bit length, then numeric's send() bytes) of `value` rounded as above to
/// numeric(`precision`, `scale`); -1 for either means plain numeric. Appends nothing unless it returns kOk.
NumericFit AppendNumeric(double value, int precision, int scale, std::string* out);
/// The same for an integer (exact, shown with `scale` zero decimals).
NumericFit AppendNumeric(int64_t value, int precision, int scale, std::string* out);

}  // namespace costagg
