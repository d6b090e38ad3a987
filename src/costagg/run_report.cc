#include "costagg/run_report.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace costagg {

std::string RunReport::ToJson() const {
  nlohmann::json j;
  j["status"] = status;
  j["command"] = CommandName(command);
  j["version"] = COSTAGG_VERSION;
  if (!schema.empty()) j["schema"] = schema;
  if (command == Command::kSummarizeOcpAws) {
    j["ocp_source"] = source;
    j["aws_source"] = aws_source;
  } else if (!source.empty()) {
    j["source"] = source;
  }
  if (!start_date.empty()) j["start_date"] = start_date;
  if (!end_date.empty()) j["end_date"] = end_date;
  j["tables"] = nlohmann::json::array();
  for (const auto& t : tables)
    j["tables"].push_back({{"name", t.table}, {"deleted", t.deleted}, {"inserted", t.inserted}});
  j["files"] = nlohmann::json::array();
  for (const auto& f : files)
    j["files"].push_back({{"kind", f.kind}, {"object", f.object}, {"rows", f.rows}});
  if (!notes.empty()) j["notes"] = notes;
  if (infrastructure_checked) {
    j["infrastructure_map"] = nlohmann::json::array();
    for (const auto& link : infrastructure) {
      j["infrastructure_map"].push_back(
          {{"ocp_source", link.ocp_source}, {"infra_source", link.infra_source}, {"type", link.type}});
    }
  }
  j["input"] = {{"rows", input_rows}};
  nlohmann::json phase_json = nlohmann::json::object();
  for (const auto& p : phases) phase_json[p.name] = p.seconds;
  j["seconds"] = phase_json;
  j["peak_rss_bytes"] = PeakRssBytes();
  if (error) j["error"] = {{"kind", ErrorKindName(error->kind())}, {"message", error->what()}};
  // Invalid UTF-8 in names from input data must not abort the report.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string RunReport::ToText(bool with_timings) const {
  std::ostringstream out;
  for (const auto& t : tables) {
    out << "  " << t.table << ": " << t.deleted << " rows deleted, " << t.inserted << " rows inserted\n";
  }
  if (!files.empty()) {
    int64_t rows = 0;
    for (const auto& f : files) rows += f.rows;
    out << "  " << files.size() << " parquet objects written, " << rows << " rows\n";
  }
  for (const auto& n : notes) out << "  note: " << n << "\n";
  for (const auto& link : infrastructure) {
    out << "  infrastructure: OpenShift source " << link.ocp_source << " runs on " << link.type << " source "
        << link.infra_source << "\n";
  }
  if (with_timings) {
    for (const auto& p : phases) out << "  phase " << p.name << ": " << p.seconds << " s\n";
    out << "  peak RSS: " << PeakRssBytes() / (1024 * 1024) << " MiB\n";
  }
  return out.str();
}

PhaseTimer::PhaseTimer(RunReport* report, std::string name)
    : report_(report), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {
  spdlog::info("{} ...", name_);
}

PhaseTimer::~PhaseTimer() {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  report_->phases.push_back({name_, seconds});
  spdlog::debug("{} took {:.3f} s", name_, seconds);
}

int64_t PeakRssBytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace costagg
