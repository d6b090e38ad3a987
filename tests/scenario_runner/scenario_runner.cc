// costagg_scenario: runs one scenario folder end to end and compares PostgreSQL's rows with expected.csv.
//
//   costagg_scenario --costagg BIN --nise BIN [--pg-uri URI] [--keep] SCENARIO_DIR
//   costagg_scenario --check-folders DIR
//
// A run: koku-nise writes the operator payload of each source into a temporary folder, `costagg ingest ocp`
// turns it into Koku's parquet, `costagg init-db` prepares a fresh schema, the scenario's tag keys, cost
// categories and seeded nodes are inserted, every `costagg summarize ocp` run of scenario.yml executes, and
// the rows of reporting_ocpusagelineitem_daily_summary are compared with expected.csv. The schema and the
// temporary folder are removed afterwards unless --keep (or COSTAGG_SCENARIO_KEEP=1) is given.
//
// The PostgreSQL URI comes from --pg-uri, else COSTAGG_TEST_PG_URI (environment or the file named by
// COSTAGG_TEST_SERVERS_FILE). Exit codes: 0 rows match, 1 mismatch or failure, 77 skipped because PostgreSQL
// or nise is not available (a failure instead when CI or COSTAGG_REQUIRE_SERVERS is set).

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "costagg/output/postgres/pg_connection.h"
#include "expected_rows.h"
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

struct Arguments {
  std::string costagg;
  std::string nise;
  std::string pg_uri;
  std::string scenario_dir;
  std::string check_dir;
  bool keep = false;
};

bool EnvTrue(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return false;
  std::string v(value);
  return v != "0" && v != "false" && v != "no";
}

bool ServersRequired() { return EnvTrue("CI") || EnvTrue("COSTAGG_REQUIRE_SERVERS"); }

int Usage(const std::string& error) {
  if (!error.empty()) std::cerr << "costagg_scenario: " << error << "\n";
  std::cerr << "usage: costagg_scenario --costagg BIN --nise BIN [--pg-uri URI] [--keep] SCENARIO_DIR\n"
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

std::string Tail(const fs::path& path, size_t max_lines) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > max_lines ? lines.size() - max_lines : 0; i < lines.size(); ++i) {
    out += "    | " + lines[i] + "\n";
  }
  return out;
}

/// Runs argv in `cwd` with `extra_env` added, stdout and stderr to `log`; returns the exit status (or
/// 128+signal).
int RunCommand(const std::vector<std::string>& argv, const fs::path& cwd,
               const std::vector<std::pair<std::string, std::string>>& extra_env, const fs::path& log) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& [name, value] : extra_env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string Joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

/// One scenario run: owns the temporary folder and the schema.
class ScenarioRun {
 public:
  ScenarioRun(const Arguments& args, Scenario scenario, std::string pg_uri)
      : args_(args), scenario_(std::move(scenario)), pg_uri_(std::move(pg_uri)) {}

  ~ScenarioRun() {
    if (keep_) {
      std::cout << "kept: folder " << tmp_ << ", schema " << schema_ << "\n";
      return;
    }
    if (!schema_.empty()) {
      try {
        PgConnection conn(pg_uri_);
        conn.Execute("DROP SCHEMA IF EXISTS " + QuoteIdentifier(schema_) + " CASCADE",
                     "drop scenario schema");
      } catch (const std::exception& e) {
        std::cerr << "warning: could not drop schema " << schema_ << ": " << e.what() << "\n";
      }
    }
    if (!tmp_.empty()) {
      std::error_code ignored;
      fs::remove_all(tmp_, ignored);
    }
  }

