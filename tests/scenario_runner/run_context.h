#pragma once
/// What every scenario run needs, whatever its mode: a temporary folder with the log of each step, a fresh
/// PostgreSQL schema, child processes (costagg, koku-nise) run with their output in the log, and clean-up.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace costagg::scenario {

/// The runner's command line.
struct RunnerArguments {
  std::string costagg;
  std::string nise;
  std::string pg_uri;
  std::string scenario_dir;
  std::string check_dir;
  bool keep = false;
  std::vector<std::string> tables;  ///< --tables: compare only these (ocp_aws mode); empty = all
  bool skip_ocp_aws = false;        ///< --no-ocp-aws: stop after `summarize ocp`
  size_t max_problems = 200;        ///< --max-diffs: problem lines printed per table (0 = all)
};

/// True when the variable is set to something other than "", 0, false or no.
bool EnvTrue(const char* name);

/// Environment variables added for one child process.
using ExtraEnv = std::vector<std::pair<std::string, std::string>>;

/// One scenario run: owns the temporary folder and the schema, and removes both when destroyed unless the
/// run is kept (--keep or COSTAGG_SCENARIO_KEEP=1; their names are printed then).
class RunContext {
 public:
  RunContext(const RunnerArguments& args, std::string scenario_name, std::string pg_uri);
  ~RunContext();
  RunContext(const RunContext&) = delete;
  RunContext& operator=(const RunContext&) = delete;

  /// Creates the temporary folder and picks the schema: `fixed_schema`, or scen_<folder>_<pid> when empty.
  /// A fixed schema must not exist yet (so a kept or concurrent run is never overwritten or dropped).
  /// False (after printing why) on failure.
  bool Prepare(const std::string& fixed_schema = "");

  /// Runs argv in `cwd` (default: the temporary folder) with `env` added, output to logs/<n>_<label>.log.
  /// Prints "ok <label>", or the failure with the command and the end of its log.
  bool Step(const std::string& label, const std::vector<std::string>& argv,
            const std::filesystem::path& cwd = {}, const ExtraEnv& env = {});

  /// A fresh folder tmp/nise_<name>/ holding a writable copy of `static_file` as static.yml (nise opens it
  /// "r+"), an empty out/ and the private TMPDIR tmp/.
  std::filesystem::path NiseFolder(const std::string& name, const std::filesystem::path& static_file);

  /// Runs koku-nise (`argv` without the binary) in `cwd` with the private TMPDIR of `work` and UTF-8 output.
  bool RunNise(const std::string& label, const std::filesystem::path& work, const std::filesystem::path& cwd,
               const std::vector<std::string>& argv);

  /// Prints "FAIL <scenario>: message"; returns 1.
  int Fail(const std::string& message) const;

  const RunnerArguments& args() const { return args_; }
  const std::filesystem::path& tmp() const { return tmp_; }
  const std::string& schema() const { return schema_; }
  const std::string& pg_uri() const { return pg_uri_; }
  const std::string& name() const { return name_; }
  std::filesystem::path parquet_root() const { return tmp_ / "parquet"; }

 private:
  const RunnerArguments& args_;
  std::string name_;
  std::string pg_uri_;
  std::filesystem::path tmp_;
  std::string schema_;  ///< set once this run owns the schema (it drops it)
  int steps_ = 0;
  bool keep_ = false;
};

}  // namespace costagg::scenario
