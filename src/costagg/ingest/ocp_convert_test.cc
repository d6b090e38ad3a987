#include "costagg/ingest/ocp_convert.h"

#include <gtest/gtest.h>

#include "costagg/engine/engine.h"
#include "costagg/ingest/json_sql.h"

namespace costagg {
namespace {

const std::vector<std::string> kTimes = {"report_period_start", "report_period_end", "interval_start",
                                         "interval_end"};

std::vector<std::string> With(std::vector<std::string> names) {
  names.insert(names.begin(), kTimes.begin(), kTimes.end());
  return names;
}

TEST(IngestOcpConvertTest, DetectsReportTypesInKokuOrder) {
  std::vector<std::string> pod =
      With({"pod", "namespace", "node", "resource_id", "pod_usage_cpu_core_seconds",
            "pod_request_cpu_core_seconds", "pod_limit_cpu_core_seconds", "pod_usage_memory_byte_seconds",
            "pod_request_memory_byte_seconds", "pod_limit_memory_byte_seconds", "node_capacity_cpu_cores",
            "node_capacity_cpu_core_seconds", "node_capacity_memory_bytes",
            "node_capacity_memory_byte_seconds", "pod_labels"});
  EXPECT_EQ(DetectOcpReportType(pod), "pod_usage");
  std::vector<std::string> storage =
      With({"namespace", "pod", "persistentvolumeclaim", "persistentvolume", "storageclass",
            "persistentvolumeclaim_capacity_bytes", "persistentvolumeclaim_capacity_byte_seconds",
            "volume_request_storage_byte_seconds", "persistentvolumeclaim_usage_byte_seconds",
            "persistentvolume_labels", "persistentvolumeclaim_labels"});
  EXPECT_EQ(DetectOcpReportType(storage), "storage_usage");
  // A header that satisfies both: storage_usage is checked first.
  std::vector<std::string> both = storage;
  both.insert(both.end(), pod.begin() + 4, pod.end());
  EXPECT_EQ(DetectOcpReportType(both), "storage_usage");
  // node_labels before namespace_labels.
  EXPECT_EQ(DetectOcpReportType(With({"node", "node_labels", "namespace", "namespace_labels"})),
            "node_labels");
  EXPECT_EQ(DetectOcpReportType(With({"namespace", "namespace_labels"})), "namespace_labels");
  EXPECT_EQ(DetectOcpReportType(With({"node", "namespace", "pod", "gpu_uuid", "gpu_model_name",
                                      "gpu_vendor_name", "gpu_memory_capacity_mib", "gpu_pod_uptime"})),
            "gpu_usage");
  // Exact, case-sensitive names; a missing timestamp means UNKNOWN.
  EXPECT_EQ(DetectOcpReportType(With({"Node", "node_labels"})), "");
  EXPECT_EQ(DetectOcpReportType({"report_period_start", "interval_start", "node", "node_labels"}), "");
}

/// Loads rows (already split into fields, NULL as nullopt) as the CSV table c0..cN.
void LoadRows(Engine& engine, size_t columns,
              const std::vector<std::vector<std::optional<std::string>>>& rows) {
  std::string create = "CREATE OR REPLACE TEMP TABLE csv (";
  for (size_t i = 0; i < columns; ++i) create += (i ? ", c" : "c") + std::to_string(i) + " VARCHAR";
  engine.Execute(create + ")", "test");
  for (const auto& row : rows) {
    std::string values;
    SqlParams params;  // bound, so that values may hold NUL bytes
    for (size_t i = 0; i < row.size(); ++i) {
      std::string name = "v" + std::to_string(i);
      values += (i ? ", " : "") + (row[i] ? "$" + name : std::string("NULL::VARCHAR"));
      if (row[i]) params[name] = *row[i];
    }
    engine.Execute("INSERT INTO csv VALUES (" + values + ")", "test", params);
  }
}

TEST(IngestOcpConvertTest, SanitizesNamesAndParsesTimestamps) {
  Engine engine;
  InstallJsonMacros(engine);
  std::vector<std::string> header = With({"node", "node_labels"});
  OcpConversion conversion("node_labels", header);
  std::string nul(1, '\0');
  LoadRows(engine, header.size(),
           {{"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC", "2025-03-01T05:06:07.891234",
             "2025-03-01 05:59:59 +0000 UTC", "a<b>&\"c'" + nul + "d", "label_k:<v>"}});
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM (" + conversion.FindBadTimestampSql("csv") + ")", "test"),
            0);
  engine.Execute(conversion.CreateTypedTableSql("csv", "typed"), "test");
  auto batches =
      engine.QueryAll("SELECT node, node_labels, strftime(interval_start, '%Y-%m-%d %H:%M:%S.%f') FROM (" +
                          conversion.RawSelectSql("typed", false) + ")",
                      "test", {{"day", std::string("2025-03-01")}, {"chunk", int64_t{0}}});
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 1u);
  // NUL removed, then html.escape(quote=True); labels are not sanitized.
  EXPECT_EQ(b.columns[0].texts[0], "a&lt;b&gt;&amp;&quot;c&#x27;d");
  EXPECT_EQ(b.columns[1].texts[0], R"({"k": "<v>"})");
  // Milliseconds are kept, finer digits truncated (pandas coerce_timestamps="ms").
  EXPECT_EQ(b.columns[2].texts[0], "2025-03-01 05:06:07.891000");
}

TEST(IngestOcpConvertTest, FindsTheFirstUnparsableTimestamp) {
  Engine engine;
  std::vector<std::string> header = With({"namespace", "namespace_labels"});
  OcpConversion conversion("namespace_labels", header);
  LoadRows(engine, header.size(),
           {{"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC",
             "2025-03-01 00:00:00 +0000 UTC", "2025-03-01 00:59:59 +0000 UTC", "a", ""},
            {"2025-03-01 00:00:00 +0000 UTC", "2025-04-01 00:00:00 +0000 UTC", "yesterday", std::nullopt, "a",
             ""}});
  auto batches = engine.QueryAll(conversion.FindBadTimestampSql("csv"), "test");
  ASSERT_EQ(batches.at(0).rows, 1u);
  EXPECT_EQ(batches.at(0).columns[0].texts[0], "interval_end");  // the empty one sorts before "yesterday"
  EXPECT_EQ(batches.at(0).columns[1].texts[0], "");
}

}  // namespace
}  // namespace costagg
