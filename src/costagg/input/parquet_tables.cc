#include "costagg/input/parquet_tables.h"

#include <set>

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
    engine.Execute(create + EmptyProjection(spec.columns), step);
    return info;
  }
  // Koku's keys hold source=/year=/month= folders; they are not columns of the data.
  std::string scan = "read_parquet(" + list + ", union_by_name = true, hive_partitioning = false)";
  std::set<std::string> present;
  for (const auto& batch :
       engine.QueryAll("SELECT column_name FROM (DESCRIBE SELECT * FROM " + scan + ")", step)) {
    for (size_t r = 0; r < batch.rows; ++r) present.insert(batch.columns[0].texts[r]);
  }
  std::string select = "SELECT ";
  std::vector<std::string> missing;
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const auto& c = spec.columns[i];
    if (i) select += ", ";
    if (present.count(c.name)) {
      select += "CAST(" + SqlIdentifier(c.name) + " AS " + c.duckdb_type + ") AS " + SqlIdentifier(c.name);
    } else if (!c.required) {
      select += "NULL::" + c.duckdb_type + " AS " + SqlIdentifier(c.name);
    } else {
      missing.push_back(c.name);
    }
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    throw DataError(store.Describe() + "/" + spec.prefix + ": parquet lacks required column(s) " + names);
  }
  std::string sql = create + "SELECT * FROM (" + select + " FROM " + scan + ")";
  if (!spec.where.empty()) sql += " WHERE " + spec.where;
  engine.Execute(sql, step);
  return info;
}

}  // namespace costagg
