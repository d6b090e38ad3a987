#include "scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace costagg::scenario {
namespace {

namespace fs = std::filesystem;

std::string Required(const YAML::Node& map, const std::string& key, const std::string& where) {
  const YAML::Node value = map[key];
  if (!value || value.IsNull() || !value.IsScalar()) {
    throw std::runtime_error(where + ": '" + key + "' is required");
  }
  return value.as<std::string>();
}

std::string Optional(const YAML::Node& map, const std::string& key, const std::string& fallback = "") {
  const YAML::Node value = map[key];
  if (!value || value.IsNull()) return fallback;
  return value.as<std::string>();
}

std::optional<std::string> Nullable(const YAML::Node& map, const std::string& key) {
  const YAML::Node value = map[key];
  if (!value || value.IsNull()) return std::nullopt;
  return value.as<std::string>();
}

int Number(const YAML::Node& map, const std::string& key, const std::string& where) {
  const std::string text = Required(map, key, where);
  try {
    size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw std::runtime_error(where + ": '" + key + "' must be a number, not '" + text + "'");
}

std::vector<std::string> Strings(const YAML::Node& map, const std::string& key, const std::string& where) {
  std::vector<std::string> out;
  const YAML::Node list = map[key];
  if (!list || list.IsNull()) return out;
  if (!list.IsSequence()) throw std::runtime_error(where + ": '" + key + "' must be a list");
  for (const auto& item : list) out.push_back(item.as<std::string>());
  return out;
}

NiseSource ParseSource(const YAML::Node& node, const std::string& default_name, const std::string& where) {
  NiseSource source;
  source.name = Optional(node, "name", default_name);
  source.nise_file = Optional(node, "nise_file", "nise.yml");
  source.start_date = Required(node, "start_date", where);
  source.end_date = Required(node, "end_date", where);
  source.cluster_id = Required(node, "cluster_id", where);
  source.source_uuid = Optional(node, "source_uuid", kDefaultSourceUuid);
  return source;
}

SummarizeRun ParseRun(const YAML::Node& node, const std::string& default_source, const std::string& where) {
  SummarizeRun run;
  run.source = Optional(node, "source", default_source);
  run.year = Number(node, "year", where);
  run.month = Number(node, "month", where);
  run.start_date = Optional(node, "start_date");
  run.end_date = Optional(node, "end_date");
  return run;
}

}  // namespace

const NiseSource& Scenario::SourceOf(const SummarizeRun& run) const {
  for (const auto& source : sources) {
    if (source.name == run.source) return source;
  }
  throw std::runtime_error(name + ": summarize run names unknown source '" + run.source + "'");
}

Scenario LoadScenario(const fs::path& folder) {
  const fs::path file = folder / "scenario.yml";
  const std::string where = file.string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  if (!root.IsMap()) throw std::runtime_error(where + ": not a YAML mapping");
  Scenario scenario;
  scenario.folder = folder;
  scenario.name = fs::absolute(folder).lexically_normal().filename().string();
  if (scenario.name.empty())
    scenario.name = fs::absolute(folder).lexically_normal().parent_path().filename().string();
  try {
    if (root["sources"]) {
      for (const auto& node : root["sources"]) {
        scenario.sources.push_back(ParseSource(node, "", where + ": sources"));
        if (scenario.sources.back().name.empty())
          throw std::runtime_error(where + ": every source needs a name");
      }
    } else if (root["nise"]) {
      scenario.sources.push_back(ParseSource(root["nise"], "default", where + ": nise"));
    } else {
      throw std::runtime_error(where + ": needs 'nise:' (one source) or 'sources:'");
    }
    const YAML::Node runs = root["summarize"];
    if (!runs) throw std::runtime_error(where + ": 'summarize' is required");
    if (runs.IsSequence()) {
      for (const auto& node : runs) scenario.runs.push_back(ParseRun(node, scenario.sources[0].name, where));
    } else {
      scenario.runs.push_back(ParseRun(runs, scenario.sources[0].name, where));
    }
    scenario.enabled_keys = Strings(root, "enabled_keys", where);
    scenario.disabled_keys = Strings(root, "disabled_keys", where);
    if (const YAML::Node patterns = root["cost_category_patterns"]; patterns && !patterns.IsNull()) {
      for (const auto& node : patterns) {
        scenario.cost_category_patterns.push_back(
            {Required(node, "pattern", where + ": cost_category_patterns"),
             Required(node, "category", where + ": cost_category_patterns")});
      }
    }
    if (const YAML::Node nodes = root["nodes"]; nodes && !nodes.IsNull()) {
      for (const auto& node : nodes) {
        SeededNode seeded;
        seeded.node = Required(node, "node", where + ": nodes");
        seeded.resource_id = Nullable(node, "resource_id");
        seeded.node_capacity_cpu_cores = Nullable(node, "node_capacity_cpu_cores");
        seeded.node_role = Nullable(node, "node_role");
        seeded.cluster_id = Optional(node, "cluster_id", seeded.cluster_id);
        scenario.nodes.push_back(std::move(seeded));
      }
    }
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  for (const auto& run : scenario.runs) scenario.SourceOf(run);
  return scenario;
}

std::vector<std::string> CheckFolders(const fs::path& dir) {
  std::vector<std::string> problems;
  if (!fs::is_directory(dir)) return {dir.string() + ": not a directory"};
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && !name.empty() && name[0] != '.' && name[0] != '_')
      folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  if (folders.empty()) problems.push_back(dir.string() + ": no scenario folders");
  for (const auto& folder : folders) {
    const std::string name = folder.filename().string();
    for (const char* required : {"README.md", "nise.yml", "scenario.yml", "expected.csv"}) {
      if (!fs::is_regular_file(folder / required)) problems.push_back(name + ": missing " + required);
    }
    if (!fs::is_regular_file(folder / "calc.py") && !fs::is_regular_file(folder / "calc.md")) {
      problems.push_back(name +
                         ": missing calc.py (or calc.md), the independent calculation of expected.csv");
    }
    if (fs::is_regular_file(folder / "README.md")) {
      std::ifstream in(folder / "README.md");
      std::string line;
      int lines = 0;
      while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) ++lines;
      }
      if (lines != 1)
        problems.push_back(name + ": README.md must be one line saying what the scenario exercises");
    }
    if (fs::is_regular_file(folder / "expected.csv")) {
      std::ifstream in(folder / "expected.csv");
      std::string header;
      if (!std::getline(in, header) || header.find("data_source") == std::string::npos) {
        problems.push_back(name + ": expected.csv has no header with data_source");
      }
    }
    if (fs::is_regular_file(folder / "scenario.yml")) {
      try {
        Scenario scenario = LoadScenario(folder);
        for (const auto& source : scenario.sources) {
          if (!fs::is_regular_file(folder / source.nise_file)) {
            problems.push_back(name + ": scenario.yml names missing nise file " + source.nise_file);
          }
        }
      } catch (const std::exception& e) {
        problems.push_back(name + ": " + e.what());
      }
    }
  }
  return problems;
}

}  // namespace costagg::scenario
