#include "support/cli.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <system_error>
#include <vector>

namespace costagg::testing {
namespace fs = std::filesystem;

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The directories FreshDirectory made, removed when the program exits. Forked children leave through
/// _Exit, which runs no destructor, so only the test program itself removes them.
class MadeDirectories {
 public:
  ~MadeDirectories() {
    if (std::getenv("COSTAGG_TEST_KEEP") != nullptr) return;
    std::error_code ignored;
    for (const auto& dir : dirs_) fs::remove_all(dir, ignored);
  }
  void Add(const fs::path& dir) {
    std::lock_guard<std::mutex> lock(mutex_);
    dirs_.push_back(dir);
  }

 private:
  std::mutex mutex_;
  std::vector<fs::path> dirs_;
};

}  // namespace

std::string FreshDirectory(const std::string& stem) {
  static std::atomic<int> counter{0};
  static MadeDirectories made;
  fs::path dir = fs::temp_directory_path() /
                 ("costagg-" + stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  made.Add(dir);
  return dir.string();
}

namespace {

/// Forks and runs `binary` with stdout and stderr sent to the given files.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, const std::string& out_path,
            const std::string& err_path) {
  pid_t pid = ::fork();
  if (pid == 0) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    std::string path = binary;
    argv.push_back(path.data());
    std::vector<std::string> copies = args;
    for (auto& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(path.c_str(), argv.data());
    std::_Exit(127);
  }
  return pid;
}

}  // namespace

int StartCostagg(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  return Spawn(COSTAGG_BINARY, args, env, "/dev/null", "/dev/null");
}

int WaitCostagg(int pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

CliResult RunCostagg(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  return RunProgram(COSTAGG_BINARY, args, env);
}

CliResult RunProgram(const std::string& binary, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env) {
  std::string dir = FreshDirectory("cli");
  std::string out_path = dir + "/stdout", err_path = dir + "/stderr";
  pid_t pid = Spawn(binary, args, env, out_path, err_path);
  CliResult result;
  result.exit_code = WaitCostagg(pid);
  result.out = ReadAll(out_path);
  result.err = ReadAll(err_path);
  fs::remove_all(dir);
  return result;
}

}  // namespace costagg::testing
