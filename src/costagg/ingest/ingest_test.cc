#include "costagg/ingest/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "costagg/error.h"
#include "costagg/input/koku_layout.h"
#include "support/s3_server.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

const std::string kFixtures = std::string(COSTAGG_SOURCE_DIR) + "/tests/ingest";
const std::string kSchema = "org1234567";
const std::string kSource = "6e2a1c3b-0000-4000-8000-000000000001";
const std::string kOcpManifest = "0f5c2a1e-1111-4222-8333-444455556666";  // tests/ingest/ocp_values
const std::string kAwsAssembly = "0a7e1c55-2222-4333-8444-555566667777";  // tests/ingest/aws_values

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("costagg-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

IngestRequest Request(const std::string& from, const fs::path& to) {
  IngestRequest request;
  request.from_dir = from;
  request.to = to.string();
  request.schema = kSchema;
  request.source_uuid = kSource;
  return request;
}

std::string MessageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// A parquet file for read_parquet(...) without the hive partition columns DuckDB would add from the path.
std::string Parquet(const std::string& path) { return SqlLiteral(path) + ", hive_partitioning = false"; }

/// Every value of a query's rows as text ("NULL" for NULL), one "a|b|c" string per row.
std::vector<std::string> Rows(Engine& engine, const std::string& sql) {
  std::vector<std::string> rows;
  for (const auto& b : engine.QueryAll("SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")", "test")) {
    for (size_t r = 0; r < b.rows; ++r) {
      std::string row;
      for (size_t c = 0; c < b.columns.size(); ++c) {
        row += (c ? "|" : "") + (b.columns[c].IsNull(r) ? std::string("NULL") : b.columns[c].texts[r]);
      }
      rows.push_back(row);
    }
  }
  return rows;
}

/// A parquet file's columns as "name TYPE": TIMESTAMP_MS (millisecond, not UTC-adjusted: pandas' naive
/// datetime64 with coerce_timestamps="ms"), TIMESTAMPTZ_US (UTC-adjusted, microseconds), DOUBLE, STRING
/// (BYTE_ARRAY UTF8), INT64.
std::vector<std::string> Schema(Engine& engine, const std::string& path) {
  std::string sql =
      "SELECT name || ' ' || CASE"
      " WHEN type = 'INT64' AND converted_type = 'TIMESTAMP_MILLIS' AND logical_type LIKE "
      "'%isAdjustedToUTC=0%'"
      " THEN 'TIMESTAMP_MS'"
      " WHEN type = 'INT64' AND converted_type = 'TIMESTAMP_MICROS' AND logical_type LIKE "
      "'%isAdjustedToUTC=1%'"
      " THEN 'TIMESTAMPTZ_US'"
      " WHEN type = 'DOUBLE' THEN 'DOUBLE' WHEN type = 'BYTE_ARRAY' AND converted_type = 'UTF8' THEN 'STRING'"
      " WHEN type = 'INT64' AND converted_type = 'INT_64' THEN 'INT64'"
      " ELSE type || '/' || coalesce(converted_type, '') || '/' || coalesce(logical_type, '') END"
      " FROM parquet_schema(" +
      SqlLiteral(path) + ") WHERE num_children IS NULL OR num_children = 0";
  return Rows(engine, sql);
}

/// The one file under `prefix` in `root`.
std::string OnlyFile(const fs::path& root, const std::string& prefix, const std::string& day) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root / prefix, ec)) {
    if (entry.path().filename().string().find(day) != std::string::npos)
      found.push_back(entry.path().string());
  }
  EXPECT_EQ(found.size(), 1u) << prefix << " " << day;
  return found.empty() ? "" : found[0];
}

const KokuPartition kMarch{kSchema, kSource, 2025, 3};

std::string OcpFile(const fs::path& root, const std::string& type, ParquetDataset dataset,
                    const std::string& day) {
  return OnlyFile(root, OcpParquetPrefix(kMarch, type, dataset), type + "." + day + ".");
}

std::vector<std::string> Typed(const std::vector<std::string>& names, const std::string& type) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(n + " " + type);
  return out;
}

std::vector<std::string> Concat(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

class IngestOcpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(TempDir("ingest-ocp"));
    Engine engine;
    report_ = new IngestReport(IngestOcp(engine, Request(kFixtures + "/ocp_values", *root_)));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete root_;
    delete report_;
  }
  static fs::path* root_;
  static IngestReport* report_;
  Engine engine_;
};
fs::path* IngestOcpTest::root_ = nullptr;
IngestReport* IngestOcpTest::report_ = nullptr;

// Expected schemas are written from ocp.md §1.2-1.4: timestamps -> TIMESTAMP_MS, the numeric columns ->
// DOUBLE, everything else -> STRING. Raw files keep the CSV's column order (the fixture's headers are the
// operator's) with Koku's derived columns appended; daily files list the group-by columns, the day as
// interval_start, the aggregates in Koku's order, then the newer-operator columns an old file lacks (NULL).
const std::vector<std::string> kTs4 = {"report_period_start", "report_period_end", "interval_start",
                                       "interval_end"};
const std::vector<std::string> kDayTs = {"interval_start TIMESTAMP_MS", "report_period_start TIMESTAMP_MS",
                                         "report_period_end TIMESTAMP_MS"};