  /// Returns the process exit code.
  int Execute() {
    keep_ = args_.keep || EnvTrue("COSTAGG_SCENARIO_KEEP");
    std::string base = (fs::temp_directory_path() / "costagg-scenario-XXXXXX").string();
    if (!mkdtemp(base.data())) return Fail("cannot create a temporary folder");
    tmp_ = base;
    fs::create_directories(tmp_ / "logs");
    schema_ = SchemaName();

    for (const auto& source : scenario_.sources) {
      if (!GenerateAndIngest(source)) return 1;
    }
    if (!Step("init-db", {args_.costagg, "init-db", "--schema", schema_, "--output", pg_uri_})) return 1;
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
                                       (tmp_ / "parquet").string(),
                                       "--output",
                                       pg_uri_,
                                       "--cluster-id",
                                       source.cluster_id};
      if (!run.start_date.empty()) argv.insert(argv.end(), {"--start-date", run.start_date});
      if (!run.end_date.empty()) argv.insert(argv.end(), {"--end-date", run.end_date});
      if (!Step("summarize-" + std::to_string(++n), argv)) return 1;
    }
    return Compare(conn);
  }

 private:
  std::string SchemaName() const {
    std::string name = "scen_";
    for (char c : scenario_.name) {
      name += std::isalnum(static_cast<unsigned char>(c))
                  ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                  : '_';
    }
    name = name.substr(0, 48) + "_" + std::to_string(getpid());
    return name;
  }

  int Fail(const std::string& message) {
    std::cout << "FAIL " << scenario_.name << ": " << message << "\n";
    return 1;
  }

  bool Step(const std::string& label, const std::vector<std::string>& argv, const fs::path& cwd = {},
            const std::vector<std::pair<std::string, std::string>>& env = {}) {
    fs::path log = tmp_ / "logs" / (std::to_string(++steps_) + "_" + label + ".log");
    int code = RunCommand(argv, cwd.empty() ? tmp_ : cwd, env, log);
    if (code == 0) {
      std::cout << "  ok   " << label << "\n";
      return true;
    }
    std::cout << "FAIL " << scenario_.name << ": step " << label << " exited with " << code << "\n"
              << "  command: " << Joined(argv) << "\n"
              << "  output (" << log.string() << "):\n"
              << Tail(log, 40);
    return false;
  }

  bool GenerateAndIngest(const NiseSource& source) {
    // nise opens the static file read-write ("r+") and writes into its working directory: give it a copy.
    fs::path work = tmp_ / ("nise_" + source.name);
    fs::create_directories(work / "out");
    fs::copy_file(scenario_.folder / source.nise_file, work / "static.yml",
                  fs::copy_options::overwrite_existing);
    std::vector<std::string> nise = {args_.nise,
                                     "report",
                                     "ocp",
                                     "--static-report-file",
                                     "static.yml",
                                     "--ocp-cluster-id",
                                     source.cluster_id,
                                     "--start-date",
                                     source.start_date,
                                     "--end-date",
                                     source.end_date,
                                     "--insights-upload",
                                     "out"};
    // nise stages every payload in $TMPDIR/payload/ under fixed names (report.py create_temporary_copy), so
    // concurrent runs would swap manifests: give each run its own TMPDIR. Label values may be non-ASCII: make
    // nise write UTF-8 whatever the locale.
    fs::create_directories(work / "tmp");
    if (!Step("nise-" + source.name, nise, work,
              {{"PYTHONUTF8", "1"}, {"TMPDIR", (work / "tmp").string()}})) {
      return false;
    }
    return Step("ingest-" + source.name,
                {args_.costagg, "ingest", "ocp", "--from", (work / "out").string(), "--to",
                 (tmp_ / "parquet").string(), "--schema", schema_, "--source", source.source_uuid});
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
  std::string pg_uri_;
  fs::path tmp_;
  std::string schema_;
  int steps_ = 0;
  bool keep_ = false;
};

int CheckFoldersCommand(const std::string& dir) {
  auto problems = CheckFolders(dir);
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
    Scenario scenario = LoadScenario(args.scenario_dir);
    if (!Executable(args.costagg)) {
      std::cout << "FAIL " << scenario.name << ": costagg binary " << args.costagg << " is not executable\n";
      return 1;
    }
    if (!Executable(args.nise))
      return Skip("no koku-nise at " + args.nise + " (scripts/setup.sh installs it)");
    std::string uri = args.pg_uri;
    if (uri.empty()) uri = costagg::testing::TestServerValue("COSTAGG_TEST_PG_URI").value_or("");
    if (uri.empty()) return Skip("no PostgreSQL (COSTAGG_TEST_PG_URI / COSTAGG_TEST_SERVERS_FILE)");
    std::cout << "scenario " << scenario.name << "\n";
    ScenarioRun run(args, std::move(scenario), uri);
    return run.Execute();
  } catch (const std::exception& e) {
    std::cout << "FAIL " << args.scenario_dir << ": " << e.what() << "\n";
    return 1;
  }
}
