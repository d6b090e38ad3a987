// costagg_scenario: runs one scenario folder end to end and compares PostgreSQL's rows with the expected
// ones.
//
//   costagg_scenario --costagg BIN --nise BIN [--pg-uri URI] [--keep] [--tables T1,T2] [--no-ocp-aws]
//                    [--max-diffs N] SCENARIO_DIR
//   costagg_scenario --check-folders DIR
//
// The mode follows scenario.yml: a top-level `aws:` makes an OCP-on-AWS scenario (ocp_aws_run.h), anything
// else is an OCP scenario. An OCP run: koku-nise writes the operator payload of each source into a temporary
// folder, `costagg ingest ocp` turns it into Koku's parquet, `costagg init-db` prepares a fresh schema, the
// scenario's tag keys, cost categories and seeded nodes are inserted, every `costagg summarize ocp` run of
// scenario.yml executes, and the rows of reporting_ocpusagelineitem_daily_summary are compared with
// expected.csv. The schema and the temporary folder are removed afterwards unless --keep (or
// COSTAGG_SCENARIO_KEEP=1) is given. --tables, --no-ocp-aws and --max-diffs apply to OCP-on-AWS scenarios:
// compare only the named tables, stop after `summarize ocp`, print at most N difference lines per table
// (default 200, 0 = all). --check-folders checks OCP-on-AWS (AWS) folders when DIR is named ocp_aws (aws).
//
// The PostgreSQL URI comes from --pg-uri, else COSTAGG_TEST_PG_URI (environment or the file named by
// COSTAGG_TEST_SERVERS_FILE). Exit codes: 0 rows match, 1 mismatch or failure, 77 skipped because PostgreSQL
// or nise is not available (a failure instead when CI or COSTAGG_REQUIRE_SERVERS is set).

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "costagg/output/postgres/pg_connection.h"
#include "expected_rows.h"
#include "ocp_aws_run.h"
#include "ocp_aws_scenario.h"
#include "run_context.h"
#include "scenario.h"
#include "support/server_env.h"

namespace {

namespace fs = std::filesystem;
using costagg::PgConnection;
using costagg::PgParams;
using costagg::QualifiedName;
using costagg::QuoteIdentifier;
using namespace costagg::scenario;

constexpr int kSkip = 77;

using Arguments = RunnerArguments;

bool ServersRequired() { return EnvTrue("CI") || EnvTrue("COSTAGG_REQUIRE_SERVERS"); }

int Usage(const std::string& error) {
  if (!error.empty()) std::cerr << "costagg_scenario: " << error << "\n";
  std::cerr << "usage: costagg_scenario --costagg BIN --nise BIN [--pg-uri URI] [--keep] [--tables T1,T2]\n"
               "                        [--no-ocp-aws] [--max-diffs N] SCENARIO_DIR\n"
               "       costagg_scenario --check-folders DIR\n";
  return 2;
}

bool ParseArguments(int argc, char** argv, Arguments* args, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* slot) {
      if (i + 1 >= argc) {
        *error = arg + " needs a value";
        return false;
      }
      *slot = argv[++i];
      return true;
    };
    if (arg == "--costagg") {
      if (!value(&args->costagg)) return false;
    } else if (arg == "--nise") {
      if (!value(&args->nise)) return false;
    } else if (arg == "--pg-uri") {
      if (!value(&args->pg_uri)) return false;
    } else if (arg == "--check-folders") {
      if (!value(&args->check_dir)) return false;
    } else if (arg == "--keep") {
      args->keep = true;
    } else if (arg == "--no-ocp-aws") {
      args->skip_ocp_aws = true;
    } else if (arg == "--tables") {
      std::string list;
      if (!value(&list)) return false;
      std::stringstream items(list);
      for (std::string table; std::getline(items, table, ',');) {
        if (!table.empty()) args->tables.push_back(table);
      }
    } else if (arg == "--max-diffs") {
      std::string number;
      if (!value(&number)) return false;
      char* end = nullptr;
      args->max_problems = std::strtoul(number.c_str(), &end, 10);
      if (number.empty() || *end != '\0') {
        *error = "--max-diffs needs a number";
        return false;
      }
    } else if (!arg.empty() && arg[0] == '-') {
      *error = "unknown option " + arg;
      return false;
    } else if (args->scenario_dir.empty()) {
      args->scenario_dir = arg;
    } else {
      *error = "more than one scenario folder";
      return false;
    }
  }
  if (!args->check_dir.empty()) return true;
  if (args->scenario_dir.empty() || args->costagg.empty() || args->nise.empty()) {
    *error = "SCENARIO_DIR, --costagg and --nise are required";
    return false;
  }
  return true;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// One scenario run: owns the temporary folder and the schema.
class ScenarioRun {
 public:
  ScenarioRun(const Arguments& args, Scenario scenario, std::string pg_uri)
      : args_(args), scenario_(std::move(scenario)), ctx_(args, scenario_.name, std::move(pg_uri)) {}