TEST_F(IngestOcpTest, PodUsageSchemas) {
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "pod_usage", ParquetDataset::kRaw, "2025-03-01")),
            Concat({Typed(kTs4, "TIMESTAMP_MS"),
                    Typed({"pod", "namespace", "node", "resource_id"}, "STRING"),
                    Typed({"pod_usage_cpu_core_seconds", "pod_request_cpu_core_seconds",
                           "pod_limit_cpu_core_seconds", "pod_usage_memory_byte_seconds",
                           "pod_request_memory_byte_seconds", "pod_limit_memory_byte_seconds",
                           "node_capacity_cpu_cores", "node_capacity_cpu_core_seconds",
                           "node_capacity_memory_bytes", "node_capacity_memory_byte_seconds"},
                          "DOUBLE"),
                    {"pod_labels STRING"},
                    Typed({"pod_effective_usage_cpu_core_seconds", "pod_effective_usage_memory_byte_seconds"},
                          "DOUBLE")}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "pod_usage", ParquetDataset::kDaily, "2025-03-01")),
            Concat({Typed({"namespace", "node", "pod", "pod_labels"}, "STRING"),
                    kDayTs,
                    {"resource_id STRING"},
                    Typed({"pod_usage_cpu_core_seconds", "pod_request_cpu_core_seconds",
                           "pod_effective_usage_cpu_core_seconds", "pod_limit_cpu_core_seconds",
                           "pod_usage_memory_byte_seconds", "pod_request_memory_byte_seconds",
                           "pod_effective_usage_memory_byte_seconds", "pod_limit_memory_byte_seconds",
                           "node_capacity_cpu_cores", "node_capacity_cpu_core_seconds",
                           "node_capacity_memory_bytes", "node_capacity_memory_byte_seconds"},
                          "DOUBLE"),
                    {"node_role STRING"}}));
}

TEST_F(IngestOcpTest, StorageUsageSchemas) {
  // The fixture is an older operator's file: no node, csi_driver, csi_volume_handle.
  std::vector<std::string> names = {"namespace", "pod", "persistentvolumeclaim", "persistentvolume",
                                    "storageclass"};
  std::vector<std::string> metrics = {
      "persistentvolumeclaim_capacity_bytes", "persistentvolumeclaim_capacity_byte_seconds",
      "volume_request_storage_byte_seconds", "persistentvolumeclaim_usage_byte_seconds"};
  std::vector<std::string> labels = {"persistentvolume_labels", "persistentvolumeclaim_labels"};
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "storage_usage", ParquetDataset::kRaw, "2025-03-01")),
            Concat({Typed(kTs4, "TIMESTAMP_MS"), Typed(names, "STRING"), Typed(metrics, "DOUBLE"),
                    Typed(labels, "STRING")}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "storage_usage", ParquetDataset::kDaily, "2025-03-01")),
            Concat({Typed(names, "STRING"), Typed(labels, "STRING"), kDayTs, Typed(metrics, "DOUBLE"),
                    Typed({"node", "csi_driver", "csi_volume_handle"}, "STRING")}));
}

TEST_F(IngestOcpTest, LabelReportSchemas) {
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "node_labels", ParquetDataset::kRaw, "2025-03-01")),
            Concat({Typed(kTs4, "TIMESTAMP_MS"), Typed({"node", "node_labels"}, "STRING")}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "node_labels", ParquetDataset::kDaily, "2025-03-01")),
            Concat({Typed({"node", "node_labels"}, "STRING"), kDayTs}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "namespace_labels", ParquetDataset::kRaw, "2025-03-01")),
            Concat({Typed(kTs4, "TIMESTAMP_MS"), Typed({"namespace", "namespace_labels"}, "STRING")}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "namespace_labels", ParquetDataset::kDaily, "2025-03-01")),
            Concat({Typed({"namespace", "namespace_labels"}, "STRING"), kDayTs}));
}

TEST_F(IngestOcpTest, VmUsageSchemas) {
  std::vector<std::string> identity = {"node",
                                       "resource_id",
                                       "namespace",
                                       "vm_name",
                                       "vm_instance_type",
                                       "vm_os",
                                       "vm_guest_os_arch",
                                       "vm_guest_os_name",
                                       "vm_guest_os_version"};
  std::vector<std::string> metrics = {"vm_uptime_total_seconds",       "vm_cpu_limit_cores",
                                      "vm_cpu_limit_core_seconds",     "vm_cpu_request_cores",
                                      "vm_cpu_request_core_seconds",   "vm_cpu_request_sockets",
                                      "vm_cpu_request_socket_seconds", "vm_cpu_request_threads",
                                      "vm_cpu_request_thread_seconds", "vm_cpu_usage_total_seconds",
                                      "vm_memory_limit_bytes",         "vm_memory_limit_byte_seconds",
                                      "vm_memory_request_bytes",       "vm_memory_request_byte_seconds",
                                      "vm_memory_usage_byte_seconds"};
  std::vector<std::string> disk = {"vm_device", "vm_volume_mode", "vm_persistentvolumeclaim_name"};
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "vm_usage", ParquetDataset::kRaw, "2025-03-01")),
            Concat({Typed(kTs4, "TIMESTAMP_MS"),
                    Typed(identity, "STRING"),
                    Typed(metrics, "DOUBLE"),
                    Typed(disk, "STRING"),
                    {"vm_disk_allocated_size_byte_seconds DOUBLE", "vm_labels STRING"}}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "vm_usage", ParquetDataset::kDaily, "2025-03-01")),
            Concat({Typed({"namespace", "node", "vm_name", "vm_labels"}, "STRING"),
                    kDayTs,
                    Typed({"resource_id", "vm_instance_type", "vm_os", "vm_guest_os_arch", "vm_guest_os_name",
                           "vm_guest_os_version"},
                          "STRING"),
                    Typed(metrics, "DOUBLE"),
                    Typed(disk, "STRING"),
                    {"vm_disk_allocated_size_byte_seconds DOUBLE"}}));
}

