// Writes a synthetic OpenShift month slice in Koku's parquet layout for the summarize benchmark: `pods` pods
// spread over `nodes` nodes and NAMESPACES namespaces (default 50), each with 24 hourly raw rows for one day
// (so 24 x pods input pod rows), their daily rows, one PVC per 10 pods, node and namespace labels; the app
// label takes 4 values per namespace. The files are named by DAY, so that runs for several days into one ROOT
// make a month (bench/ocp_month.sh).
//   costagg_bench_data ROOT SCHEMA SOURCE DAY PODS NODES [NAMESPACES]
// `ocp-scan` is the DuckDB half of the limit for summarize ocp (bench/scaling.sh): it reads the parquet
// columns summarize ocp reads for DAY, grouped by the keys of the daily summary's Pod and Storage rows and
// the hourly node capacity; prints the seconds taken.
//   costagg_bench_data ocp-scan ROOT SCHEMA SOURCE DAY
// The OCP-on-AWS benchmark (bench/ocp_aws_summary.sh) uses two more modes, see ocp_aws_bench_data.inc:
//   costagg_bench_data ocp-aws ROOT SCHEMA OCP_SOURCE AWS_SOURCE FIRST_DAY DAYS NODES PODS AWS_ROWS
//   costagg_bench_data scan ROOT SCHEMA OCP_SOURCE AWS_SOURCE FIRST_DAY LAST_DAY
// and the AWS benchmark (bench/aws_summary.sh) two, see aws_bench_data.inc:
//   costagg_bench_data aws ROOT SCHEMA AWS_SOURCE FIRST_DAY DAYS AWS_ROWS
//   costagg_bench_data aws-scan ROOT SCHEMA AWS_SOURCE FIRST_DAY LAST_DAY
#include <cstdio>
#include <filesystem>
#include <string>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/input/koku_layout.h"

// The OpenShift parquet layout both OpenShift generators write, first.
#include "ocp_layout.inc"

// The AWS benchmarks' data; the OCP-on-AWS one uses the AWS one's daily parquet.
#include "aws_bench_data.inc"
#include "ocp_aws_bench_data.inc"

