#pragma once
/// What a run did, for humans (stderr) and for Koku (--json on stdout, koku_integration.md §3.3). Phase
/// timings come from PhaseTimer, so the names printed are the names in the code.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "costagg/config/options.h"
#include "costagg/error.h"

namespace costagg {

/// Rows removed and added in one table by a run.
struct TableCount {
  std::string table;
  int64_t deleted = 0;
  int64_t inserted = 0;
};

/// One object read or written.
struct FileWrite {
  std::string kind;  ///< report type, e.g. pod_usage
  std::string object;
  int64_t rows = 0;
};

/// One entry of Koku's infrastructure map (ocp_on_aws.md §2.5): the OpenShift source runs on that cloud
/// source.
struct InfrastructureLink {
  std::string ocp_source;
  std::string infra_source;
  std::string type;  ///< "AWS"
};

/// The seconds one named phase took.
struct PhaseTime {
  std::string name;
  double seconds = 0;
};

/// The outcome of a run.
struct RunReport {
  std::string status = "ok";  ///< ok, no_data, error
  Command command = Command::kSummarizeOcp;
  std::string schema;
  std::string source;
  std::string aws_source;
  std::string start_date;
  std::string end_date;
  std::vector<TableCount> tables;
  std::vector<FileWrite> files;
  std::vector<std::string> notes;  ///< e.g. skipped input files with the reason
  /// summarize ocp: the cloud sources the cluster runs on, found by Koku's match rule (empty: none found).
  std::vector<InfrastructureLink> infrastructure;
  bool infrastructure_checked = false;  ///< the map was looked for (printed even when empty)
  int64_t input_rows = 0;
  std::vector<PhaseTime> phases;
  std::optional<Error> error;

  /// The JSON object printed by --json. Holds no secret: options' keys and passwords are never copied here.
  std::string ToJson() const;
  /// Human-readable lines for stderr.
  std::string ToText(bool with_timings) const;
};

/// Times a phase from construction to destruction and records it in the report.
class PhaseTimer {
 public:
  PhaseTimer(RunReport* report, std::string name);
  ~PhaseTimer();
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  RunReport* report_;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
};

/// Peak resident set size of this process in bytes (from getrusage).
int64_t PeakRssBytes();

}  // namespace costagg