  /// Returns the process exit code.
  int Execute() {
    if (!ctx_.Prepare()) return 1;
    schema_ = ctx_.schema();
    pg_uri_ = ctx_.pg_uri();

    for (const auto& source : scenario_.sources) {
      if (!GenerateAndIngest(source)) return 1;
    }
    if (!ctx_.Step("init-db", {args_.costagg, "init-db", "--schema", schema_, "--output", pg_uri_})) return 1;
    PgConnection conn(pg_uri_);
    SeedTables(conn);
    int n = 0;
    for (const auto& run : scenario_.runs) {
      const NiseSource& source = scenario_.SourceOf(run);
      std::vector<std::string> argv = {args_.costagg,
                                       "summarize",
                                       "ocp",
                                       "--schema",
                                       schema_,
                                       "--source",
                                       source.source_uuid,
                                       "--year",
                                       std::to_string(run.year),
                                       "--month",
                                       std::to_string(run.month),
                                       "--input",
                                       ctx_.parquet_root().string(),
                                       "--output",
                                       pg_uri_,
                                       "--cluster-id",
                                       source.cluster_id};
      if (!run.start_date.empty()) argv.insert(argv.end(), {"--start-date", run.start_date});
      if (!run.end_date.empty()) argv.insert(argv.end(), {"--end-date", run.end_date});
      if (!ctx_.Step("summarize-" + std::to_string(++n), argv)) return 1;
    }
    return Compare(conn);
  }

 private:
  int Fail(const std::string& message) { return ctx_.Fail(message); }

  bool GenerateAndIngest(const NiseSource& source) {
    // nise opens the static file read-write ("r+") and writes into its working directory: give it a copy.
    fs::path work = ctx_.NiseFolder(source.name, scenario_.folder / source.nise_file);
    if (!ctx_.RunNise(
            "nise-" + source.name, work, work,
            {"report", "ocp", "--static-report-file", "static.yml", "--ocp-cluster-id", source.cluster_id,
             "--start-date", source.start_date, "--end-date", source.end_date, "--insights-upload", "out"})) {
      return false;
    }
    return ctx_.Step("ingest-" + source.name,
                     {args_.costagg, "ingest", "ocp", "--from", (work / "out").string(), "--to",
                      ctx_.parquet_root().string(), "--schema", schema_, "--source", source.source_uuid});
  }

  void SeedTables(PgConnection& conn) {
    const std::string keys = QualifiedName(schema_, "reporting_enabledtagkeys");
    for (const auto& [list, enabled] :
         {std::pair{&scenario_.enabled_keys, "true"}, std::pair{&scenario_.disabled_keys, "false"}}) {
      for (const auto& key : *list) {
        conn.Execute("INSERT INTO " + keys +
                         " (uuid, key, enabled, provider_type) VALUES (gen_random_uuid(), $1, " + enabled +
                         ", 'OCP') ON CONFLICT (key, provider_type) DO UPDATE SET enabled = EXCLUDED.enabled",
                     PgParams{key}, "seed reporting_enabledtagkeys");
      }
    }
    const std::string category = QualifiedName(schema_, "reporting_ocp_cost_category");
    const std::string pattern = QualifiedName(schema_, "reporting_ocp_cost_category_namespace");
    for (const auto& p : scenario_.cost_category_patterns) {
      conn.Execute(
          "INSERT INTO " + category +
              " (name, description, source_type, system_default, label) VALUES ($1, 'scenario', 'OCP', "
              "false, '{}') ON CONFLICT (name) DO NOTHING",
          PgParams{p.category}, "seed reporting_ocp_cost_category");
      conn.Execute("INSERT INTO " + pattern +
                       " (namespace, system_default, cost_category_id) SELECT $1, false, id FROM " +
                       category + " WHERE name = $2",
                   PgParams{p.pattern, p.category}, "seed reporting_ocp_cost_category_namespace");
    }
    const std::string clusters = QualifiedName(schema_, "reporting_ocp_clusters");
    const std::string nodes = QualifiedName(schema_, "reporting_ocp_nodes");
    for (const auto& n : scenario_.nodes) {
      conn.Execute("INSERT INTO " + clusters +
                       " (uuid, cluster_id, cluster_alias, provider_id) SELECT gen_random_uuid(), $1, $1, "
                       "gen_random_uuid() WHERE NOT EXISTS (SELECT 1 FROM " +
                       clusters + " WHERE cluster_id = $1)",
                   PgParams{n.cluster_id}, "seed reporting_ocp_clusters");
      conn.Execute("INSERT INTO " + nodes +
                       " (uuid, node, resource_id, node_capacity_cpu_cores, node_role, cluster_id) SELECT "
                       "gen_random_uuid(), $1, $2, $3::numeric, $4, uuid FROM " +
                       clusters + " WHERE cluster_id = $5 LIMIT 1",
                   PgParams{n.node, n.resource_id, n.node_capacity_cpu_cores, n.node_role, n.cluster_id},
                   "seed reporting_ocp_nodes");
    }
  }