namespace {

/// The DuckDB half of the limit for summarize ocp: the columns it reads (pod daily, pod hourly capacity,
/// storage daily, node and namespace labels) for DAY, grouped by the keys of the daily summary's rows.
int OcpScan(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: costagg_bench_data ocp-scan ROOT SCHEMA SOURCE DAY\n");
    return 2;
  }
  std::string root = argv[2], schema = argv[3], source = argv[4], day = argv[5];
  costagg::KokuPartition partition{schema, source, std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2))};
  auto files = [&](const char* type, costagg::ParquetDataset dataset) {
    return ParquetFiles(root, costagg::OcpParquetPrefix(partition, type, dataset));
  };
  std::string in_day = InDays("interval_start", day, day);
  try {
    costagg::Engine engine;
    auto started = std::chrono::steady_clock::now();
    int64_t pod_groups =
        ScanGroups(engine, files("pod_usage", costagg::ParquetDataset::kDaily),
                   "CAST(interval_start AS DATE) AS day, namespace, node, pod_labels, max(resource_id), "
                   "count(DISTINCT pod), "
                   "sum(pod_usage_cpu_core_seconds), sum(pod_request_cpu_core_seconds), "
                   "sum(pod_effective_usage_cpu_core_seconds), sum(pod_limit_cpu_core_seconds), "
                   "sum(pod_usage_memory_byte_seconds), sum(pod_request_memory_byte_seconds), "
                   "sum(pod_effective_usage_memory_byte_seconds), sum(pod_limit_memory_byte_seconds), "
                   "max(node_capacity_cpu_cores), max(node_capacity_memory_bytes)",
                   in_day, "scan pod daily");
    int64_t capacity_groups =
        ScanGroups(engine, files("pod_usage", costagg::ParquetDataset::kRaw),
                   "CAST(interval_start AS DATE) AS day, node, max(node_capacity_cpu_core_seconds), "
                   "max(node_capacity_memory_byte_seconds)",
                   in_day, "scan pod hourly");
    int64_t storage_groups = ScanGroups(
        engine, files("storage_usage", costagg::ParquetDataset::kDaily),
        "CAST(interval_start AS DATE) AS day, namespace, persistentvolumeclaim, persistentvolume, "
        "storageclass, "
        "persistentvolume_labels, persistentvolumeclaim_labels, max(pod), max(csi_volume_handle), "
        "max(persistentvolumeclaim_capacity_bytes), sum(persistentvolumeclaim_capacity_byte_seconds), "
        "sum(volume_request_storage_byte_seconds), sum(persistentvolumeclaim_usage_byte_seconds)",
        in_day, "scan storage daily");
    int64_t label_groups = ScanGroups(engine, files("node_labels", costagg::ParquetDataset::kDaily),
                                      "CAST(interval_start AS DATE) AS day, node, max(node_labels)", in_day,
                                      "scan node labels") +
                           ScanGroups(engine, files("namespace_labels", costagg::ParquetDataset::kDaily),
                                      "CAST(interval_start AS DATE) AS day, namespace, max(namespace_labels)",
                                      in_day, "scan namespace labels");
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "scan: %.3f s (%lld pod groups, %lld node-day capacity groups, %lld storage groups, %lld label "
        "groups)\n",
        seconds, static_cast<long long>(pod_groups), static_cast<long long>(capacity_groups),
        static_cast<long long>(storage_groups), static_cast<long long>(label_groups));
  } catch (const costagg::Error& e) {
    std::fprintf(stderr, "costagg_bench_data: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "ocp-aws") return OcpAwsData(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "scan") return OcpAwsScan(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "aws") return AwsData(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "aws-scan") return AwsScan(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "ocp-scan") return OcpScan(argc, argv);
  if (argc != 7 && argc != 8) {
    std::fprintf(stderr, "usage: costagg_bench_data ROOT SCHEMA SOURCE DAY PODS NODES [NAMESPACES]\n");
    return 2;
  }
  namespace fs = std::filesystem;
  std::string root = argv[1], schema = argv[2], source = argv[3], day = argv[4];
  std::string pods = argv[5], nodes = argv[6], namespaces = argc > 7 ? argv[7] : "50";
  std::string apps = std::to_string(4 * std::stoll(namespaces));
  costagg::KokuPartition partition{schema, source, std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2))};
  try {
    costagg::Engine engine;
    auto write = [&](const char* type, costagg::ParquetDataset dataset, const std::string& select) {
      fs::path dir = fs::path(root) / costagg::OcpParquetPrefix(partition, type, dataset);
      fs::create_directories(dir);
      engine.Execute("COPY (" + OcpIngestLayout(type, dataset, select) + ") TO " +
                         costagg::SqlLiteral((dir / (day + "_bench.parquet")).string()) + " (FORMAT parquet)",
                     std::string("write ") + type);
    };
    std::string d = "TIMESTAMP '" + day + "'";
    // One row per pod and hour; usage varies by pod and hour, requests by pod.
    engine.Execute("CREATE TABLE hourly AS SELECT " + d + " + to_hours(h) AS interval_start, 'ns-' || (p % " +
                       namespaces + ") AS namespace, 'node-' || (p % " + nodes +
                       ") AS node, 'pod-' || p AS pod, 'i-' || (p % " + nodes +
                       ") AS resource_id, '{\"app\": \"app-' || (p % " + apps +
                       ") || '\", \"pod_name\": \"pod-' || p || '\"}' AS pod_labels, ((p * 7 + h * 13) % "
                       "100) * 36.0 AS pod_usage_cpu_core_seconds, "
                       "(p % 4 + 1) * 900.0 AS pod_request_cpu_core_seconds, (p % 4 + 1) * 1800.0 AS "
                       "pod_limit_cpu_core_seconds, ((p * 11 + h * 5) % 100) * 3600.0 * 10485760 AS "
                       "pod_usage_memory_byte_seconds, (p % 8 + 1) * 3600.0 * 134217728 AS "
                       "pod_request_memory_byte_seconds, (p % 8 + 1) * 3600.0 * 268435456 AS "
                       "pod_limit_memory_byte_seconds, 64.0 AS node_capacity_cpu_cores, 64 * 3600.0 AS "
                       "node_capacity_cpu_core_seconds, 274877906944.0 AS node_capacity_memory_bytes, "
                       "274877906944.0 * 3600 AS node_capacity_memory_byte_seconds FROM range(" +
                       pods + ") a(p), range(24) b(h)",
                   "generate");
    write("pod_usage", costagg::ParquetDataset::kRaw,
          "SELECT *, greatest(pod_usage_cpu_core_seconds, pod_request_cpu_core_seconds) AS "
          "pod_effective_usage_cpu_core_seconds, greatest(pod_usage_memory_byte_seconds, "
          "pod_request_memory_byte_seconds) AS pod_effective_usage_memory_byte_seconds FROM hourly");
    write("pod_usage", costagg::ParquetDataset::kDaily,
          "SELECT date_trunc('day', interval_start) AS interval_start, namespace, node, pod, pod_labels, "
          "max(resource_id) AS resource_id, sum(pod_usage_cpu_core_seconds) AS pod_usage_cpu_core_seconds, "
          "sum(pod_request_cpu_core_seconds) AS pod_request_cpu_core_seconds, "
          "sum(greatest(pod_usage_cpu_core_seconds, pod_request_cpu_core_seconds)) AS "
          "pod_effective_usage_cpu_core_seconds, sum(pod_limit_cpu_core_seconds) AS "
          "pod_limit_cpu_core_seconds, "
          "sum(pod_usage_memory_byte_seconds) AS pod_usage_memory_byte_seconds, "
          "sum(pod_request_memory_byte_seconds) AS pod_request_memory_byte_seconds, "
          "sum(greatest(pod_usage_memory_byte_seconds, pod_request_memory_byte_seconds)) AS "
          "pod_effective_usage_memory_byte_seconds, sum(pod_limit_memory_byte_seconds) AS "
          "pod_limit_memory_byte_seconds, max(node_capacity_cpu_cores) AS node_capacity_cpu_cores, "
          "sum(node_capacity_cpu_core_seconds) AS node_capacity_cpu_core_seconds, "
          "max(node_capacity_memory_bytes) AS "
          "node_capacity_memory_bytes, sum(node_capacity_memory_byte_seconds) AS "
          "node_capacity_memory_byte_seconds "
          "FROM hourly GROUP BY ALL");
    write("storage_usage", costagg::ParquetDataset::kDaily,
          "SELECT " + d + " AS interval_start, 'ns-' || (p % " + namespaces +
              ") AS namespace, 'pod-' || p AS pod, 'claim-' || p AS "
              "persistentvolumeclaim, 'pv-' || p AS persistentvolume, 'gp3' AS storageclass, 'vol-' || p AS "
              "csi_volume_handle, 'ebs.csi.aws.com' AS csi_driver, 'node-' || (p % " +
              nodes +
              ") AS node, 10737418240.0 AS "
              "persistentvolumeclaim_capacity_bytes, 10737418240.0 * 86400 AS "
              "persistentvolumeclaim_capacity_byte_seconds, 10737418240.0 * 86400 AS "
              "volume_request_storage_byte_seconds, 5368709120.0 * 86400 AS "
              "persistentvolumeclaim_usage_byte_seconds, "
              "'{\"app\": \"app-' || (p % " +
              apps +
              ") || '\"}' AS persistentvolume_labels, '{}' AS "
              "persistentvolumeclaim_labels "
              "FROM range(0, " +
              pods + ", 10) a(p)");
    write("node_labels", costagg::ParquetDataset::kDaily,
          "SELECT " + d +
              " AS interval_start, 'node-' || n AS node, '{\"node_role_kubernetes_io\": \"' || "
              "CASE WHEN n < 3 THEN 'infra' ELSE 'worker' END || '\", \"zone\": \"z' || (n % 3) || '\"}' AS "
              "node_labels "
              "FROM range(" +
              nodes + ") t(n)");
    write("namespace_labels", costagg::ParquetDataset::kDaily,
          "SELECT " + d +
              " AS interval_start, 'ns-' || n AS namespace, '{\"cost_center\": \"cc' || (n % 5) || '\"}' "
              "AS namespace_labels FROM range(" +
              namespaces + ") t(n)");
    std::printf("wrote %lld hourly pod rows under %s\n",
                static_cast<long long>(engine.QueryInt("SELECT count(*) FROM hourly", "count")),
                root.c_str());
  } catch (const costagg::Error& e) {
    std::fprintf(stderr, "costagg_bench_data: %s\n", e.what());
    return 1;
  }
  return 0;
}
