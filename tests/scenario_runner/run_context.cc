#include "run_context.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "costagg/output/postgres/pg_connection.h"

namespace costagg::scenario {
namespace {

namespace fs = std::filesystem;

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
int RunCommand(const std::vector<std::string>& argv, const fs::path& cwd, const ExtraEnv& extra_env,
               const fs::path& log) {
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

}  // namespace

bool EnvTrue(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return false;
  std::string v(value);
  return v != "0" && v != "false" && v != "no";
}

RunContext::RunContext(const RunnerArguments& args, std::string scenario_name, std::string pg_uri)
    : args_(args), name_(std::move(scenario_name)), pg_uri_(std::move(pg_uri)) {}

RunContext::~RunContext() {
  if (keep_) {
    std::cout << "kept: folder " << tmp_.string() << ", schema " << schema_ << "\n";
    return;
  }
  if (!schema_.empty()) {
    try {
      PgConnection conn(pg_uri_);
      conn.Execute("DROP SCHEMA IF EXISTS " + QuoteIdentifier(schema_) + " CASCADE", "drop scenario schema");
    } catch (const std::exception& e) {
      std::cerr << "warning: could not drop schema " << schema_ << ": " << e.what() << "\n";
    }
  }
  if (!tmp_.empty()) {
    std::error_code ignored;
    fs::remove_all(tmp_, ignored);
  }
}

bool RunContext::Prepare(const std::string& fixed_schema) {
  keep_ = args_.keep || EnvTrue("COSTAGG_SCENARIO_KEEP");
  std::string base = (fs::temp_directory_path() / "costagg-scenario-XXXXXX").string();
  if (!mkdtemp(base.data())) {
    Fail("cannot create a temporary folder");
    return false;
  }
  tmp_ = base;
  fs::create_directories(tmp_ / "logs");
  if (!fixed_schema.empty()) {
    PgConnection conn(pg_uri_);
    auto exists = conn.Query("SELECT 1 FROM pg_namespace WHERE nspname = $1", PgParams{fixed_schema},
                             "look for the scenario's schema");
    if (!exists.rows.empty()) {
      Fail("schema " + fixed_schema +
           " already exists (a kept run, or the same scenario running twice?); drop it first");
      return false;
    }
    schema_ = fixed_schema;
    return true;
  }
  std::string name = "scen_";
  for (char c : name_) {
    name += std::isalnum(static_cast<unsigned char>(c))
                ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                : '_';
  }
  schema_ = name.substr(0, 48) + "_" + std::to_string(getpid());
  return true;
}

int RunContext::Fail(const std::string& message) const {
  std::cout << "FAIL " << name_ << ": " << message << "\n";
  return 1;
}

bool RunContext::Step(const std::string& label, const std::vector<std::string>& argv, const fs::path& cwd,
                      const ExtraEnv& env) {
  fs::path log = tmp_ / "logs" / (std::to_string(++steps_) + "_" + label + ".log");
  int code = RunCommand(argv, cwd.empty() ? tmp_ : cwd, env, log);
  if (code == 0) {
    std::cout << "  ok   " << label << "\n";
    return true;
  }
  std::cout << "FAIL " << name_ << ": step " << label << " exited with " << code << "\n"
            << "  command: " << Joined(argv) << "\n"
            << "  output (" << log.string() << "):\n"
            << Tail(log, 40);
  return false;
}

fs::path RunContext::NiseFolder(const std::string& name, const fs::path& static_file) {
  fs::path work = tmp_ / ("nise_" + name);
  fs::create_directories(work / "out");
  fs::create_directories(work / "tmp");
  fs::copy_file(static_file, work / "static.yml", fs::copy_options::overwrite_existing);
  fs::permissions(work / "static.yml", fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
  return work;
}

bool RunContext::RunNise(const std::string& label, const fs::path& work, const fs::path& cwd,
                         const std::vector<std::string>& argv) {
  std::vector<std::string> command = {args_.nise};
  command.insert(command.end(), argv.begin(), argv.end());
  // nise stages every payload in $TMPDIR/payload/ under fixed names (report.py create_temporary_copy), so
  // concurrent runs would swap manifests: give each run its own TMPDIR. Label values may be non-ASCII: make
  // nise write UTF-8 whatever the locale.
  return Step(label, command, cwd, {{"PYTHONUTF8", "1"}, {"TMPDIR", (work / "tmp").string()}});
}

}  // namespace costagg::scenario