  int Compare(PgConnection& conn) {
    Table expected;
    try {
      expected = ParseCsv(ReadFile(scenario_.folder / "expected.csv"));
    } catch (const std::exception& e) {
      return Fail("expected.csv: " + std::string(e.what()));
    }
    std::string select;
    for (const auto& column : expected.columns) {
      bool identifier = !column.empty() && column.find_first_not_of(
                                               "abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
      if (!identifier) return Fail("expected.csv: bad column name '" + column + "'");
      select += select.empty() ? "" : ", ";
      select += column == "cost_category" ? "c.name" : "l." + column + "::text";
      select += " AS " + column;
    }
    auto result = conn.Query("SELECT " + select + " FROM " +
                                 QualifiedName(schema_, "reporting_ocpusagelineitem_daily_summary") +
                                 " AS l LEFT JOIN " + QualifiedName(schema_, "reporting_ocp_cost_category") +
                                 " AS c ON c.id = l.cost_category_id",
                             "read LIDS");
    Table actual{result.columns, result.rows};
    auto problems = CompareRows(expected, actual);
    if (problems.empty()) {
      std::cout << "PASS " << scenario_.name << ": " << expected.rows.size() << " rows\n";
      return 0;
    }
    std::cout << "FAIL " << scenario_.name << ": " << problems.size() << " difference(s); expected "
              << expected.rows.size() << " rows, found " << actual.rows.size() << "\n";
    for (const auto& p : problems) std::cout << "  " << p << "\n";
    return 1;
  }

  const Arguments& args_;
  Scenario scenario_;
  RunContext ctx_;
  std::string schema_;
  std::string pg_uri_;
};

int CheckFoldersCommand(const std::string& dir) {
  auto named = [&](const char* mode) {
    return fs::absolute(dir).lexically_normal().filename() == mode ||
           fs::absolute(dir).lexically_normal().parent_path().filename() == mode;
  };
  // OCP-on-AWS and AWS-only folders share the format (scenario.yml with `aws:`, expected/<table>.csv).
  bool ocp_aws = named("ocp_aws") || named("aws");
  auto problems = ocp_aws ? CheckOcpAwsFolders(dir) : CheckFolders(dir);
  for (const auto& p : problems) std::cout << "FAIL " << p << "\n";
  if (problems.empty()) std::cout << "PASS every scenario folder under " << dir << " is complete\n";
  return problems.empty() ? 0 : 1;
}

int Skip(const std::string& why) {
  if (ServersRequired()) {
    std::cout << "FAIL " << why << " (required: CI or COSTAGG_REQUIRE_SERVERS is set)\n";
    return 1;
  }
  std::cout << "skipped: " << why << "\n";
  return kSkip;
}

bool Executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  std::string error;
  if (!ParseArguments(argc, argv, &args, &error)) return Usage(error);
  if (!args.check_dir.empty()) return CheckFoldersCommand(args.check_dir);
  spdlog::set_level(
      spdlog::level::warn);  // PgConnection logs server notices (e.g. DROP ... IF EXISTS) at info
  // The commands run in the temporary folder: make the binaries' paths absolute first.
  if (!args.costagg.empty()) args.costagg = fs::absolute(args.costagg).string();
  if (!args.nise.empty()) args.nise = fs::absolute(args.nise).string();
  try {
    std::string uri = args.pg_uri;
    if (uri.empty()) uri = costagg::testing::TestServerValue("COSTAGG_TEST_PG_URI").value_or("");
    if (IsOcpAwsScenario(args.scenario_dir)) {
      OcpAwsScenario scenario = LoadOcpAwsScenario(args.scenario_dir);
      if (!Executable(args.costagg)) {
        std::cout << "FAIL " << scenario.name << ": costagg binary " << args.costagg
                  << " is not executable\n";
        return 1;
      }
      bool uses_nise = !scenario.aws.nise_file.empty();
      for (const auto& cluster : scenario.clusters) uses_nise = uses_nise || !cluster.input.nise_file.empty();
      if (uses_nise && !Executable(args.nise))
        return Skip("no koku-nise at " + args.nise + " (scripts/setup.sh installs it)");
      if (uri.empty()) return Skip("no PostgreSQL (COSTAGG_TEST_PG_URI / COSTAGG_TEST_SERVERS_FILE)");
      std::cout << "scenario " << scenario.name << (scenario.AwsOnly() ? " (aws)\n" : " (ocp_aws)\n");
      return RunOcpAwsScenario(args, scenario, uri);
    }
    Scenario scenario = LoadScenario(args.scenario_dir);
    if (!Executable(args.costagg)) {
      std::cout << "FAIL " << scenario.name << ": costagg binary " << args.costagg << " is not executable\n";
      return 1;
    }
    if (!Executable(args.nise))
      return Skip("no koku-nise at " + args.nise + " (scripts/setup.sh installs it)");
    if (uri.empty()) return Skip("no PostgreSQL (COSTAGG_TEST_PG_URI / COSTAGG_TEST_SERVERS_FILE)");
    std::cout << "scenario " << scenario.name << "\n";
    ScenarioRun run(args, std::move(scenario), uri);
    return run.Execute();
  } catch (const std::exception& e) {
    std::cout << "FAIL " << args.scenario_dir << ": " << e.what() << "\n";
    return 1;
  }
}
