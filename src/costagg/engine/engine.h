#pragma once
/// The embedded DuckDB engine: the only place (with output/duckdb) that talks to DuckDB. It runs costagg's
/// SQL with bound parameters and hands results out as RowSource streams of costagg types.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "costagg/rows.h"

namespace costagg {

/// A value bound to a named SQL parameter (`$name` in the SQL text).
using SqlParam = std::variant<std::string, int64_t, double, bool>;
using SqlParams = std::map<std::string, SqlParam>;

/// S3 connection settings for reading and writing s3:// paths through DuckDB's httpfs extension.
struct S3Settings {
  std::string endpoint;  ///< host[:port] or URL; scheme decides use_ssl
  std::string region = "us-east-1";
  std::string access_key;
  std::string secret_key;
  bool url_style_path = true;  ///< path-style addressing (MinIO); virtual-host style for AWS
};

/// Resource limits of the engine.
struct EngineOptions {
  std::string memory_limit;    ///< e.g. "1GB"; empty = DuckDB's default (80% of the machine's memory)
  int threads = 0;             ///< 0 = DuckDB default (all cores)
  std::string temp_directory;  ///< spill directory; empty = a private one in the system temp directory
  std::string database_path;   ///< empty = in memory; otherwise a DuckDB file (embedded output)
};

/// Hashing of std::string keys that also takes std::string_view (lookups without a copy).
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

/// A text -> text table that SQL can read through a scalar function (Engine::RegisterTextLookup); a value of
/// nullopt reads as NULL.
using TextLookup = std::unordered_map<std::string, std::optional<std::string>, TextHash, std::equal_to<>>;

/// A text -> text function that SQL can call (Engine::RegisterTextFunction): writes the result into `out` and
/// returns true, or returns false for NULL. Called for every non-NULL row; must not throw.
using TextFunction = std::function<bool(std::string_view text, std::string& out)>;

/// One DuckDB database and connection. Not thread-safe; one per run.
class Engine {
 public:
  explicit Engine(const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs every statement of `sql` (one or more, ';'-separated) with `params` bound by name. Parameters that
  /// a statement does not use are ignored. `step` names the work in errors ("ingest pod_usage", a SQL file).
  void Execute(const std::string& sql, const std::string& step, const SqlParams& params = {});

  /// Runs a single query and streams its result. The engine must outlive the returned source, and no other
  /// statement may run while it is being read.
  std::unique_ptr<RowSource> Query(const std::string& sql, const std::string& step,
                                   const SqlParams& params = {});

  /// Runs a single query and returns its whole result (small results only).
  std::vector<RowBatch> QueryAll(const std::string& sql, const std::string& step,
                                 const SqlParams& params = {});

  /// Runs a query returning one BIGINT-convertible value (NULL -> `if_null`).
  int64_t QueryInt(const std::string& sql, const std::string& step, const SqlParams& params = {},
                   int64_t if_null = 0);

  /// A second connection to the same database, for another thread: it sees the database's tables (not this
  /// connection's temp tables) and may run while this engine runs other statements. Must not outlive this
  /// engine.
  std::unique_ptr<Engine> NewReader();

  /// Makes the scalar function `name(VARCHAR) -> VARCHAR` read `table`: the text's value, NULL for a text not
  /// in it (and for NULL). A projection, so it keeps the row order a join would not. `table` is the caller's:
  /// it must not change while a statement runs, and is read until the next RegisterTextLookup of `name`;
  /// nullptr leaves the function without a table (a statement calling it then fails).
  void RegisterTextLookup(const std::string& name, const TextLookup* table);

  /// Makes the scalar function `name(VARCHAR) -> VARCHAR` call `function` on every non-NULL text (NULL gives
  /// NULL), with the same lifetime rules as RegisterTextLookup: the function is the caller's, read until the
  /// next RegisterTextFunction of `name`; nullptr leaves the SQL function without one.
  void RegisterTextFunction(const std::string& name, const TextFunction* function);

  /// Rolls back an open transaction, ignoring every failure: for destructors on failure paths.
  void RollbackQuietly() noexcept;

  /// Loads httpfs (shipped next to the binary, see FindExtension), sets its bounded retries (6 attempts,
  /// under 4 s of backoff per request) and the S3 credentials as a DuckDB secret. A read whose retries ran
  /// out fails with ErrorKind::kTransient.
  void EnableS3(const S3Settings& s3);

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Quotes `text` as a SQL string literal ('it''s').
std::string SqlLiteral(const std::string& text);

/// Quotes `name` as a SQL identifier ("a""b").
std::string SqlIdentifier(const std::string& name);

/// Where httpfs.duckdb_extension is: $COSTAGG_HTTPFS_EXTENSION, else next to the executable or in ../lib.
std::string FindExtension(const std::string& name);

}  // namespace costagg
