#include "costagg/input/parquet_tables.h"

#include <algorithm>
#include <map>

#include "costagg/error.h"

namespace costagg {
namespace {

std::string EmptyProjection(const std::vector<ExpectedColumn>& columns) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += ", ";
    sql += "NULL::" + columns[i].duckdb_type + " AS " + SqlIdentifier(columns[i].name);
  }
  return sql + " WHERE false";
}

/// Whether a column's parquet type (as DuckDB reads it) can stand for the expected type without losing
/// meaning.
bool Compatible(const std::string& expected, const std::string& actual) {
  auto starts = [&](const char* p) { return actual.rfind(p, 0) == 0; };
  if (expected == "DOUBLE") {
    return starts("DOUBLE") || starts("FLOAT") || starts("DECIMAL") || starts("BIGINT") ||
           starts("INTEGER") || starts("SMALLINT") || starts("TINYINT") || starts("HUGEINT") ||
           starts("UBIGINT") || starts("UINTEGER");
  }
  if (expected == "TIMESTAMP") return starts("TIMESTAMP") || starts("DATE");
  if (expected == "VARCHAR") return starts("VARCHAR");
  return actual == expected;
}

/// The columns and types of a parquet scan.
std::vector<std::pair<std::string, std::string>> Describe(Engine& engine, const std::string& scan,
                                                          const std::string& step) {
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& batch :
       engine.QueryAll("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + scan + ")", step)) {
    for (size_t r = 0; r < batch.rows; ++r)
      columns.emplace_back(batch.columns[0].texts[r], batch.columns[1].texts[r]);
  }
  return columns;
}

std::string Scan(const std::string& list, bool with_filename) {
  return "read_parquet(" + list + ", union_by_name = true, hive_partitioning = false" +
         (with_filename ? ", filename = true)" : ")");
}

}  // namespace

ParquetTableInfo CreateParquetTable(Engine& engine, ObjectStore& store, const ParquetTableSpec& spec) {
  ParquetTableInfo info;
  std::string list = "[";
  for (const auto& object : store.List(spec.prefix)) {
    if (object.key.size() < 8 || object.key.compare(object.key.size() - 8, 8, ".parquet") != 0) continue;
    if (info.files++) list += ", ";
    list += SqlLiteral(store.UrlFor(object.key));
    info.bytes += object.size;
  }
  list += "]";
  std::string kind = spec.materialize ? "TABLE" : "VIEW";
  std::string create = "CREATE OR REPLACE TEMP " + kind + " " + SqlIdentifier(spec.name) + " AS ";
  std::string step = "read " + store.Describe() + "/" + spec.prefix;
  if (info.files == 0) {
    info.projection_sql = "SELECT * FROM (" + EmptyProjection(spec.columns) + ")";
    engine.Execute(create + info.projection_sql, step);
    return info;
  }
  std::string scan = Scan(list, false);
  std::map<std::string, std::string> present;
  for (const auto& [name, type] : Describe(engine, scan, step)) present[name] = type;
  std::string select = "SELECT ";
  std::vector<std::string> problems;
  std::vector<std::pair<std::string, std::string>> checks;  // (column, SQL condition of a bad value)
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const auto& c = spec.columns[i];
    if (i) select += ", ";
    auto found = present.find(c.name);
    if (found == present.end()) {
      if (c.required) problems.push_back("lacks required column " + c.name);
      select += "NULL::" + c.duckdb_type + " AS " + SqlIdentifier(c.name);
      continue;
    }
    if (!Compatible(c.duckdb_type, found->second)) {
      // Name the first object whose own schema has the wrong type.
      std::string object = store.Describe() + "/" + spec.prefix;
      for (const auto& entry : store.List(spec.prefix)) {
        for (const auto& [name, type] :
             Describe(engine, Scan("[" + SqlLiteral(store.UrlFor(entry.key)) + "]", false), step)) {
          if (name == c.name && !Compatible(c.duckdb_type, type)) object = store.UrlFor(entry.key);
        }
        if (object != store.Describe() + "/" + spec.prefix) break;
      }
      throw DataError(object + ": column " + c.name + " is " + found->second + ", expected " + c.duckdb_type);
    }
    select += "CAST(" + SqlIdentifier(c.name) + " AS " + c.duckdb_type + ") AS " + SqlIdentifier(c.name);
    if (c.json) {
      checks.push_back(
          {c.name, SqlIdentifier(c.name) + " IS NOT NULL AND NOT json_valid(" + SqlIdentifier(c.name) + ")"});
    } else if (c.required) {
      checks.push_back({c.name, SqlIdentifier(c.name) + " IS NULL"});
    }
  }
  if (!problems.empty()) {
    std::string text;
    for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p;
    throw DataError(store.Describe() + "/" + spec.prefix + ": parquet " + text);
  }
  // Refuse values Koku never writes, with the object and column named. Rows outside the range are not read,
  // except those whose time is NULL.
  if (!checks.empty()) {
    bool timed = std::any_of(spec.columns.begin(), spec.columns.end(),
                             [](const ExpectedColumn& c) { return c.name == "interval_start"; });
    std::string in_scope = spec.where.empty() ? "true"
                           : timed            ? "(" + spec.where + ") OR interval_start IS NULL"
                                              : spec.where;
    std::string counts = "SELECT ";
    for (size_t i = 0; i < checks.size(); ++i)
      counts += (i ? ", " : "") + std::string("count(*) FILTER (WHERE ") + checks[i].second + ")";
    auto result =
        engine.QueryAll(counts + " FROM (" + select + " FROM " + scan + ") WHERE " + in_scope, step);
    for (size_t i = 0; !result.empty() && result[0].rows > 0 && i < checks.size(); ++i) {
      if (result[0].columns[i].ints[0] == 0) continue;
      auto where_bad = engine.QueryAll(
          "SELECT filename FROM " + Scan(list, true) + " WHERE (" + checks[i].second + ") LIMIT 1", step);
      std::string object = where_bad.empty() || where_bad[0].rows == 0 ? store.Describe() + "/" + spec.prefix
                                                                       : where_bad[0].columns[0].texts[0];
      const auto& c = *std::find_if(spec.columns.begin(), spec.columns.end(),
                                    [&](const ExpectedColumn& e) { return e.name == checks[i].first; });
      throw DataError(
          object + ": column " + c.name + (c.json ? " holds text that is not JSON" : " holds NULL") + " in " +
          std::to_string(result[0].columns[i].ints[0]) + " row(s); Koku's ingest never writes that");
    }
  }
  info.projection_sql = select + " FROM " + scan;
  std::string sql = create + info.projection_sql;
  if (!spec.where.empty()) sql += " WHERE " + spec.where;
  engine.Execute(sql, step);
  return info;
}

}  // namespace costagg
