#pragma once
/// The command line: subcommands and flags (CLI11), with --help texts that teach. Parsing yields the command
/// and the raw flag values; ResolveOptions (options.h) merges them with the environment and config file.

#include <optional>
#include <string>

#include "costagg/config/options.h"

namespace costagg {

/// What the command line asked for.
struct ParsedCommandLine {
  std::optional<Command> command;  ///< empty when only --help / --version was asked
  FlagValues flags;
  std::string output;  ///< help or version text to print on stdout
  int exit_code = 0;   ///< for help/version (0) or a usage error (2)
  std::string error;   ///< one-line usage error
};

/// Parses argv. Never throws and never exits.
ParsedCommandLine ParseCommandLine(int argc, const char* const* argv);

}  // namespace costagg
