#include "support/nise_fixture.h"

#include <filesystem>

#include "costagg/engine/engine.h"
#include "support/cli.h"
#include "support/nise.h"

namespace costagg::testing {

void NiseDataTest::SetUp() {
  PgServerTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  COSTAGG_REQUIRE_NISE();
  std::string error = Generate();
  ASSERT_TRUE(error.empty()) << error;
  root_ = FreshDirectory(root_stem_);
}

void NiseDataTest::TearDown() {
  if (!root_.empty()) std::filesystem::remove_all(root_);
}

void NiseDataTest::Ok(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  auto r = RunCostagg(args, env);
  ASSERT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
}

void NiseDataTest::InitDb(const std::string& output,
                          const std::vector<std::pair<std::string, std::string>>& tag_keys) {
  ASSERT_NO_FATAL_FAILURE(Ok({"init-db", "--schema", schema(), "--output", output}));
  std::string values;
  for (const auto& [key, provider_type] : tag_keys) {
    values +=
        (values.empty() ? "" : ", ") + ("(gen_random_uuid(), '" + key + "', true, '" + provider_type + "')");
  }
  std::string insert = ".reporting_enabledtagkeys (uuid, key, enabled, provider_type) VALUES " + values;
  const std::string duckdb = "duckdb:";
  if (output.rfind(duckdb, 0) != 0) {
    conn().Execute("INSERT INTO " + schema() + insert);
    return;
  }
  Engine engine;
  engine.Execute("ATTACH " + SqlLiteral(output.substr(duckdb.size())) + " AS o", "attach");
  engine.Execute("INSERT INTO o." + schema() + insert, "tag keys");
  engine.Execute("DETACH o", "detach");
}

int64_t NiseDataTest::Count(const std::string& table, const std::string& where) {
  return std::stoll(conn().Query("SELECT count(*) FROM " + Table(table) + " WHERE " + where).Scalar());
}

double NiseDataTest::Sum(const std::string& expression, const std::string& table, const std::string& where) {
  return std::stod(conn()
                       .Query("SELECT coalesce(sum(" + expression + "), 0)::float8::text FROM " +
                              Table(table) + " WHERE " + where)
                       .Scalar());
}

std::string NiseDataTest::Checksum(const std::string& table, const std::string& where) {
  auto info = conn().Query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND "
      "table_name = $2 AND column_name NOT IN ('uuid', 'id') ORDER BY ordinal_position",
      {schema(), table}, "columns");
  std::string columns;
  for (const auto& row : info.rows) {
    columns +=
        (columns.empty() ? "" : ", ") +
        (*row[1] == "ARRAY" ? "(SELECT array_agg(e ORDER BY e) FROM unnest(" + *row[0] + ") e) AS " + *row[0]
                            : *row[0]);
  }
  return conn()
      .Query(
          "SELECT count(*)::text || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') "
          "FROM (SELECT " +
          columns + " FROM " + Table(table) + " WHERE " + where + ") t")
      .Scalar();
}

}  // namespace costagg::testing