TEST_F(IngestOcpTest, GpuUsageSchemas) {
  // The fixture has MIG rows, so Koku appends the derived MIG columns (integers) to the raw frame.
  EXPECT_EQ(
      Schema(engine_, OcpFile(*root_, "gpu_usage", ParquetDataset::kRaw, "2025-03-01")),
      Concat({Typed(kTs4, "TIMESTAMP_MS"),
              Typed({"node", "namespace", "pod", "gpu_uuid", "gpu_model_name", "gpu_vendor_name"}, "STRING"),
              Typed({"gpu_memory_capacity_mib", "gpu_pod_uptime"}, "DOUBLE"),
              Typed({"mig_instance_id", "mig_profile", "mig_strategy"}, "STRING"),
              Typed({"mig_slice_count", "mig_memory_capacity_mib", "gpu_max_slices"}, "INT64")}));
  EXPECT_EQ(Schema(engine_, OcpFile(*root_, "gpu_usage", ParquetDataset::kDaily, "2025-03-01")),
            Concat({Typed({"node", "namespace", "pod", "gpu_uuid", "mig_instance_id"}, "STRING"),
                    kDayTs,
                    Typed({"gpu_model_name", "gpu_vendor_name"}, "STRING"),
                    Typed({"gpu_memory_capacity_mib", "gpu_pod_uptime"}, "DOUBLE"),
                    {"mig_profile STRING"},
                    Typed({"mig_slice_count", "gpu_max_slices", "mig_memory_capacity_mib"}, "INT64"),
                    {"mig_strategy STRING"}}));
}

TEST_F(IngestOcpTest, ReportListsFilesRowsAndSkips) {
  EXPECT_EQ(report_->cluster_id, "test-cluster");
  EXPECT_EQ(report_->csv_rows, 6 + 2 + 2 + 2 + 2 + 4);  // pod.csv's over-long line is skipped, as pandas does
  EXPECT_EQ(report_->files.size(), 16u);
  for (const auto& f : report_->files) EXPECT_TRUE(fs::exists(*root_ / f.object)) << f.object;
  std::string skipped;
  for (const auto& s : report_->skipped) skipped += s + "\n";
  for (const char* expected :
       {"unknown.csv: unknown report type", "empty.csv: empty file", "gone.csv: listed in",
        "ros.csv: resource optimization", "stray.csv: not listed"}) {
    EXPECT_NE(skipped.find(expected), std::string::npos) << expected << " in\n" << skipped;
  }
  // Daily pieces are named <report_type>.<day>.<manifest uuid>.<counter>.
  EXPECT_EQ(fs::path(OcpFile(*root_, "pod_usage", ParquetDataset::kDaily, "2025-03-02")).filename(),
            "pod_usage.2025-03-02." + kOcpManifest + ".0_daily_0.parquet");
}

// pod.csv, day 2025-03-01, worked out by hand (columns in the daily file's order):
// pod a (3 rows kept): cpu usage 1800 + 5400 + NaN("NAN" is not a pandas NA spelling: float("NAN"), skipped
// by the sum) = 7200; request 3*3600; effective max(usage, request) = 3600 + 5400 + 3600 = 12600; limit
// 3*7200; memory usage 1000 + 0 ("NA" -> empty -> 0.0) + 0 ("abc") = 1000; request 1500; effective 1000 + 500
// + 500; limit 6000; capacity cores max 4, core-seconds 3*14400, bytes max 16, byte-seconds 3*57600. pod b's
// only row has 2e18 > 1e18 CPU seconds: an anomaly, dropped. The escaped pod: node "NA" and resource id
// "None" become '', "1e3" = 1000, "2_000" = 2000 (Python float() accepts '_'), empty cells 0.0.
TEST_F(IngestOcpTest, PodDailyValues) {
  std::string file = OcpFile(*root_, "pod_usage", ParquetDataset::kDaily, "2025-03-01");
  EXPECT_EQ(Rows(engine_, "SELECT * FROM read_parquet(" + Parquet(file) + ") ORDER BY pod"),
            (std::vector<std::string>{
                "shop|n1|a|{\"app\": \"web\", \"env\": \"prod\"}|2025-03-01 00:00:00|2025-03-01 00:00:00|"
                "2025-04-01 "
                "00:00:00|i-1|7200.0|10800.0|12600.0|21600.0|1000.0|1500.0|2000.0|6000.0|4.0|43200.0|16.0|"
                "172800.0|NULL",
                "shop||web&lt;1&gt;&amp;&quot;x&#x27;|{}|2025-03-01 00:00:00|2025-03-01 00:00:00|"
                "2025-04-01 "
                "00:00:00||60.0|0.0|60.0|120.0|1000.0|2000.0|2000.0|0.0|8.0|28800.0|32.0|115200.0|NULL"}));
  std::string raw = OcpFile(*root_, "pod_usage", ParquetDataset::kRaw, "2025-03-01");
  // Raw keeps the hourly rows (the NaN as NULL, as pyarrow writes it) with per-row effective usage.
  EXPECT_EQ(Rows(engine_,
                 "SELECT interval_start, pod_usage_cpu_core_seconds, pod_effective_usage_cpu_core_seconds,"
                 " pod_effective_usage_memory_byte_seconds FROM read_parquet(" +
                     Parquet(raw) + ") ORDER BY interval_start"),
            (std::vector<std::string>{
                "2025-03-01 00:00:00|1800.0|3600.0|1000.0", "2025-03-01 01:00:00|5400.0|5400.0|500.0",
                "2025-03-01 02:00:00|NULL|3600.0|500.0", "2025-03-01 04:00:00|60.0|60.0|2000.0"}));
  // Day 2: its own piece; the labels in another order are another JSON text.
  std::string day2 = OcpFile(*root_, "pod_usage", ParquetDataset::kDaily, "2025-03-02");
  EXPECT_EQ(Rows(engine_,
                 "SELECT pod_labels, pod_usage_cpu_core_seconds, pod_effective_usage_memory_byte_seconds"
                 " FROM read_parquet(" +
                     Parquet(day2) + ")"),
            (std::vector<std::string>{"{\"env\": \"prod\", \"app\": \"web\"}|100.0|500.0"}));
}

