#pragma once
/// The one error type of costagg. Every failure of libpq, DuckDB, S3 or the input becomes an Error at the
/// layer that saw it, carrying the object it concerns (file, table, column, flag) and the underlying message.
/// Only src/cli/main.cc turns an Error into a message and an exit code.

#include <stdexcept>
#include <string>

namespace costagg {

/// What kind of failure: decides the exit code and the `error.kind` of the --json summary.
enum class ErrorKind {
  kUsage,      ///< bad flags or configuration: exit 2
  kData,       ///< bad input data or missing objects: exit 1
  kRuntime,    ///< a server or engine failed: exit 1
  kLockBusy,   ///< another run holds the source's lock: exit 3
  kTransient,  ///< a retryable fault outlived the retries: exit 4
};

/// A failure with its kind; what() is one line naming the object and the problem.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

/// Shorthands for the common kinds.
inline Error UsageError(const std::string& m) { return Error(ErrorKind::kUsage, m); }
inline Error DataError(const std::string& m) { return Error(ErrorKind::kData, m); }
inline Error RuntimeError(const std::string& m) { return Error(ErrorKind::kRuntime, m); }

/// The process exit code for an error kind (koku_integration.md §3.3).
int ExitCode(ErrorKind kind);

/// The name used for an error kind in --json output.
const char* ErrorKindName(ErrorKind kind);

}  // namespace costagg
