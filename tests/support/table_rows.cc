#include "support/table_rows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "costagg/engine/engine.h"

namespace costagg::testing {
namespace {

using Row = std::vector<std::optional<std::string>>;

bool NearlyEqual(double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y)); }

/// JSON and arrays (both read as JSON text) re-serialised, arrays sorted; then the rows sorted.
void Canonicalise(TableRows& t) {
  for (auto& row : t.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (!row[c] || (t.kinds[c] != ColumnKind::kJson && t.kinds[c] != ColumnKind::kArray)) continue;
      auto value = nlohmann::json::parse(*row[c]);
      if (t.kinds[c] == ColumnKind::kArray) std::sort(value.begin(), value.end());
      row[c] = value.dump();
    }
  }
  auto less = [&](const Row& x, const Row& y) {
    for (size_t c = 0; c < x.size(); ++c) {
      if (x[c] == y[c]) continue;
      if (!x[c] || !y[c]) return !x[c];
      if (t.kinds[c] == ColumnKind::kNumeric) {
        double dx = std::stod(*x[c]), dy = std::stod(*y[c]);
        if (NearlyEqual(dx, dy)) continue;
        return dx < dy;
      }
      return *x[c] < *y[c];
    }
    return false;
  };
  std::sort(t.rows.begin(), t.rows.end(), less);
}

ColumnKind KindOf(const std::string& pg_type) {
  if (pg_type == "jsonb" || pg_type == "json") return ColumnKind::kJson;
  if (pg_type == "ARRAY") return ColumnKind::kArray;
  if (pg_type == "numeric" || pg_type == "double precision" || pg_type == "integer" || pg_type == "bigint") {
    return ColumnKind::kNumeric;
  }
  return ColumnKind::kText;
}

}  // namespace

TableRows ReadPgTable(PgConnection& conn, const std::string& schema, const std::string& table,
                      const std::set<std::string>& skip) {
  TableRows t;
  auto info = conn.Query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND "
      "table_name = $2 AND column_name NOT IN ('uuid', 'id') ORDER BY ordinal_position",
      {schema, table}, "columns");
  std::string select;
  for (const auto& row : info.rows) {
    if (skip.count(*row[0])) continue;
    t.columns.push_back(*row[0]);
    t.kinds.push_back(KindOf(*row[1]));
    select += (select.empty() ? "" : ", ") +
              (t.kinds.back() == ColumnKind::kArray ? "to_jsonb(" + *row[0] + ")::text" : *row[0] + "::text");
  }
  t.rows = conn.Query("SELECT " + select + " FROM " + schema + "." + table).rows;
  Canonicalise(t);
  return t;
}

TableRows ReadDuckDbTable(const std::string& file, const std::string& schema, const std::string& table,
                          const TableRows& like) {
  Engine engine;
  engine.Execute("ATTACH " + SqlLiteral(file) + " AS o (READ_ONLY)", "attach " + file);
  TableRows t;
  t.columns = like.columns;
  t.kinds = like.kinds;
  std::string select;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    std::string column = SqlIdentifier(t.columns[c]);
    select += (select.empty() ? "" : ", ") + (t.kinds[c] == ColumnKind::kArray
                                                  ? "CAST(to_json(" + column + ") AS VARCHAR)"
                                                  : "CAST(" + column + " AS VARCHAR)");
  }
  for (const auto& batch :
       engine.QueryAll("SELECT " + select + " FROM o." + schema + "." + table, "read " + table)) {
    for (size_t i = 0; i < batch.rows; ++i) {
      Row row;
      for (const auto& column : batch.columns) {
        row.push_back(column.IsNull(i) ? std::nullopt : std::optional<std::string>(column.texts[i]));
      }
      t.rows.push_back(std::move(row));
    }
  }
  Canonicalise(t);
  return t;
}

void ExpectSameRows(const TableRows& pg, const TableRows& duck) {
  ASSERT_EQ(pg.columns, duck.columns);
  ASSERT_EQ(duck.rows.size(), pg.rows.size());
  for (size_t i = 0; i < pg.rows.size(); ++i) {
    for (size_t c = 0; c < pg.columns.size(); ++c) {
      const auto& p = pg.rows[i][c];
      const auto& d = duck.rows[i][c];
      if (pg.kinds[c] == ColumnKind::kNumeric && p && d) {
        EXPECT_TRUE(NearlyEqual(std::stod(*p), std::stod(*d)))
            << pg.columns[c] << " row " << i << ": " << *p << " vs " << *d;
      } else {
        EXPECT_EQ(p, d) << pg.columns[c] << " row " << i;
      }
    }
  }
}

}  // namespace costagg::testing
