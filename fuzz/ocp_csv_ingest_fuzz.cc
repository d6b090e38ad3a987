// libFuzzer target: `costagg ingest ocp` on one fuzzed operator CSV (src/costagg/ingest/ingest.h IngestOcp,
// with the CSV reading of csv_read.cc and the conversion of ocp_convert.cc), from a payload folder with a
// manifest.json into a local target directory, all under a private /tmp folder.
//
// Input: the first byte picks a header line to put before the rest of the input (% 8: 1-6 the header nise
// writes for pod_usage, storage_usage, node_labels, namespace_labels, vm_usage, gpu_usage; 0 and 7 none),
// ended by "\n" (the operator's Go csv writer) or, when bit 3 is set, "\r\n" (nise's Python csv writer).
//
// Checks: IngestOcp either returns, with every reported object present in the target, or throws
// costagg::Error with a one-line what() and leaves the target empty (ingest.h: a failed run leaves none of
// its output behind). Any other exception, a crash or a sanitizer report is a finding. Either way the
// staging directory is gone.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/ingest/ingest.h"
#include "fuzz_support.h"

namespace {
namespace fs = std::filesystem;

// The header lines of koku-nise 5.4.4's operator CSVs (tests/ingest/ocp_nise), one per report type.
constexpr const char* kHeaders[] = {
    "report_period_start,report_period_end,interval_start,interval_end,pod,namespace,node,resource_id,"
    "pod_usage_cpu_core_seconds,pod_request_cpu_core_seconds,pod_limit_cpu_core_seconds,"
    "pod_usage_memory_byte_seconds,pod_request_memory_byte_seconds,pod_limit_memory_byte_seconds,"
    "node_capacity_cpu_cores,node_capacity_cpu_core_seconds,node_capacity_memory_bytes,"
    "node_capacity_memory_byte_seconds,pod_labels",
    "report_period_start,report_period_end,interval_start,interval_end,namespace,pod,node,"
    "persistentvolumeclaim,persistentvolume,storageclass,csi_driver,csi_volume_handle,"
    "persistentvolumeclaim_capacity_bytes,persistentvolumeclaim_capacity_byte_seconds,"
    "volume_request_storage_byte_seconds,persistentvolumeclaim_usage_byte_seconds,persistentvolume_labels,"
    "persistentvolumeclaim_labels",
    "report_period_start,report_period_end,interval_start,interval_end,node,node_labels",
    "report_period_start,report_period_end,interval_start,interval_end,namespace,namespace_labels",
    "report_period_start,report_period_end,interval_start,interval_end,node,resource_id,namespace,vm_name,"
    "vm_instance_type,vm_os,vm_guest_os_arch,vm_guest_os_name,vm_guest_os_version,vm_uptime_total_seconds,"
    "vm_cpu_limit_cores,vm_cpu_limit_core_seconds,vm_cpu_request_cores,vm_cpu_request_core_seconds,"
    "vm_cpu_request_sockets,vm_cpu_request_socket_seconds,vm_cpu_request_threads,"
    "vm_cpu_request_thread_seconds,vm_cpu_usage_total_seconds,vm_memory_limit_bytes,"
    "vm_memory_limit_byte_seconds,vm_memory_request_bytes,vm_memory_request_byte_seconds,"
    "vm_memory_usage_byte_seconds,vm_device,vm_volume_mode,vm_persistentvolumeclaim_name,"
    "vm_disk_allocated_size_byte_seconds,vm_labels",
    "report_period_start,report_period_end,interval_start,interval_end,node,namespace,pod,gpu_uuid,"
    "gpu_model_name,gpu_vendor_name,gpu_memory_capacity_mib,gpu_pod_uptime,mig_instance_id,mig_profile,"
    "mig_strategy",
};

/// The process-wide fixture: engine, folders and the manifest naming report.csv.
struct Fixture {
  costagg_fuzz::ScratchDir scratch{"ocp-csv"};
  fs::path payload_dir = scratch.path() / "in" / "fuzz-cluster" / "20250301-20250401";
  fs::path csv = payload_dir / "report.csv";
  fs::path target = scratch.path() / "out";
  fs::path staging = scratch.path() / "staging";
  costagg::Engine* engine = nullptr;
  bool verbose = std::getenv("COSTAGG_FUZZ_VERBOSE") != nullptr;  // print each outcome (for triage)

  Fixture() {
    fs::create_directories(payload_dir);
    fs::create_directories(staging);
    std::ofstream(payload_dir / "manifest.json")
        << R"({"cluster_id": "fuzz-cluster", "uuid": "0f5c2a1e-1111-4222-8333-444455556666",)"
        << R"( "version": "5.4.4", "files": ["report.csv"], "start": "2025-03-01T00:00:00.000000+00:00"})";
    costagg::EngineOptions options;
    options.threads = 1;
    options.memory_limit = "512MB";
    options.temp_directory = (scratch.path() / "duckdb-tmp").string();
    engine = new costagg::Engine(options);  // lives for the whole process (reachable, not a leak)
  }
};

Fixture& TheFixture() {
  static Fixture fixture;  // destroyed at exit: removes the scratch folder (the engine stays, see above)
  return fixture;
}

size_t CountFiles(const fs::path& dir) {
  size_t n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) n += entry.is_regular_file() ? 1 : 0;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = TheFixture();
  {
    std::ofstream out(f.csv, std::ios::binary | std::ios::trunc);
    int choice = size > 0 ? data[0] % 16 : 0;
    int header = choice % 8;
    if (header >= 1 && header <= 6) out << kHeaders[header - 1] << (choice >= 8 ? "\r\n" : "\n");
    if (size > 1) out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  fs::remove_all(f.target);
  fs::create_directories(f.target);

  costagg::IngestRequest request;
  request.from_dir = (f.scratch.path() / "in").string();
  request.to = f.target.string();
  request.schema = "org1234567";
  request.source_uuid = "6e8b2c1a-0000-4000-8000-000000000001";
  request.staging_dir = f.staging.string();
  try {
    costagg::IngestReport report = costagg::IngestOcp(*f.engine, request);
    for (const auto& file : report.files) {
      FUZZ_CHECK(fs::is_regular_file(f.target / file.object), "reported object missing: " + file.object);
      FUZZ_CHECK(file.rows > 0, "reported object without rows: " + file.object);
    }
    FUZZ_CHECK(CountFiles(f.target) == report.files.size(), "the target holds objects nobody reported");
    if (f.verbose)
      std::fprintf(stderr, "ingested: %zu objects, %zu skipped\n", report.files.size(),
                   report.skipped.size());
  } catch (const costagg::Error& e) {
    std::string what = e.what();
    if (f.verbose) std::fprintf(stderr, "costagg::Error: %s\n", what.c_str());
    FUZZ_CHECK(what.find('\n') == std::string::npos, "costagg::Error is not one line: " + what);
    FUZZ_CHECK(!what.empty(), "costagg::Error without a message");
    FUZZ_CHECK(CountFiles(f.target) == 0, "a failed ingest left objects in the target: " + what);
  } catch (const std::exception& e) {
    costagg_fuzz::Fail(std::string("IngestOcp threw something other than costagg::Error: ") + e.what());
  } catch (...) {
    costagg_fuzz::Fail("IngestOcp threw a non-std exception");
  }
  FUZZ_CHECK(fs::is_empty(f.staging), "the staging directory was left behind");
  return 0;
}
