#include "costagg/ingest/payload.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "costagg/error.h"

namespace costagg {
namespace fs = std::filesystem;
namespace {

/// Regular files under `dir`, sorted by path.
std::vector<fs::path> AllFiles(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) throw DataError(dir + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsCsv(const fs::path& p) {
  std::string name = p.filename().string();
  return EndsWith(name, ".csv") || EndsWith(name, ".csv.gz");
}

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) throw DataError(path.string() + ": not a JSON object");
  return json;
}

std::string StringField(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : "";
}

/// A list of file names; Koku refuses names that could leave the payload folder.
std::vector<std::string> FileList(const nlohmann::json& json, const char* key, const fs::path& manifest) {
  std::vector<std::string> names;
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return names;
  if (!it->is_array()) throw DataError(manifest.string() + ": '" + key + "' is not a list");
  for (const auto& v : *it) {
    std::string name = v.is_string() ? v.get<std::string>() : "";
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos) {
      throw DataError(manifest.string() + ": invalid file name in '" + key + "': '" + name + "'");
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace

OcpInput FindOcpInput(const std::string& from_dir) {
  OcpInput input;
  std::vector<fs::path> files = AllFiles(from_dir);
  std::set<fs::path> used;
  struct Found {
    std::string start;
    OcpPayload payload;
  };
  std::vector<Found> found;
  std::map<std::string, std::string> seen_uuid;  // uuid -> manifest path
  for (const auto& path : files) {
    if (path.filename() != "manifest.json") continue;
    nlohmann::json json = ReadJson(path);
    used.insert(path);
    OcpPayload payload;
    payload.manifest_path = path.string();
    payload.cluster_id = StringField(json, "cluster_id");
    if (payload.cluster_id.empty()) throw DataError(path.string() + ": no cluster_id");
    payload.manifest_id = StringField(json, "uuid");
    if (payload.manifest_id.empty()) throw DataError(path.string() + ": no uuid");
    if (auto it = seen_uuid.find(payload.manifest_id); it != seen_uuid.end()) {
      input.skipped.push_back(path.string() + ": same manifest uuid as " + it->second + " (ingested once)");
      for (const auto& name : FileList(json, "files", path)) used.insert(path.parent_path() / name);
      continue;
    }
    seen_uuid[payload.manifest_id] = path.string();
    for (const auto& name : FileList(json, "files", path)) {
      fs::path csv = path.parent_path() / name;
      used.insert(csv);
      std::error_code ec;
      if (!fs::is_regular_file(csv, ec)) {
        input.skipped.push_back(csv.string() + ": listed in " + path.string() + " but missing");
        continue;
      }
      payload.files.push_back(csv.string());
    }
    for (const auto& name : FileList(json, "resource_optimization_files", path)) {
      fs::path ros = path.parent_path() / name;
      if (used.insert(ros).second && fs::exists(ros)) {
        input.skipped.push_back(ros.string() + ": resource optimization report (not cost data)");
      }
    }
    found.push_back({StringField(json, "start"), std::move(payload)});
  }
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.start, a.payload.manifest_path) < std::tie(b.start, b.payload.manifest_path);
  });
  for (auto& f : found) input.payloads.push_back(std::move(f.payload));

  if (input.payloads.empty() && seen_uuid.empty()) {
    // nise --write-monthly: <Month>-<YYYY>-<cluster>-<report type>[-n].csv
    static const std::regex monthly(R"(^[A-Z][a-z]+-\d{4}-(.+)-ocp_[a-z_]+(-\d+)?\.csv$)");
    OcpPayload payload;
    payload.manifest_id = "0";
    std::set<std::string> clusters;
    for (const auto& path : files) {
      if (!IsCsv(path)) continue;
      used.insert(path);
      payload.files.push_back(path.string());
      std::smatch m;
      std::string name = path.filename().string();
      if (std::regex_match(name, m, monthly)) clusters.insert(m[1].str());
    }
    if (clusters.size() == 1) payload.cluster_id = *clusters.begin();
    if (!payload.files.empty()) input.payloads.push_back(std::move(payload));
  }
  for (const auto& path : files) {
    if (IsCsv(path) && !used.count(path))
      input.skipped.push_back(path.string() + ": not listed in a manifest.json");
  }
  return input;
}

