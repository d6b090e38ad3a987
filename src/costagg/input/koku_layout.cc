#include "costagg/input/koku_layout.h"

#include <algorithm>
#include <cstdio>

#include "costagg/error.h"

namespace costagg {
namespace {

/// A partition value must be one path element: no '/', not empty, not "." or "..".
void CheckPathElement(std::string_view value, const char* what) {
  if (value.empty() || value == "." || value == ".." || value.find('/') != std::string_view::npos ||
      value.find('\\') != std::string_view::npos) {
    throw UsageError(std::string("Koku layout: invalid ") + what + " '" + std::string(value) +
                     "' (must be one non-empty path element)");
  }
}

/// `source=<S>/year=<YYYY>/month=<MM>/`, validating the partition.
std::string PartitionPath(const KokuPartition& p) {
  CheckPathElement(KokuAccount(p.schema), "schema");
  CheckPathElement(p.source_uuid, "source");
  if (p.year < 1000 || p.year > 9999) {
    throw UsageError("Koku layout: invalid year " + std::to_string(p.year) + " (four digits)");
  }
  if (p.month < 1 || p.month > 12) throw UsageError("Koku layout: invalid month " + std::to_string(p.month));
  char buf[32];
  std::snprintf(buf, sizeof buf, "year=%04d/month=%02d/", p.year, p.month);
  return "source=" + p.source_uuid + "/" + buf;
}

std::string Root(ParquetDataset dataset) {
  return dataset == ParquetDataset::kDaily ? "data/parquet/daily/" : "data/parquet/";
}

}  // namespace

bool IsOcpReportType(std::string_view report_type) {
  return std::find(kOcpReportTypes.begin(), kOcpReportTypes.end(), report_type) != kOcpReportTypes.end();
}

std::string KokuAccount(std::string_view schema) {
  if (schema.substr(0, 4) == "acct") schema.remove_prefix(4);
  return std::string(schema);
}

std::string OcpParquetPrefix(const KokuPartition& partition, std::string_view report_type,
                             ParquetDataset dataset) {
  if (!IsOcpReportType(report_type)) {
    throw UsageError("Koku layout: unknown OCP report type '" + std::string(report_type) + "'");
  }
  std::string partition_path = PartitionPath(partition);
  return Root(dataset) + KokuAccount(partition.schema) + "/OCP/" + std::string(report_type) + "/" +
         partition_path;
}

std::string AwsParquetPrefix(const KokuPartition& partition, ParquetDataset dataset) {
  std::string partition_path = PartitionPath(partition);
  std::string type_dir = dataset == ParquetDataset::kDaily ? "AWS/raw/" : "AWS/";
  return Root(dataset) + KokuAccount(partition.schema) + "/" + type_dir + partition_path;
}

std::string ParquetFileName(std::string_view stem, int chunk, ParquetDataset dataset) {
  std::string daily = dataset == ParquetDataset::kDaily ? "_daily" : "";
  return std::string(stem) + daily + "_" + std::to_string(chunk) + ".parquet";
}

std::string OcpDailyPieceStem(std::string_view report_type, std::string_view day,
                              std::string_view manifest_id, int counter) {
  return std::string(report_type) + "." + std::string(day) + "." + std::string(manifest_id) + "." +
         std::to_string(counter);
}

std::string AwsDailySliceStem(std::string_view day, std::string_view manifest_id, std::string_view base_name,
                              int batch) {
  return std::string(day) + "_manifestid-" + std::string(manifest_id) + "_basefile-" +
         std::string(base_name) + "_batch-" + std::to_string(batch);
}

std::string OcpTableName(std::string_view report_type, ParquetDataset dataset) {
  if (!IsOcpReportType(report_type)) {
    throw UsageError("Koku layout: unknown OCP report type '" + std::string(report_type) + "'");
  }
  return "openshift_" + std::string(report_type) + "_line_items" +
         (dataset == ParquetDataset::kDaily ? "_daily" : "");
}

std::string AwsTableName(ParquetDataset dataset) {
  return dataset == ParquetDataset::kDaily ? "aws_line_items_daily" : "aws_line_items";
}

}  // namespace costagg