TEST_F(IngestOcpTest, StorageAndLabelDailyValues) {
  // Two hours of one PVC: capacity max(100, 200); byte-seconds summed; usage 180000 + 0 ("NA").
  EXPECT_EQ(
      Rows(engine_, "SELECT * FROM read_parquet(" +
                        Parquet(OcpFile(*root_, "storage_usage", ParquetDataset::kDaily, "2025-03-01")) +
                        ")"),
      (std::vector<std::string>{"shop|a|data|pv-1|gp3|{\"app\": \"web\"}|{\"tier\": \"gold\"}|"
                                "2025-03-01 00:00:00|2025-03-01 00:00:00|2025-04-01 00:00:00|200.0|1080000.0|"
                                "1440000.0|180000.0|NULL|NULL|NULL"}));
  EXPECT_EQ(
      Rows(engine_, "SELECT * FROM read_parquet(" +
                        Parquet(OcpFile(*root_, "node_labels", ParquetDataset::kDaily, "2025-03-01")) + ")"),
      (std::vector<std::string>{"n1|{\"node_role_kubernetes_io\": \"worker\", \"zone\": \"a\"}|"
                                "2025-03-01 00:00:00|2025-03-01 00:00:00|2025-04-01 00:00:00"}));
  // "bad_item" (no colon) and "a:b:c" (two) are dropped; "None" is a pandas NA spelling -> {}.
  EXPECT_EQ(Rows(engine_,
                 "SELECT namespace_labels FROM read_parquet(" +
                     Parquet(OcpFile(*root_, "namespace_labels", ParquetDataset::kRaw, "2025-03-01")) + ")"),
            (std::vector<std::string>{R"({"team": "caf\u00e9", "emoji": "\ud83d\ude00"})"}));
  EXPECT_EQ(Rows(engine_,
                 "SELECT namespace_labels FROM read_parquet(" +
                     Parquet(OcpFile(*root_, "namespace_labels", ParquetDataset::kRaw, "2025-03-02")) + ")"),
            (std::vector<std::string>{"{}"}));
}

TEST_F(IngestOcpTest, VmAndGpuDailyValues) {
  // VM: *_seconds summed, the rest max; "u1.medium" > "u1.large" as text.
  EXPECT_EQ(
      Rows(engine_,
           "SELECT vm_labels, vm_instance_type, vm_uptime_total_seconds, vm_cpu_limit_cores,"
           " vm_cpu_limit_core_seconds, vm_cpu_request_socket_seconds, vm_memory_limit_bytes,"
           " vm_memory_usage_byte_seconds, vm_disk_allocated_size_byte_seconds FROM read_parquet(" +
               Parquet(OcpFile(*root_, "vm_usage", ParquetDataset::kDaily, "2025-03-01")) + ")"),
      (std::vector<std::string>{"{\"vm_kubevirt_io_name\": "
                                "\"vm-1\"}|u1.medium|5400.0|4.0|14400.0|5400.0|8192.0|4000000.0|54000.0"}));
  // GPU: vendor nvidia_com_gpu -> nvidia, model punctuation -> spaces; "1g.10gb" on an A100 -> 1 slice,
  // 10240 MiB, 7 slices max; a MIG profile on an unknown model (T4) clears every MIG field.
  EXPECT_EQ(
      Rows(engine_,
           "SELECT pod, mig_instance_id, gpu_model_name, gpu_vendor_name, gpu_pod_uptime, mig_profile,"
           " mig_slice_count, gpu_max_slices, mig_memory_capacity_mib, mig_strategy FROM read_parquet(" +
               Parquet(OcpFile(*root_, "gpu_usage", ParquetDataset::kDaily, "2025-03-01")) +
               ") ORDER BY pod"),
      (std::vector<std::string>{"train-0||NVIDIA A100 SXM4 80GB|nvidia|5400.0||NULL|NULL|NULL|",
                                "train-1|mig-1|NVIDIA A100 SXM4 80GB|nvidia|3600.0|1g.10gb|1|7|10240|mixed",
                                "train-2|NULL|Tesla T4|nvidia|1800.0|NULL|NULL|NULL|NULL|NULL"}));
}

TEST_F(IngestOcpTest, ReingestReplacesTheSameObjects) {
  fs::path root = TempDir("ingest-ocp-twice");
  Engine engine;
  IngestReport first = IngestOcp(engine, Request(kFixtures + "/ocp_values", root));
  IngestReport second = IngestOcp(engine, Request(kFixtures + "/ocp_values", root));
  ASSERT_EQ(first.files.size(), second.files.size());
  for (size_t i = 0; i < first.files.size(); ++i) EXPECT_EQ(first.files[i].object, second.files[i].object);
  size_t on_disk = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) on_disk += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(on_disk, first.files.size());
  fs::remove_all(root);
}

