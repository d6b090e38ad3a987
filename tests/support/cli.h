#pragma once
/// Runs the costagg binary the way a user or Koku would, for end-to-end tests.

#include <map>
#include <string>
#include <vector>

namespace costagg::testing {

/// What a run printed and how it ended.
struct CliResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs the costagg built with the tests (COSTAGG_BINARY) with `args`; `env` is added to (and overrides) the
/// test process's environment.
CliResult RunCostagg(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});

/// Runs the program `binary` (a path) with `args` and `env` as RunCostagg does.
CliResult RunProgram(const std::string& binary, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});

/// Starts the costagg binary with `args` in the background (output discarded) and returns its pid.
int StartCostagg(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

/// Waits for a process started by StartCostagg; returns its exit code, or 128 + signal.
int WaitCostagg(int pid);

/// A fresh empty directory under the system temp directory, named after `stem`, removed with everything in it
/// when the test program exits (kept when COSTAGG_TEST_KEEP is set, to look at a failure).
std::string FreshDirectory(const std::string& stem);

}  // namespace costagg::testing
