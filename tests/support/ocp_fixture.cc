#include "support/ocp_fixture.h"

#include <filesystem>

#include "costagg/engine/engine.h"
#include "costagg/input/koku_layout.h"

namespace costagg::testing {
namespace {

/// Writes query results as `<file>` under the Koku prefix of one report type of `day`'s month.
class FixtureWriter {
 public:
  FixtureWriter(std::string root, const std::string& schema, const std::string& source,
                const std::string& day, std::string file)
      : root_(std::move(root)),
        partition_{schema, source, std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2))},
        file_(std::move(file)) {}

  void operator()(const char* type, ParquetDataset dataset, const std::string& select) {
    std::filesystem::path dir = std::filesystem::path(root_) / OcpParquetPrefix(partition_, type, dataset);
    std::filesystem::create_directories(dir);
    engine_.Execute("COPY (" + select + ") TO " + SqlLiteral((dir / file_).string()) + " (FORMAT parquet)",
                    "write fixture");
  }

 private:
  std::string root_;
  KokuPartition partition_;
  std::string file_;
  Engine engine_;
};

}  // namespace

void WriteOcpFixture(const std::string& root, const std::string& schema, const std::string& source,
                     const std::string& day) {
  FixtureWriter write(root, schema, source, day, "fixture_0.parquet");
  std::string d = "TIMESTAMP '" + day + "'";
  const std::string gib = "1073741824.0";
  write("pod_usage", ParquetDataset::kRaw,
        "SELECT " + d +
            " + to_hours(h) AS interval_start, 'n1' AS node, 14400.0 AS node_capacity_cpu_core_seconds, " +
            "16 * " + gib + " * 3600 AS node_capacity_memory_byte_seconds FROM range(24) t(h)");
  write("pod_usage", ParquetDataset::kDaily,
        "SELECT " + d +
            " AS interval_start, 'shop' AS namespace, 'n1' AS node, 'p' AS pod, 'i-n1' AS resource_id, " +
            "'{\"app\": \"web\"}' AS pod_labels, 86400.0 AS pod_usage_cpu_core_seconds, " +
            "172800.0 AS pod_request_cpu_core_seconds, 172800.0 AS pod_effective_usage_cpu_core_seconds, " +
            "345600.0 AS pod_limit_cpu_core_seconds, 2 * " + gib +
            " * 86400 AS pod_usage_memory_byte_seconds, " + "4 * " + gib +
            " * 86400 AS pod_request_memory_byte_seconds, 4 * " + gib +
            " * 86400 AS pod_effective_usage_memory_byte_seconds, 8 * " + gib +
            " * 86400 AS pod_limit_memory_byte_seconds, 4.0 AS node_capacity_cpu_cores, 16 * " + gib +
            " AS node_capacity_memory_bytes");
  write("storage_usage", ParquetDataset::kDaily,
        "SELECT " + d +
            " AS interval_start, 'shop' AS namespace, 'p' AS pod, 'data' AS persistentvolumeclaim, " +
            "'pv-1' AS persistentvolume, 'gp3' AS storageclass, 'vol-1' AS csi_volume_handle, 10 * " + gib +
            " AS persistentvolumeclaim_capacity_bytes, 10 * " + gib +
            " * 86400 AS persistentvolumeclaim_capacity_byte_seconds, 10 * " + gib +
            " * 86400 AS volume_request_storage_byte_seconds, 5 * " + gib +
            " * 86400 AS persistentvolumeclaim_usage_byte_seconds, '{}' AS persistentvolume_labels, " +
            "'{}' AS persistentvolumeclaim_labels");
  write("node_labels", ParquetDataset::kDaily,
        "SELECT " + d +
            " AS interval_start, 'n1' AS node, '{\"node_role_kubernetes_io\": \"worker\"}' AS node_labels");
  write("namespace_labels", ParquetDataset::kDaily,
        "SELECT " + d + " AS interval_start, 'shop' AS namespace, '{}' AS namespace_labels");
}

void WriteLargeOcpFixture(const std::string& root, const std::string& schema, const std::string& source,
                          const std::string& day, int pods) {
  FixtureWriter write(root, schema, source, day, "large_0.parquet");
  std::string d = "TIMESTAMP '" + day + "'";
  write("pod_usage", ParquetDataset::kRaw,
        "SELECT " + d +
            " + to_hours(h) AS interval_start, 'n' || n AS node, 32 * 3600.0 AS "
            "node_capacity_cpu_core_seconds, 128 * 1073741824.0 * 3600 AS node_capacity_memory_byte_seconds "
            "FROM range(24) a(h), range(20) b(n)");
  write(
      "pod_usage", ParquetDataset::kDaily,
      "SELECT " + d +
          " AS interval_start, 'ns' || (p % 10) AS namespace, 'n' || (p % 20) AS node, 'pod' || p AS "
          "pod, 'i-n' || (p % 20) AS resource_id, '{\"pod_name\": \"pod' || p || '\"}' AS pod_labels, (p % "
          "7) * "
          "3600.0 AS pod_usage_cpu_core_seconds, 3600.0 AS pod_request_cpu_core_seconds, greatest(p % 7, 1) "
          "* 3600.0 "
          "AS pod_effective_usage_cpu_core_seconds, 7200.0 AS pod_limit_cpu_core_seconds, (p % 5) * 3600.0 * "
          "1073741824 AS pod_usage_memory_byte_seconds, 3600.0 * 1073741824 AS "
          "pod_request_memory_byte_seconds, "
          "greatest(p % 5, 1) * 3600.0 * 1073741824 AS pod_effective_usage_memory_byte_seconds, 7200.0 * "
          "1073741824 "
          "AS pod_limit_memory_byte_seconds, 32.0 AS node_capacity_cpu_cores, 128 * 1073741824.0 AS "
          "node_capacity_memory_bytes FROM range(" +
          std::to_string(pods) + ") t(p)");
  write("node_labels", ParquetDataset::kDaily,
        "SELECT " + d + " AS interval_start, 'n' || n AS node, '{}' AS node_labels FROM range(20) t(n)");
  write("namespace_labels", ParquetDataset::kDaily,
        "SELECT " + d +
            " AS interval_start, 'ns' || n AS namespace, '{}' AS namespace_labels FROM range(10) t(n)");
}

}  // namespace costagg::testing