// Koku converts a daily piece in chunks of 200,000 CSV rows and aggregates each chunk on its own: a piece of
// 200,005 rows gives raw chunks _0 (200,000 rows) and _1 (5 rows), each with its own daily file.
TEST(IngestOcpChunkTest, PiecesAreConvertedIn200000RowChunks) {
  fs::path input = TempDir("ingest-chunks");
  fs::path target = TempDir("ingest-chunks-out");
  Engine engine;
  engine.Execute(
      "COPY (SELECT '2025-03-01 00:00:00 +0000 UTC' AS report_period_start,"
      " '2025-04-01 00:00:00 +0000 UTC' AS report_period_end, '2025-03-01 05:00:00 +0000 UTC' AS "
      "interval_start,"
      " '2025-03-01 05:59:59 +0000 UTC' AS interval_end, 'p' || (i % 1000) AS pod, 'ns' AS namespace,"
      " 'n1' AS node, 'i-1' AS resource_id, 1 AS pod_usage_cpu_core_seconds, 2 AS "
      "pod_request_cpu_core_seconds,"
      " 3 AS pod_limit_cpu_core_seconds, 4 AS pod_usage_memory_byte_seconds, 5 AS "
      "pod_request_memory_byte_seconds,"
      " 6 AS pod_limit_memory_byte_seconds, 4 AS node_capacity_cpu_cores, 14400 AS "
      "node_capacity_cpu_core_seconds,"
      " 16 AS node_capacity_memory_bytes, 57600 AS node_capacity_memory_byte_seconds, 'label_a:b' AS "
      "pod_labels"
      " FROM range(200005) t(i) ORDER BY i) TO " +
          SqlLiteral((input / "pod.csv").string()) + " (HEADER)",
      "test");
  std::ofstream(input / "manifest.json") << R"({"uuid": "chunks", "cluster_id": "c", "files": ["pod.csv"]})";
  IngestReport report = IngestOcp(engine, Request(input.string(), target));
  std::vector<std::string> files;
  for (const auto& f : report.files)
    files.push_back(fs::path(f.object).filename().string() + " " + std::to_string(f.rows));
  // Chunk 0 holds pods p0..p999 (200 rows each), chunk 1 pods p0..p4 once more: 5 more daily rows.
  EXPECT_EQ(files, (std::vector<std::string>{"pod_usage.2025-03-01.chunks.0_0.parquet 200000",
                                             "pod_usage.2025-03-01.chunks.0_daily_0.parquet 1000",
                                             "pod_usage.2025-03-01.chunks.0_1.parquet 5",
                                             "pod_usage.2025-03-01.chunks.0_daily_1.parquet 5"}));
  fs::remove_all(input);
  fs::remove_all(target);
}

/// Writes a pod_usage CSV of `rows` rows (row i: pod p<i % 1000>) to `path`; `day` and `interval_end` are SQL
/// expressions over i.
void WritePodCsv(Engine& engine, const fs::path& path, int64_t rows, const std::string& day,
                 const std::string& interval_end) {
  engine.Execute(
      "COPY (SELECT '2025-03-01 00:00:00 +0000 UTC' AS report_period_start,"
      " '2025-04-01 00:00:00 +0000 UTC' AS report_period_end, " +
          day + " || ' 05:00:00 +0000 UTC' AS interval_start, " + interval_end +
          " AS interval_end, 'p' || (i % 1000) AS pod, 'ns' AS namespace, 'n1' AS node, 'i-1' AS resource_id,"
          " i % 7 AS pod_usage_cpu_core_seconds, 2 AS pod_request_cpu_core_seconds, 3 AS "
          "pod_limit_cpu_core_seconds, 4 AS pod_usage_memory_byte_seconds, 5 AS "
          "pod_request_memory_byte_seconds,"
          " 6 AS pod_limit_memory_byte_seconds, 4 AS node_capacity_cpu_cores, 14400 AS "
          "node_capacity_cpu_core_seconds, 16 AS node_capacity_memory_bytes, 57600 AS "
          "node_capacity_memory_byte_seconds, 'label_a:' || (i % 1000 % 3) AS pod_labels FROM range(" +
          std::to_string(rows) + ") t(i) ORDER BY i) TO " + SqlLiteral(path.string()) + " (HEADER)",
      "test");
}

/// "<file name> <rows>" of every file of a report.
std::vector<std::string> FileRows(const IngestReport& report) {
  std::vector<std::string> files;
  for (const auto& f : report.files)
    files.push_back(fs::path(f.object).filename().string() + " " + std::to_string(f.rows));
  return files;
}

// Days interleaved in the file (not written hour by hour) are still cut into chunks of 200,000 rows of each
// day in CSV order: the chunks are then found by a window, not from each day's first and last row.
TEST(IngestOcpChunkTest, InterleavedDaysAreChunkedPerDay) {
  fs::path input = TempDir("ingest-interleaved");
  fs::path target = TempDir("ingest-interleaved-out");
  Engine engine;
  WritePodCsv(engine, input / "pod.csv", 400010,
              "CASE WHEN i % 2 = 0 THEN '2025-03-01' ELSE '2025-03-02' END",
              "'2025-03-01 05:59:59 +0000 UTC'");
  std::ofstream(input / "manifest.json") << R"({"uuid": "mix", "cluster_id": "c", "files": ["pod.csv"]})";
  IngestReport report = IngestOcp(engine, Request(input.string(), target));
  EXPECT_EQ(
      FileRows(report),
      (std::vector<std::string>{
          "pod_usage.2025-03-01.mix.0_0.parquet 200000", "pod_usage.2025-03-01.mix.0_daily_0.parquet 500",
          "pod_usage.2025-03-01.mix.0_1.parquet 5", "pod_usage.2025-03-01.mix.0_daily_1.parquet 5",
          "pod_usage.2025-03-02.mix.0_0.parquet 200000", "pod_usage.2025-03-02.mix.0_daily_0.parquet 500",
          "pod_usage.2025-03-02.mix.0_1.parquet 5", "pod_usage.2025-03-02.mix.0_daily_1.parquet 5"}));
  // Chunk 1 of day 2: the last 5 odd rows 400001..400009 in CSV order, pods p1, p3, ..., p9.
  std::string chunk = (target / report.files[6].object).string();
  EXPECT_EQ(Rows(engine, "SELECT pod FROM read_parquet(" + Parquet(chunk) + ")"),
            (std::vector<std::string>{"p1", "p3", "p5", "p7", "p9"}));
  fs::remove_all(input);
  fs::remove_all(target);
}

