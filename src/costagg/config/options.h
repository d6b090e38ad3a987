#pragma once
/// Everything a run needs, resolved once from three layers: the POC's config.yaml keys (lowest), the POC's
/// and Koku's environment variables, and command-line flags (highest). Values are typed and validated here,
/// so the rest of costagg never re-parses a string.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace costagg {

/// Which command runs.
enum class Command { kIngestOcp, kIngestAws, kInitDb, kSummarizeOcp, kSummarizeOcpAws, kSummarizeAws };

/// The command's name as typed ("summarize ocp").
const char* CommandName(Command command);

/// S3 access (endpoint, region, keys). The keys are secrets: never logged or printed.
struct S3Options {
  std::string endpoint;  ///< URL or host[:port]; `https://` is assumed when no scheme is given
  std::string region = "us-east-1";
  std::string access_key;
  std::string secret_key;
  std::string bucket;  ///< from S3_BUCKET / S3_BUCKET_NAME / s3.bucket: the default input root
};

/// PostgreSQL connection pieces from the POC's postgresql.* keys and POSTGRES_* variables; an explicit
/// `--output postgresql://...` URI overrides them (its missing parts still come from libpq's PG* variables).
struct PostgresOptions {
  std::string host;
  std::string port;
  std::string database;
  std::string user;
  std::string password;  ///< secret: never logged or printed
};

/// A fully resolved run.
struct Options {
  Command command = Command::kSummarizeOcp;
  std::string schema;      ///< tenant schema, e.g. org1234567 (validated identifier)
  std::string source;      ///< OCP source uuid (AWS for ingest aws and summarize aws), lower case
  std::string aws_source;  ///< AWS source uuid for ocp-aws
  int year = 0;            ///< 0 = not given
  int month = 0;
  std::string start_date;  ///< YYYY-MM-DD or empty
  std::string end_date;    ///< YYYY-MM-DD or empty (inclusive)
  std::string cluster_id;
  std::string cluster_alias;
  int64_t report_period_id = 0;  ///< Koku's report period id; 0 = look up (or create) it
  int64_t bill_id = 0;           ///< aws, ocp-aws: Koku's AWS bill id; 0 = look up (or create) it
  bool ec2_compute = false;      ///< summarize aws: also the EC2 compute summary of the month
  std::string input;             ///< local directory or s3://bucket[/prefix]
  std::string output;            ///< postgresql://... or duckdb:FILE
  std::string from_dir;          ///< ingest: nise output folder
  std::string to;                ///< ingest: local dir or s3://bucket[/prefix]
  S3Options s3;
  PostgresOptions postgres;
  double markup = 0.0;
  std::string distribution = "cpu";
  bool json = false;
  bool timings = false;
  std::string log_level = "info";
  std::string memory_limit;  ///< DuckDB memory limit, e.g. "1GB"
  int threads = 0;
  int lock_wait_seconds = 3600;  ///< how long to wait for another run of the same source; 0 = fail at once
  int64_t part_rows = 0;         ///< rows per part; 0: the mode's default (kOcpPartRows, kOcpAwsPartRows)
  std::string config_file;
};

/// --part-rows defaults: summarize ocp, daily pod rows per part; summarize ocp-aws, matched AWS cost rows.
constexpr int64_t kOcpPartRows = 20000;
constexpr int64_t kOcpAwsPartRows = 1000000;

/// Environment lookup, injectable for tests.
using Environment = std::map<std::string, std::string>;

/// The process environment as a map.
Environment ProcessEnvironment();

/// Expands `${VAR}` (error if unset) and `${VAR:-default}` in `text` as the POC's loader does.
std::string ExpandVariables(const std::string& text, const Environment& env, const std::string& where);

/// Values read from a config.yaml (POC keys) after variable expansion, as dotted key -> text.
std::map<std::string, std::string> LoadConfigFile(const std::string& path, const Environment& env);

/// Flags given on the command line, by option name without dashes ("schema", "start-date", ...).
using FlagValues = std::map<std::string, std::string>;

/// Merges file < environment < flags into Options for `command`, validating every value. Throws UsageError
/// naming the flag (and the variable or key it came from) on the first invalid value, after collecting all.
Options ResolveOptions(Command command, const FlagValues& flags, const Environment& env);

/// Checks: identifier (schema), uuid, date, year/month.
bool IsValidIdentifier(const std::string& s);
bool IsValidUuid(const std::string& s);
bool IsValidDate(const std::string& s);

}  // namespace costagg