AwsInput FindAwsInput(const std::string& from_dir) {
  AwsInput input;
  std::vector<fs::path> files = AllFiles(from_dir);
  static const std::regex period_dir(R"(^\d{8}-\d{8}$)");
  struct Manifest {
    fs::path path;
    std::string assembly_id;
    std::string period;  ///< billingPeriod.start, e.g. 20251001T000000.000Z
    std::vector<std::string> keys;
    bool current;  ///< in a <YYYYMMDD-YYYYMMDD> folder
  };
  std::map<std::string, std::vector<Manifest>> by_period;
  bool any_manifest = false;
  for (const auto& path : files) {
    if (!EndsWith(path.filename().string(), "Manifest.json")) continue;
    any_manifest = true;
    nlohmann::json json = ReadJson(path);
    Manifest m;
    m.path = path;
    m.assembly_id = StringField(json, "assemblyId");
    if (auto bp = json.find("billingPeriod"); bp != json.end() && bp->is_object())
      m.period = StringField(*bp, "start");
    if (m.assembly_id.empty() || m.period.size() < 8) {
      throw DataError(path.string() + ": no assemblyId or billingPeriod.start (not a CUR manifest)");
    }
    if (auto keys = json.find("reportKeys"); keys != json.end() && keys->is_array()) {
      for (const auto& k : *keys) {
        if (k.is_string()) m.keys.push_back(k.get<std::string>());
      }
    }
    m.current = std::regex_match(path.parent_path().filename().string(), period_dir);
    by_period[m.period].push_back(std::move(m));
  }
  std::set<fs::path> used;
  for (auto& [period, manifests] : by_period) {
    // The current report of the period, else the only assembly.
    const Manifest* chosen = nullptr;
    std::set<std::string> assemblies;
    for (const auto& m : manifests) {
      assemblies.insert(m.assembly_id);
      if (m.current && !chosen) chosen = &m;
    }
    if (!chosen && assemblies.size() == 1) chosen = &manifests.front();
    if (!chosen) {
      throw DataError(
          from_dir + ": billing period " + period.substr(0, 8) + " has " + std::to_string(assemblies.size()) +
          " AWS reports and no current manifest in a YYYYMMDD-YYYYMMDD folder; ingest one of them");
    }
    for (const auto& m : manifests) {
      if (&m != chosen && m.assembly_id != chosen->assembly_id) {
        input.skipped.push_back(m.path.string() + ": superseded by " + chosen->path.string());
      }
    }
    int year = std::stoi(period.substr(0, 4));
    int month = std::stoi(period.substr(4, 2));
    for (const auto& key : chosen->keys) {
      fs::path name = fs::path(key).filename();
      std::string relative = key;
      while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
      fs::path dir = chosen->path.parent_path();
      std::error_code ec;
      fs::path file;
      for (const fs::path& candidate :
           {fs::path(from_dir) / relative, dir / chosen->assembly_id / name, dir / name}) {
        if (fs::is_regular_file(candidate, ec)) {
          file = candidate;
          break;
        }
      }
      if (file.empty()) {
        input.skipped.push_back(key + ": listed in " + chosen->path.string() + " but missing");
        continue;
      }
      file = file.lexically_normal();
      if (!used.insert(file).second) continue;
      std::string base = name.string().substr(0, name.string().find('.'));
      input.files.push_back({file.string(), chosen->assembly_id, base, year, month});
    }
  }
  for (const auto& path : files) {
    if (!IsCsv(path)) continue;
    fs::path normal = path.lexically_normal();
    if (used.count(normal)) continue;
    if (any_manifest) {
      input.skipped.push_back(path.string() +
                              ": not listed in the current Manifest.json of its billing period");
    } else {
      std::string name = path.filename().string();
      input.files.push_back({path.string(), "0", name.substr(0, name.find('.')), 0, 0});
    }
  }
  return input;
}

}  // namespace costagg
