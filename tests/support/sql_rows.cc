#include "support/sql_rows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

namespace costagg::testing {
namespace {

bool ParseNumber(const std::string& text, double* value) {
  if (text.empty()) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

}  // namespace

Rows QueryRows(Engine& engine, const std::string& sql, const SqlParams& params) {
  auto source = engine.Query("SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")", "test query", params);
  Rows rows;
  RowBatch batch;
  while (source->Next(&batch)) {
    for (size_t r = 0; r < batch.rows; ++r) {
      Row row;
      for (size_t c = 0; c < batch.columns.size(); ++c) {
        row[source->columns()[c].name] = batch.columns[c].IsNull(r) ? kNull : batch.columns[c].texts[r];
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Rows Where(const Rows& rows, const Row& match) {
  Rows out;
  for (const auto& r : rows) {
    bool ok = true;
    for (const auto& [k, v] : match) ok = ok && r.count(k) && r.at(k) == v;
    if (ok) out.push_back(r);
  }
  return out;
}

Row One(const Rows& rows, const Row& match) {
  Rows found = Where(rows, match);
  EXPECT_EQ(found.size(), 1u) << "rows matching the given columns";
  return found.empty() ? Row{} : found[0];
}

void ExpectRow(const Row& actual, const Row& expected) {
  std::set<std::string> actual_columns, expected_columns;
  for (const auto& [k, v] : actual) actual_columns.insert(k);
  for (const auto& [k, v] : expected) expected_columns.insert(k);
  EXPECT_EQ(actual_columns, expected_columns);
  for (const auto& [column, want] : expected) {
    auto it = actual.find(column);
    if (it == actual.end()) continue;
    const std::string& got = it->second;
    double a = 0, e = 0;
    if (want == kAny) {
      EXPECT_NE(got, kNull) << column;
    } else if (ParseNumber(want, &e) && ParseNumber(got, &a)) {
      EXPECT_NEAR(a, e, 1e-12 * std::max(1.0, std::fabs(e))) << column;
    } else {
      EXPECT_EQ(got, want) << column;
    }
  }
}

}  // namespace costagg::testing