// A file larger than DuckDB's memory limit is converted through spilled pages: the same objects with the
// same rows in the same order as without a limit.
TEST(IngestOcpChunkTest, SpillingGivesTheSameOutput) {
  fs::path input = TempDir("ingest-spill");
  fs::path plain = TempDir("ingest-spill-plain");
  fs::path spilled = TempDir("ingest-spill-limited");
  Engine engine;
  WritePodCsv(engine, input / "pod.csv", 450000, "'2025-03-01'", "'2025-03-01 05:59:59 +0000 UTC'");
  std::ofstream(input / "manifest.json") << R"({"uuid": "big", "cluster_id": "c", "files": ["pod.csv"]})";
  IngestReport expected = IngestOcp(engine, Request(input.string(), plain));
  Engine limited(EngineOptions{.memory_limit = "150MB", .threads = 1});
  IngestReport report = IngestOcp(limited, Request(input.string(), spilled));
  ASSERT_EQ(FileRows(report), FileRows(expected));
  for (const auto& f : report.files) {
    std::string a =
        "SELECT row_number() OVER () AS n, * FROM read_parquet(" + Parquet((plain / f.object).string()) + ")";
    std::string b = "SELECT row_number() OVER () AS n, * FROM read_parquet(" +
                    Parquet((spilled / f.object).string()) + ")";
    EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM ((" + a + " EXCEPT ALL " + b + ") UNION ALL (" + b +
                                  " EXCEPT ALL " + a + "))",
                              "test"),
              0)
        << f.object;
  }
  fs::remove_all(input);
  fs::remove_all(plain);
  fs::remove_all(spilled);
}

// A bad value in the last chunk of a large file fails the run cleanly: one line naming file and column, and
// nothing written (the first chunk converted fine).
TEST(IngestOcpErrorsTest, BadValueInALateRowWritesNothing) {
  fs::path input = TempDir("ingest-late-bad");
  fs::path target = TempDir("ingest-late-bad-out");
  Engine engine;
  WritePodCsv(engine, input / "pod.csv", 200005, "'2025-03-01'",
              "CASE WHEN i = 200003 THEN 'later' ELSE '2025-03-01 05:59:59 +0000 UTC' END");
  std::ofstream(input / "manifest.json") << R"({"uuid": "late", "cluster_id": "c", "files": ["pod.csv"]})";
  std::string message = MessageOf([&] { IngestOcp(engine, Request(input.string(), target)); });
  EXPECT_EQ(message, (input / "pod.csv").string() +
                         ": column interval_end: cannot parse timestamp 'later' (Koku fails such a file)");
  EXPECT_TRUE(fs::is_empty(target));
  fs::remove_all(input);
  fs::remove_all(target);
}

TEST(IngestOcpErrorsTest, UnparsableTimestampFailsTheIngestAndWritesNothing) {
  fs::path input = TempDir("ingest-bad-ts");
  fs::path target = TempDir("ingest-bad-ts-out");
  fs::copy(kFixtures + "/ocp_values/test-cluster/20250301-20250401", input, fs::copy_options::recursive);
  std::ofstream(input / "node.csv", std::ios::app) << "2025-03-01 00:00:00 +0000 UTC,2025-04-01 00:00:00 "
                                                      "+0000 UTC,2025-03-01 02:00:00 +0000 UTC,soon,n1,\n";
  Engine engine;
  std::string message = MessageOf([&] { IngestOcp(engine, Request(input.string(), target)); });
  EXPECT_NE(
      message.find((input / "node.csv").string() + ": column interval_end: cannot parse timestamp 'soon'"),
      std::string::npos)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_TRUE(fs::is_empty(target));  // pod.csv and storage.csv converted before, but nothing was committed
  fs::remove_all(input);
  fs::remove_all(target);
}

// A CUR without a Manifest.json takes its billing period from bill/BillingPeriodStartDate; without that
// column too, the run fails with one line saying so (not with the engine's message about a missing column).
TEST(IngestAwsErrorsTest, NoManifestAndNoBillingPeriodColumn) {
  fs::path input = TempDir("ingest-no-period");
  fs::path target = TempDir("ingest-no-period-out");
  std::ofstream(input / "cur.csv")
      << "identity/TimeInterval,bill/InvoiceId,bill/PayerAccountId,lineItem/UsageAccountId,lineItem/"
         "LineItemType,"
         "lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/"
         "ResourceId,"
         "lineItem/UsageAmount,lineItem/UnblendedCost\n"
         "2025-10-01T00:00:00Z/2025-10-01T01:00:00Z,i1,p,a,Usage,2025-10-01T00:00:00Z,AmazonEC2,u,o,r1,1,2\n";
  Engine engine;
  std::string message = MessageOf([&] { IngestAws(engine, Request(input.string(), target)); });
  EXPECT_EQ(message,
            (input / "cur.csv").string() +
                ": no bill/BillingPeriodStartDate and no Manifest.json to take the billing period from");
  EXPECT_TRUE(fs::is_empty(target));
  fs::remove_all(input);
  fs::remove_all(target);
}

