#pragma once
/// Koku's object-key layout for parquet (ocp.md §1.3, ocp_on_aws.md §1.1; koku@768be825:
/// koku/masu/util/common.py `get_path_prefix`, koku/masu/processor/parquet/parquet_report_processor.py).
/// `ingest` writes these keys and the summarize commands read them. Keys are relative to the root of an
/// ObjectStore (a local directory or s3://bucket/prefix, see object_store.h, which also parses the root):
/// '/'-separated, never starting with '/'. Prefixes end with '/'.

#include <array>
#include <string>
#include <string_view>

namespace costagg {

/// The OCP report types in Koku's detection order (`OCP_REPORT_TYPES`; the first match wins, ocp.md §1.1.2).
inline constexpr std::array<std::string_view, 6> kOcpReportTypes = {
    "storage_usage", "pod_usage", "node_labels", "namespace_labels", "vm_usage", "gpu_usage"};

/// True for one of kOcpReportTypes.
bool IsOcpReportType(std::string_view report_type);

/// Raw parquet holds one row per CSV row; daily parquet the per-day aggregation of each raw chunk.
enum class ParquetDataset { kRaw, kDaily };

/// One source and calendar month: the partition every key below lives in.
struct KokuPartition {
  std::string schema;       ///< tenant schema, e.g. org1234567 (a leading "acct" is dropped, see KokuAccount)
  std::string source_uuid;  ///< the `source=` partition value
  int year = 0;             ///< four digits
  int month = 0;            ///< 1-12, written zero-padded ("01")
};

/// The account element of Koku's keys: the schema with a leading "acct" removed (Koku's
/// ParquetReportProcessor.account); "org1234567" stays as it is.
std::string KokuAccount(std::string_view schema);

/// OCP: `data/parquet/<account>/OCP/<report_type>/source=<S>/year=<YYYY>/month=<MM>/`, and for daily
/// `data/parquet/daily/<account>/OCP/<report_type>/...`. Throws UsageError for an unknown report type or an
/// invalid partition.
std::string OcpParquetPrefix(const KokuPartition& partition, std::string_view report_type,
                             ParquetDataset dataset);

/// AWS: raw `data/parquet/<account>/AWS/source=<S>/year=<YYYY>/month=<MM>/`, daily
/// `data/parquet/daily/<account>/AWS/raw/source=<S>/year=<YYYY>/month=<MM>/` (Koku's daily report type
/// "raw").
std::string AwsParquetPrefix(const KokuPartition& partition, ParquetDataset dataset);

/// A parquet file name: `<stem>_<chunk>.parquet` (raw) or `<stem>_daily_<chunk>.parquet` (daily); `chunk` is
/// the 0-based index of the 200,000-row chunk Koku read the CSV in.
std::string ParquetFileName(std::string_view stem, int chunk, ParquetDataset dataset);

/// The stem of an OCP daily CSV piece: `<report_type>.<YYYY-MM-DD>.<manifest_id>.<counter>`
/// (koku@768be825: koku/masu/external/kafka_msg_handler.py `divide_csv_daily`).
std::string OcpDailyPieceStem(std::string_view report_type, std::string_view day,
                              std::string_view manifest_id, int counter);

/// The stem of an AWS daily CSV slice: `<YYYY-MM-DD>_manifestid-<id>_basefile-<base>_batch-<i>`
/// (koku@768be825: koku/masu/external/downloader/aws/aws_report_downloader.py `create_daily_archives`).
std::string AwsDailySliceStem(std::string_view day, std::string_view manifest_id, std::string_view base_name,
                              int batch);

/// The Hive table Trino sees over an OCP prefix, e.g. `openshift_pod_usage_line_items_daily`.
std::string OcpTableName(std::string_view report_type, ParquetDataset dataset);

/// The Hive table over the AWS prefixes: `aws_line_items` or `aws_line_items_daily`.
std::string AwsTableName(ParquetDataset dataset);

}  // namespace costagg
