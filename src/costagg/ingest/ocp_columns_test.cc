#include "costagg/ingest/ocp_columns.h"

#include <gtest/gtest.h>

namespace costagg {
namespace {

const std::vector<std::string> kTimes = {"report_period_start", "report_period_end", "interval_start",
                                         "interval_end"};

std::vector<std::string> With(std::vector<std::string> names) {
  names.insert(names.begin(), kTimes.begin(), kTimes.end());
  return names;
}

TEST(IngestOcpColumnsTest, DetectsReportTypesInKokuOrder) {
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

TEST(IngestOcpColumnsTest, ConvertersByLowerCasedName) {
  EXPECT_EQ(OcpColumnKindOf("interval_start"), OcpColumnKind::kTimestamp);
  EXPECT_EQ(OcpColumnKindOf("Interval_Start"), OcpColumnKind::kTimestamp);
  EXPECT_EQ(OcpColumnKindOf("pod_usage_cpu_core_seconds"), OcpColumnKind::kDouble);
  EXPECT_EQ(OcpColumnKindOf("gpu_pod_uptime"), OcpColumnKind::kDouble);
  EXPECT_EQ(OcpColumnKindOf("mig_slice_count"), OcpColumnKind::kNullableInt);
  EXPECT_EQ(OcpColumnKindOf("mig_memory_capacity_mib"), OcpColumnKind::kNullableDouble);
  EXPECT_EQ(OcpColumnKindOf("vm_labels"), OcpColumnKind::kLabels);
  EXPECT_EQ(OcpColumnKindOf("node_role"), OcpColumnKind::kText);
  // Sanitizing goes by exact name.
  EXPECT_TRUE(IsOcpSanitizedColumn("csi_volume_handle"));
  EXPECT_FALSE(IsOcpSanitizedColumn("Pod"));
  EXPECT_FALSE(IsOcpSanitizedColumn("pod_labels"));
}

TEST(IngestOcpColumnsTest, DailySpecs) {
  const OcpDailySpec& pod = OcpDailySpecFor("pod_usage");
  EXPECT_EQ(pod.group_by, (ColumnList{"namespace", "node", "pod", "pod_labels"}));
  EXPECT_EQ(pod.aggs.size(), 16u);
  EXPECT_EQ(pod.new_required.size(), 1u);
  const OcpDailySpec& gpu = OcpDailySpecFor("gpu_usage");
  EXPECT_EQ(gpu.group_by.back(), "mig_instance_id");
  EXPECT_EQ(OcpDailySpecFor("namespace_labels").group_by, (ColumnList{"namespace", "namespace_labels"}));
}

}  // namespace
}  // namespace costagg