TEST(IngestOcpErrorsTest, MissingInputFolder) {
  Engine engine;
  std::string message = MessageOf([&] { IngestOcp(engine, Request("/nonexistent/nise-out", "/tmp/x")); });
  EXPECT_EQ(message, "ingest ocp: input folder '/nonexistent/nise-out' does not exist or is not a directory");
  message = MessageOf([&] { IngestAws(engine, Request(kFixtures + "/aws_values", "s3://bucket/x")); });
  EXPECT_NE(message.find("needs S3 credentials"), std::string::npos) << message;
}

class IngestAwsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(TempDir("ingest-aws"));
    Engine engine;
    report_ = new IngestReport(IngestAws(engine, Request(kFixtures + "/aws_values", *root_)));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete root_;
    delete report_;
  }
  std::string AwsFile(ParquetDataset dataset, const std::string& day) {
    return OnlyFile(*root_, AwsParquetPrefix(kMarch, dataset), day + "_manifestid-" + kAwsAssembly);
  }
  static fs::path* root_;
  static IngestReport* report_;
  Engine engine_;
};
fs::path* IngestAwsTest::root_ = nullptr;
IngestReport* IngestAwsTest::report_ = nullptr;

// Expected from ocp_on_aws.md §1.1-1.3: kept columns in CSV order with normalised names (identity/LineItemId,
// identity/Other and someOther/Column are not kept; tag and cost category columns fold into resourcetags and
// costcategory), then the missing Trino-required columns in TRINO_REQUIRED_COLUMNS order. Timestamps are
// UTC-adjusted as pandas writes tz-aware CUR times; DuckDB writes them with microseconds (see aws_convert.h).
TEST_F(IngestAwsTest, Schemas) {
  EXPECT_EQ(Schema(engine_, AwsFile(ParquetDataset::kRaw, "2025-03-01")),
            Concat({Typed({"identity_timeinterval", "bill_invoiceid", "bill_billingentity", "bill_billtype",
                           "bill_payeraccountid"},
                          "STRING"),
                    Typed({"bill_billingperiodstartdate", "bill_billingperiodenddate"}, "TIMESTAMPTZ_US"),
                    Typed({"lineitem_usageaccountid", "lineitem_lineitemtype"}, "STRING"),
                    Typed({"lineitem_usagestartdate", "lineitem_usageenddate"}, "TIMESTAMPTZ_US"),
                    Typed({"lineitem_productcode", "lineitem_usagetype", "lineitem_operation",
                           "lineitem_availabilityzone", "lineitem_resourceid"},
                          "STRING"),
                    {"lineitem_usageamount DOUBLE", "lineitem_currencycode STRING"},
                    Typed({"lineitem_unblendedrate", "lineitem_unblendedcost", "lineitem_blendedrate",
                           "lineitem_blendedcost"},
                          "DOUBLE"),
                    Typed({"product_productname", "product_instancetype", "product_vcpu", "product_region",
                           "pricing_unit", "resourcetags", "costcategory", "product_productfamily",
                           "lineitem_legalentity", "lineitem_lineitemdescription", "product_physicalcores",
                           "product_memory", "product_operatingsystem"},
                          "STRING"),
                    Typed({"lineitem_normalizationfactor", "lineitem_normalizedusageamount",
                           "savingsplan_savingsplaneffectivecost", "pricing_publicondemandcost",
                           "pricing_publicondemandrate"},
                          "DOUBLE")}));
  EXPECT_EQ(
      Schema(engine_, AwsFile(ParquetDataset::kDaily, "2025-03-01")),
      Concat(
          {{"lineitem_resourceid STRING", "lineitem_usagestartdate TIMESTAMPTZ_US"},
           Typed({"bill_payeraccountid", "lineitem_usageaccountid", "lineitem_legalentity",
                  "lineitem_lineitemdescription", "bill_billingentity", "lineitem_productcode",
                  "lineitem_availabilityzone", "lineitem_lineitemtype", "lineitem_usagetype",
                  "lineitem_operation", "product_productfamily", "product_operatingsystem",
                  "product_instancetype", "product_region", "pricing_unit", "resourcetags", "costcategory"},
                 "STRING"),
           Typed({"lineitem_usageamount", "lineitem_normalizationfactor", "lineitem_normalizedusageamount"},
                 "DOUBLE"),
           {"lineitem_currencycode STRING"},
           Typed({"lineitem_unblendedrate", "lineitem_unblendedcost", "lineitem_blendedrate",
                  "lineitem_blendedcost", "pricing_publicondemandcost", "pricing_publicondemandrate",
                  "savingsplan_savingsplaneffectivecost"},
                 "DOUBLE"),
           Typed({"bill_invoiceid", "product_productname", "product_vcpu", "product_memory", "row_uuid"},
                 "STRING")}));
}

