#include "costagg/ingest/ocp_columns.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "costagg/input/koku_layout.h"

namespace costagg {
namespace {

using Names = ColumnList;

/// The four timestamps every report carries.
const Names kTimestampColumns = {"report_period_start", "report_period_end", "interval_start",
                                 "interval_end"};

/// Required columns per report type (`*_COLUMNS` in koku/masu/util/ocp/common.py), besides the timestamps.
const Names& RequiredColumns(std::string_view report_type) {
  static const Names storage = {"namespace",
                                "pod",
                                "persistentvolumeclaim",
                                "persistentvolume",
                                "storageclass",
                                "persistentvolumeclaim_capacity_bytes",
                                "persistentvolumeclaim_capacity_byte_seconds",
                                "volume_request_storage_byte_seconds",
                                "persistentvolumeclaim_usage_byte_seconds",
                                "persistentvolume_labels",
                                "persistentvolumeclaim_labels"};
  static const Names pod = {"pod",
                            "namespace",
                            "node",
                            "resource_id",
                            "pod_usage_cpu_core_seconds",
                            "pod_request_cpu_core_seconds",
                            "pod_limit_cpu_core_seconds",
                            "pod_usage_memory_byte_seconds",
                            "pod_request_memory_byte_seconds",
                            "pod_limit_memory_byte_seconds",
                            "node_capacity_cpu_cores",
                            "node_capacity_cpu_core_seconds",
                            "node_capacity_memory_bytes",
                            "node_capacity_memory_byte_seconds",
                            "pod_labels"};
  static const Names node = {"node", "node_labels"};
  static const Names ns = {"namespace", "namespace_labels"};
  static const Names vm = {"node",
                           "namespace",
                           "vm_name",
                           "resource_id",
                           "vm_instance_type",
                           "vm_os",
                           "vm_guest_os_arch",
                           "vm_guest_os_name",
                           "vm_guest_os_version",
                           "vm_uptime_total_seconds",
                           "vm_cpu_limit_cores",
                           "vm_cpu_limit_core_seconds",
                           "vm_cpu_request_cores",
                           "vm_cpu_request_core_seconds",
                           "vm_cpu_request_sockets",
                           "vm_cpu_request_socket_seconds",
                           "vm_cpu_request_threads",
                           "vm_cpu_request_thread_seconds",
                           "vm_cpu_usage_total_seconds",
                           "vm_memory_limit_bytes",
                           "vm_memory_limit_byte_seconds",
                           "vm_memory_request_bytes",
                           "vm_memory_request_byte_seconds",
                           "vm_memory_usage_byte_seconds",
                           "vm_device",
                           "vm_volume_mode",
                           "vm_persistentvolumeclaim_name",
                           "vm_disk_allocated_size_byte_seconds",
                           "vm_labels"};
  static const Names gpu = {"node",
                            "namespace",
                            "pod",
                            "gpu_uuid",
                            "gpu_model_name",
                            "gpu_vendor_name",
                            "gpu_memory_capacity_mib",
                            "gpu_pod_uptime"};
  static const Names none;
  if (report_type == "storage_usage") return storage;
  if (report_type == "pod_usage") return pod;
  if (report_type == "node_labels") return node;
  if (report_type == "namespace_labels") return ns;
  if (report_type == "vm_usage") return vm;
  if (report_type == "gpu_usage") return gpu;
  return none;
}

/// Columns Koku converts with `safe_float` (any unparsable or empty value -> 0.0), by lower-cased name.
const std::set<std::string_view>& DoubleColumns() {
  static const std::set<std::string_view> names = {
      "pod_usage_cpu_core_seconds",
      "pod_request_cpu_core_seconds",
      "pod_limit_cpu_core_seconds",
      "pod_usage_memory_byte_seconds",
      "pod_request_memory_byte_seconds",
      "pod_limit_memory_byte_seconds",
      "node_capacity_cpu_cores",
      "node_capacity_cpu_core_seconds",
      "node_capacity_memory_bytes",
      "node_capacity_memory_byte_seconds",
      "persistentvolumeclaim_capacity_bytes",
      "persistentvolumeclaim_capacity_byte_seconds",
      "volume_request_storage_byte_seconds",
      "persistentvolumeclaim_usage_byte_seconds",
      "vm_uptime_total_seconds",
      "vm_cpu_limit_cores",
      "vm_cpu_limit_core_seconds",
      "vm_cpu_request_cores",
      "vm_cpu_request_core_seconds",
      "vm_cpu_request_sockets",
      "vm_cpu_request_socket_seconds",
      "vm_cpu_request_threads",
      "vm_cpu_request_thread_seconds",
      "vm_cpu_usage_total_seconds",
      "vm_memory_limit_bytes",
      "vm_memory_limit_byte_seconds",
      "vm_memory_request_bytes",
      "vm_memory_request_byte_seconds",
      "vm_memory_usage_byte_seconds",
      "vm_disk_allocated_size_byte_seconds",
      "gpu_memory_capacity_mib",
      "gpu_pod_uptime",
  };
  return names;
}

/// Label columns converted from the operator's pipe format to JSON text (ocp.md §1.5).
const std::set<std::string_view> kLabelColumns = {
    "pod_labels",  "persistentvolume_labels", "persistentvolumeclaim_labels",
    "node_labels", "namespace_labels",        "vm_labels"};

/// String fields Koku sanitizes (NUL removal + html.escape(quote=True)), exact names
/// (`FIELDS_TO_VALIDATE` in ocp_data_validator.py).
const std::set<std::string_view> kSanitizedColumns = {"namespace",
                                                      "pod",
                                                      "node",
                                                      "persistentvolumeclaim",
                                                      "persistentvolume",
                                                      "storageclass",
                                                      "resource_id",
                                                      "vm_name",
                                                      "gpu_uuid",
                                                      "gpu_model_name",
                                                      "gpu_vendor_name",
                                                      "csi_driver",
                                                      "csi_volume_handle",
                                                      "node_role",
                                                      "vm_instance_type",
                                                      "vm_os",
                                                      "vm_device"};

/// A row is an anomaly when any of these (present) columns is above 1e18 (`THRESHOLDS`).
const Names kAnomalyColumns = {"pod_usage_cpu_core_seconds",
                               "pod_request_cpu_core_seconds",
                               "pod_limit_cpu_core_seconds",
                               "node_capacity_cpu_core_seconds",
                               "pod_usage_memory_byte_seconds",
                               "pod_request_memory_byte_seconds",
                               "pod_limit_memory_byte_seconds",
                               "node_capacity_memory_byte_seconds",
                               "node_capacity_memory_bytes",
                               "persistentvolumeclaim_capacity_bytes",
                               "persistentvolumeclaim_capacity_byte_seconds",
                               "volume_request_storage_byte_seconds",
                               "persistentvolumeclaim_usage_byte_seconds"};

/// The derived MIG columns Koku appends to a GPU frame with MIG data (`_ensure_mig_columns`), in its order.
const Names kMigDerivedColumns = {"mig_slice_count", "mig_memory_capacity_mib", "gpu_max_slices",
                                  "mig_strategy"};

}  // namespace

const OcpDailySpec& OcpDailySpecFor(std::string_view report_type) {
  constexpr bool kSum = true;
  constexpr bool kMax = false;
  static const OcpDailySpec pod = {{"namespace", "node", "pod", "pod_labels"},
                                   {{"report_period_start", kMax},
                                    {"report_period_end", kMax},
                                    {"resource_id", kMax},
                                    {"pod_usage_cpu_core_seconds", kSum},
                                    {"pod_request_cpu_core_seconds", kSum},
                                    {"pod_effective_usage_cpu_core_seconds", kSum},
                                    {"pod_limit_cpu_core_seconds", kSum},
                                    {"pod_usage_memory_byte_seconds", kSum},
                                    {"pod_request_memory_byte_seconds", kSum},
                                    {"pod_effective_usage_memory_byte_seconds", kSum},
                                    {"pod_limit_memory_byte_seconds", kSum},
                                    {"node_capacity_cpu_cores", kMax},
                                    {"node_capacity_cpu_core_seconds", kSum},
                                    {"node_capacity_memory_bytes", kMax},
                                    {"node_capacity_memory_byte_seconds", kSum},
                                    {"node_role", kMax}},
                                   {{"node_role", 's'}}};
  static const OcpDailySpec storage = {
      {"namespace", "node", "pod", "persistentvolumeclaim", "persistentvolume", "storageclass", "csi_driver",
       "csi_volume_handle", "persistentvolume_labels", "persistentvolumeclaim_labels"},
      {{"report_period_start", kMax},
       {"report_period_end", kMax},
       {"persistentvolumeclaim_capacity_bytes", kMax},
       {"persistentvolumeclaim_capacity_byte_seconds", kSum},
       {"volume_request_storage_byte_seconds", kSum},
       {"persistentvolumeclaim_usage_byte_seconds", kSum}},
      {{"node", 's'}, {"csi_driver", 's'}, {"csi_volume_handle", 's'}}};
  static const OcpDailySpec node = {
      {"node", "node_labels"}, {{"report_period_start", kMax}, {"report_period_end", kMax}}, {}};
  static const OcpDailySpec ns = {
      {"namespace", "namespace_labels"}, {{"report_period_start", kMax}, {"report_period_end", kMax}}, {}};
  static const OcpDailySpec vm = {{"namespace", "node", "vm_name", "vm_labels"},
                                  {{"report_period_start", kMax},
                                   {"report_period_end", kMax},
                                   {"resource_id", kMax},
                                   {"vm_instance_type", kMax},
                                   {"vm_os", kMax},
                                   {"vm_guest_os_arch", kMax},
                                   {"vm_guest_os_name", kMax},
                                   {"vm_guest_os_version", kMax},
                                   {"vm_uptime_total_seconds", kSum},
                                   {"vm_cpu_limit_cores", kMax},
                                   {"vm_cpu_limit_core_seconds", kSum},
                                   {"vm_cpu_request_cores", kMax},
                                   {"vm_cpu_request_core_seconds", kSum},
                                   {"vm_cpu_request_sockets", kMax},
                                   {"vm_cpu_request_socket_seconds", kSum},
                                   {"vm_cpu_request_threads", kMax},
                                   {"vm_cpu_request_thread_seconds", kSum},
                                   {"vm_cpu_usage_total_seconds", kSum},
                                   {"vm_memory_limit_bytes", kMax},
                                   {"vm_memory_limit_byte_seconds", kSum},
                                   {"vm_memory_request_bytes", kMax},
                                   {"vm_memory_request_byte_seconds", kSum},
                                   {"vm_memory_usage_byte_seconds", kSum},
                                   {"vm_device", kMax},
                                   {"vm_volume_mode", kMax},
                                   {"vm_persistentvolumeclaim_name", kMax},
                                   {"vm_disk_allocated_size_byte_seconds", kSum}},
                                  {}};
  static const OcpDailySpec gpu = {{"node", "namespace", "pod", "gpu_uuid", "mig_instance_id"},
                                   {{"report_period_start", kMax},
                                    {"report_period_end", kMax},
                                    {"gpu_model_name", kMax},
                                    {"gpu_vendor_name", kMax},
                                    {"gpu_memory_capacity_mib", kMax},
                                    {"gpu_pod_uptime", kSum},
                                    {"mig_profile", kMax},
                                    {"mig_slice_count", kMax},
                                    {"gpu_max_slices", kMax},
                                    {"mig_memory_capacity_mib", kMax},
                                    {"mig_strategy", kMax}},
                                   {{"mig_instance_id", 's'},
                                    {"mig_profile", 's'},
                                    {"mig_strategy", 's'},
                                    {"mig_slice_count", 'i'},
                                    {"mig_memory_capacity_mib", 'i'},
                                    {"gpu_max_slices", 'i'}}};
  if (report_type == "pod_usage") return pod;
  if (report_type == "storage_usage") return storage;
  if (report_type == "node_labels") return node;
  if (report_type == "namespace_labels") return ns;
  if (report_type == "vm_usage") return vm;
  return gpu;
}

std::string DetectOcpReportType(const std::vector<std::string>& header) {
  auto has = [&](std::string_view name) {
    return std::find(header.begin(), header.end(), name) != header.end();
  };
  for (std::string_view report_type : kOcpReportTypes) {
    bool all = std::all_of(kTimestampColumns.begin(), kTimestampColumns.end(), has);
    const Names& required = RequiredColumns(report_type);
    all = all && std::all_of(required.begin(), required.end(), has);
    if (all) return std::string(report_type);
  }
  return "";
}

OcpColumnKind OcpColumnKindOf(std::string_view header) {
  std::string lower(header);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::find(kTimestampColumns.begin(), kTimestampColumns.end(), lower) != kTimestampColumns.end()) {
    return OcpColumnKind::kTimestamp;
  }
  if (DoubleColumns().count(lower)) return OcpColumnKind::kDouble;
  if (lower == "mig_slice_count" || lower == "gpu_max_slices") return OcpColumnKind::kNullableInt;
  if (lower == "mig_memory_capacity_mib") return OcpColumnKind::kNullableDouble;
  if (kLabelColumns.count(lower)) return OcpColumnKind::kLabels;
  return OcpColumnKind::kText;
}

bool IsOcpSanitizedColumn(std::string_view header) { return kSanitizedColumns.count(header) > 0; }

const ColumnList& OcpAnomalyColumns() { return kAnomalyColumns; }

const ColumnList& OcpMigDerivedColumns() { return kMigDerivedColumns; }

}  // namespace costagg
