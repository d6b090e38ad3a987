#include "costagg/output/koku_database.h"

#include "costagg/output/duckdb/duckdb_koku_database.h"
#include "costagg/output/postgres/pg_koku_database.h"
#include "costagg/output/postgres/pg_settings.h"

namespace costagg {

std::vector<std::string> MergeStatements(const TableMerge& merge, const std::string& target,
                                         const std::string& stage, const std::vector<std::string>& columns,
                                         std::string (*quote)(const std::string&)) {
  std::string match;
  for (const auto& key : merge.key_columns) {
    match += (match.empty() ? "" : " AND ") + ("t." + quote(key) + " IS NOT DISTINCT FROM s." + quote(key));
  }
  std::vector<std::string> statements;
  if (!merge.fill_columns.empty()) {
    std::string set, empty;
    for (const auto& column : merge.fill_columns) {
      set += (set.empty() ? "" : ", ") + (quote(column) + " = s." + quote(column));
      empty += (empty.empty() ? "" : " OR ") + ("coalesce(CAST(t." + quote(column) + " AS TEXT), '') = ''");
    }
    statements.push_back("UPDATE " + target + " AS t SET " + set + " FROM " + stage + " AS s WHERE " + match +
                         " AND (" + empty + ")");
  }
  std::string names, values;
  if (!merge.new_id_column.empty()) {
    names = quote(merge.new_id_column);
    values = "gen_random_uuid()";
  }
  for (const auto& column : columns) {
    names += (names.empty() ? "" : ", ") + quote(column);
    values += (values.empty() ? "" : ", ") + ("s." + quote(column));
  }
  statements.push_back("INSERT INTO " + target + " (" + names + ") SELECT " + values + " FROM " + stage +
                       " AS s WHERE NOT EXISTS (SELECT 1 FROM " + target + " AS t WHERE " + match + ")");
  return statements;
}

std::unique_ptr<KokuDatabase> OpenKokuDatabase(const Options& options, Engine& engine) {
  if (options.output.rfind("duckdb:", 0) == 0) {
    return NewDuckDbKokuDatabase(engine, options.output.substr(7), options.schema);
  }
  PgConnection conn(BuildConninfo(options.output == "postgresql://" ? "" : options.output, options.postgres));
  return NewPgKokuDatabase(std::move(conn), options.schema);
}

}  // namespace costagg