// aws_values, 2025-03-01 by hand: li-1 and li-2 share every key (same tags): usage 1 + 1, unblended rate
// max(0.2, 0.3), cost 0.2 + 0.3, blended rate max(0.2, 0.1), cost 0.2 + 0.1, vcpu max("4", "16") = "4"
// (text). li-3: "NaN" usage is a pandas NA spelling -> 0.0, rate "abc" -> 0.0, tag values '', "None", "NA"
// all empty
// -> {}. Tag keys are ordered by full header: App < app < dashed-key < zeta < é.
TEST_F(IngestAwsTest, DailyValuesAndTags) {
  EXPECT_EQ(report_->csv_rows, 4);
  EXPECT_EQ(report_->files.size(), 4u);
  std::string daily = AwsFile(ParquetDataset::kDaily, "2025-03-01");
  EXPECT_EQ(
      Rows(engine_,
           "SELECT lineitem_usagestartdate, resourcetags, costcategory, lineitem_usageamount,"
           " lineitem_unblendedrate, lineitem_unblendedcost, lineitem_blendedrate,"
           " round(lineitem_blendedcost, 12), product_vcpu, lineitem_legalentity,"
           " lineitem_normalizationfactor, length(row_uuid) FROM read_parquet(" +
               Parquet(daily) + ") ORDER BY lineitem_usageamount DESC"),
      (std::vector<std::string>{
          "2025-03-01 00:00:00+00|{\"App\": \"Web\", \"app\": \"web\", \"dashed-key\": \"d1\", \"zeta\": "
          "\"say \\\"hi\\\"\", \"\\u00e9\": \"\\u00fc\"}|{\"team\": \"blue\"}|2.0|0.3|0.5|0.2|0.3|4||0.0|36",
          "2025-03-01 00:00:00+00|{}|{}|0.0|0.0|0.5|0.2|0.2|4||0.0|36"}));
  EXPECT_EQ(
      Rows(engine_, "SELECT lineitem_resourceid, resourcetags, lineitem_usageamount FROM read_parquet(" +
                        Parquet(AwsFile(ParquetDataset::kRaw, "2025-03-02")) + ")"),
      (std::vector<std::string>{"vol-1|{\"app\": \"db\"}|20.0"}));
}

/// The nise binary: $COSTAGG_NISE, else bin/nise of $COSTAGG_VENV or of the repository's .venv.
std::string NiseBinary() {
  if (const char* env = std::getenv("COSTAGG_NISE"); env && *env) return env;
  std::vector<std::string> venvs = {std::string(COSTAGG_SOURCE_DIR) + "/.venv"};
  if (const char* env = std::getenv("COSTAGG_VENV"); env && *env) venvs.insert(venvs.begin(), env);
  for (const auto& venv : venvs) {
    if (fs::exists(venv + "/bin/nise")) return venv + "/bin/nise";
  }
  return "";
}

// koku-nise on the small examples of test_data.md §A.5/§A.6 (tests/ingest/nise/*.yml): one node, pod,
// namespace and PVC for 24 hours -> 24 hourly rows and one daily row per report type; AWS: an EC2 instance
// and an EBS volume for 24 hours -> 48 line items.
TEST(IngestNiseTest, IngestsWhatNiseWrites) {
  std::string nise = NiseBinary();
  if (nise.empty()) {
    if (testing::ServersRequired()) FAIL() << "koku-nise not found: set COSTAGG_NISE or create .venv";
    GTEST_SKIP() << "skipped: koku-nise not found (set COSTAGG_NISE or create .venv with koku-nise==5.4.4)";
  }
  fs::path work = TempDir("ingest-nise");
  fs::create_directories(work / "ocp");
  fs::create_directories(work / "aws");
  std::string yml = kFixtures + "/nise";
  std::string cmd =
      "cd " + work.string() + " && " + nise + " report ocp --static-report-file " + yml +
      "/ocp_small.yml --ocp-cluster-id nise-cluster --start-date 2025-10-01 --end-date 2025-10-02"
      " --insights-upload ocp > nise-ocp.log 2>&1 && " +
      nise + " report aws --static-report-file " + yml +
      "/aws_small.yml --start-date 2025-10-01 --end-date 2025-10-02 --aws-s3-bucket-name aws"
      " --aws-s3-report-name cur > nise-aws.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << " (see " << work << "/nise-*.log)";

  Engine engine;
  IngestReport ocp = IngestOcp(engine, Request((work / "ocp").string(), work / "out"));
  EXPECT_EQ(ocp.cluster_id, "nise-cluster");
  std::map<std::string, int64_t> rows;
  for (const auto& f : ocp.files) rows[f.report_type] += f.rows;
  EXPECT_EQ(rows, (std::map<std::string, int64_t>{{"pod_usage", 24},
                                                  {"pod_usage_daily", 1},
                                                  {"storage_usage", 24},
                                                  {"storage_usage_daily", 1},
                                                  {"node_labels", 24},
                                                  {"node_labels_daily", 1},
                                                  {"namespace_labels", 24},
                                                  {"namespace_labels_daily", 1}}));
  IngestReport aws = IngestAws(engine, Request((work / "aws").string(), work / "out"));
  int64_t raw = 0, daily = 0;
  for (const auto& f : aws.files) (f.report_type == "aws" ? raw : daily) += f.rows;
  EXPECT_EQ(aws.csv_rows, 48);
  EXPECT_EQ(raw, 48);
  // nise draws a random cost category per line, so the daily grouping keeps 2 to 48 rows.
  EXPECT_GE(daily, 2);
  EXPECT_LE(daily, 48);
  fs::remove_all(work);
}

// Through the S3 object store (MinIO): the same keys as a local target.
TEST(IngestS3Test, WritesTheSameKeysToS3) {
  COSTAGG_REQUIRE_S3(server);
  std::string bucket = server->NewBucket("ingest");
  auto store = OpenObjectStore("s3://" + bucket + "/koku", server->Options());
  Engine engine;
  IngestReport report =
      IngestAws(engine, *store, Request(kFixtures + "/aws_values", "s3://" + bucket + "/koku"));
  std::vector<ObjectInfo> objects = store->List("data/");
  ASSERT_EQ(objects.size(), report.files.size());
  for (const auto& f : report.files) {
    EXPECT_NE(
        std::find_if(objects.begin(), objects.end(), [&](const ObjectInfo& o) { return o.key == f.object; }),
        objects.end())
        << f.object;
  }
}

}  // namespace
}  // namespace costagg
