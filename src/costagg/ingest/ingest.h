#pragma once
/// `costagg ingest ocp|aws`: turn the CSV that koku-nise (or the cost-management operator / an AWS CUR
/// export) writes into the parquet Koku itself would write, at Koku's object keys (input/koku_layout.h), so
/// that the summarize commands read exactly what Trino would have read.
///
/// How a run goes: find the payloads under `from_dir` (payload.h), read each CSV as Koku's pandas read does
/// (csv_read.h), convert it (ocp_convert.h, aws_convert.h) and write every parquet file into a local staging
/// directory. Only when every file converted does the commit start: each staged file is put into the target
/// store (a local directory: copy + rename per file; S3: one PUT per file). If a put fails, the objects this
/// run already put are deleted again (also those that had replaced an object of a previous ingest under the
/// same name), so a failed run leaves none of its output behind; re-running it restores the full output. The
/// staging directory is always removed.
///
/// Re-ingesting the same input writes the same keys (names are derived from the input only), so it replaces
/// the previous output instead of adding to it. Objects of other names are never touched.
///
/// Where costagg knowingly differs from Koku's ingestion:
/// - OCP CSVs are always split into daily pieces; Koku leaves the file of an operator that sends a version
///   but no daily reports (nise's monthly payloads) whole. The rows and the per-day aggregates are the same;
///   the file names and chunk boundaries differ.
/// - The manifest id in file names is the manifest's uuid (payload.h), not Koku's database id.
/// - Several payloads covering the same day are all written; Koku keeps the one with the most hours
///   (`reportnumhours`). nise writes one payload per month (or one per run with --daily-reports).
/// - No S3 object metadata (manifestid, reportdatestart, reportnumhours) and no rows in
///   reporting_enabledtagkeys: the tag keys found are not registered.
/// - A chunk whose every row is an anomaly writes no file (Koku writes an empty one).
/// - AWS timestamps are UTC-adjusted microseconds, not milliseconds (aws_convert.h).

#include <cstdint>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/input/object_store.h"

namespace costagg {

/// DuckDB's memory limit for `costagg ingest` when --memory-limit is not given. The typed rows stream to a
/// parquet work file, so the limit bounds the engine's buffers, not the file: with a 2M-row CUR, 500MB took
/// 1.5x the time of 700MB (DuckDB's order-keeping COPY slows down when its buffers are tight) while peak RSS
/// stayed under 450 MiB at 700MB (docs/benchmarks/ingest.md), well within the 1 GiB target.
inline constexpr const char* kIngestDefaultMemoryLimit = "750MB";

/// What to ingest and where to.
struct IngestRequest {
  std::string from_dir;  ///< the nise output folder (searched recursively)
  std::string to;        ///< target root as given (a directory or s3://bucket/prefix); used by the overload
                         ///< without an ObjectStore, and in messages
  std::string schema;    ///< tenant schema, e.g. org1234567
  std::string source_uuid;  ///< the Koku source (provider) uuid: the `source=` partition
  std::string staging_dir;  ///< parent of the staging directory; empty = the system temp directory
};

/// One parquet object written.
struct IngestedFile {
  std::string report_type;  ///< OCP report type (pod_usage, ...) or "aws"; "_daily" appended for daily files
  std::string object;       ///< key relative to the target root (input/koku_layout.h)
  int64_t rows = 0;
};

/// What a run did.
struct IngestReport {
  std::vector<IngestedFile> files;
  int64_t csv_rows = 0;              ///< data rows read from the CSVs that were converted
  std::vector<std::string> skipped;  ///< "<file>: <reason>" for every input file not converted
  std::string cluster_id;            ///< OCP: the manifests' cluster id
};

/// OCP operator CSV -> Koku parquet in `target` (ocp.md §1.1-1.5). Throws DataError for a missing `from_dir`,
/// no payload found, an unparsable timestamp (naming file and column) or manifests of different clusters.
IngestReport IngestOcp(Engine& engine, ObjectStore& target, const IngestRequest& request);

/// AWS CUR CSV -> Koku parquet in `target` (ocp_on_aws.md §1.1-1.3).
IngestReport IngestAws(Engine& engine, ObjectStore& target, const IngestRequest& request);

/// The same, opening `request.to` as a local directory. An s3:// target needs S3 credentials: open it with
/// OpenObjectStore and call the overload above (a UsageError says so).
IngestReport IngestOcp(Engine& engine, const IngestRequest& request);
IngestReport IngestAws(Engine& engine, const IngestRequest& request);

}  // namespace costagg
