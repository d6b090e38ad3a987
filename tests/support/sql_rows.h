#pragma once
/// Rows of a DuckDB query as text, for tests of costagg's SQL on hand-made tables: every column as text (NULL
/// as kNull, doubles in their shortest round-trip form), and matchers that assert every column of a row.

#include <map>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"

namespace costagg::testing {

using Row = std::map<std::string, std::string>;
using Rows = std::vector<Row>;

/// The text of a NULL cell, and the expectation "any value but NULL" (random uuids).
inline constexpr const char* kNull = "<null>";
inline constexpr const char* kAny = "<any>";

/// Every row of `sql` with every column as text.
Rows QueryRows(Engine& engine, const std::string& sql, const SqlParams& params = {});

/// Rows of `rows` whose every listed column has the listed text.
Rows Where(const Rows& rows, const Row& match);

/// The one row of `rows` matching `match` (fails the test when there is not exactly one).
Row One(const Rows& rows, const Row& match);

/// Asserts that `actual` has exactly the columns of `expected`, each equal: numbers within 1e-12 relative
/// (hand-derived values are written as decimals, the SQL computes in doubles), kAny any non-NULL value, text
/// exactly.
void ExpectRow(const Row& actual, const Row& expected);

}  // namespace costagg::testing
