#include "ocp_aws_scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>

namespace costagg::scenario {
namespace {

namespace fs = std::filesystem;

std::string Text(const YAML::Node& map, const std::string& key, const std::string& fallback = "") {
  const YAML::Node value = map[key];
  if (!value || value.IsNull()) return fallback;
  if (!value.IsScalar()) throw std::runtime_error("'" + key + "' must be a single value");
  return value.as<std::string>();
}

std::string Required(const YAML::Node& map, const std::string& key, const std::string& where) {
  std::string value = Text(map, key);
  if (value.empty()) throw std::runtime_error(where + ": '" + key + "' is required");
  return value;
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

bool IsUuid(const std::string& text) {
  static const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  return std::regex_match(text, uuid);
}

SourceInput ParseInput(const YAML::Node& node, const std::string& default_uuid, const std::string& where) {
  if (!node.IsMap()) throw std::runtime_error(where + ": must be a mapping");
  SourceInput input;
  input.nise_file = Text(node, "nise_file");
  input.csv_dir = Text(node, "csv_dir");
  if (input.nise_file.empty() == input.csv_dir.empty()) {
    throw std::runtime_error(where + ": needs exactly one of 'nise_file' and 'csv_dir'");
  }
  if (!input.nise_file.empty()) {
    input.start_date = Required(node, "start_date", where);
    input.end_date = Required(node, "end_date", where);
  } else {
    input.start_date = Text(node, "start_date");
    input.end_date = Text(node, "end_date");
  }
  input.source_uuid = Text(node, "source_uuid", default_uuid);
  if (input.source_uuid.empty()) throw std::runtime_error(where + ": 'source_uuid' is required");
  if (!IsUuid(input.source_uuid)) {
    throw std::runtime_error(where + ": source_uuid '" + input.source_uuid + "' is not a lower-case uuid");
  }
  return input;
}

/// `{AWS: [a, b], OCP: [c]}` -> provider type -> keys.
std::map<std::string, std::vector<std::string>> KeysByProvider(const YAML::Node& root, const std::string& key,
                                                               const std::string& where) {
  std::map<std::string, std::vector<std::string>> keys;
  const YAML::Node map = root[key];
  if (!map || map.IsNull()) return keys;
  if (!map.IsMap()) throw std::runtime_error(where + ": '" + key + "' must map AWS / OCP to lists of keys");
  for (const auto& entry : map) {
    const std::string provider = entry.first.as<std::string>();
    if (provider != "AWS" && provider != "OCP") {
      throw std::runtime_error(where + ": '" + key + "' has provider type '" + provider + "' (AWS or OCP)");
    }
    auto& list = keys[provider];
    if (entry.second.IsNull()) continue;
    if (!entry.second.IsSequence())
      throw std::runtime_error(where + ": '" + key + "." + provider + "' must be a list");
    for (const auto& item : entry.second) list.push_back(item.as<std::string>());
  }
  return keys;
}

std::vector<fs::path> ScenarioFolders(const fs::path& dir) {
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && !name.empty() && name[0] != '.' && name[0] != '_')
      folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

}  // namespace

bool IsOcpAwsScenario(const fs::path& folder) {
  try {
    YAML::Node root = YAML::LoadFile((folder / "scenario.yml").string());
    return root.IsMap() && root["aws"];
  } catch (const YAML::Exception&) {
    return false;
  }
}

OcpAwsScenario LoadOcpAwsScenario(const fs::path& folder) {
  const fs::path file = folder / "scenario.yml";
  const std::string where = file.string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  if (!root.IsMap()) throw std::runtime_error(where + ": not a YAML mapping");
  OcpAwsScenario s;
  s.folder = folder;
  s.name = fs::absolute(folder).lexically_normal().filename().string();
  if (s.name.empty()) s.name = fs::absolute(folder).lexically_normal().parent_path().filename().string();
  try {
    s.reference = root["reference"] && root["reference"].as<bool>();
    s.schema = Text(root, "schema");
    if (!s.schema.empty() && !std::regex_match(s.schema, std::regex("^[a-z_][a-z0-9_]{0,62}$"))) {
      throw std::runtime_error(where + ": schema '" + s.schema + "' is not a lower-case identifier");
    }
    if (!root["aws"]) throw std::runtime_error(where + ": 'aws' is required");
    s.aws = ParseInput(root["aws"], kDefaultAwsSourceUuid, where + ": aws");

    const YAML::Node ocp = root["ocp"];
    std::vector<YAML::Node> clusters;
    if (!ocp || ocp.IsNull()) {
      // An AWS-only scenario: summarize aws.
    } else if (ocp.IsSequence()) {
      for (const auto& node : ocp) clusters.push_back(node);
    } else {
      clusters.push_back(ocp);
    }
    std::set<std::string> uuids = {s.aws.source_uuid}, ids;
    for (size_t i = 0; i < clusters.size(); ++i) {
      const std::string at = where + ": ocp[" + std::to_string(i) + "]";
      OcpCluster cluster;
      cluster.input = ParseInput(clusters[i], i == 0 ? kDefaultOcpSourceUuid : "", at);
      cluster.cluster_id = Required(clusters[i], "cluster_id", at);
      cluster.cluster_alias = Text(clusters[i], "cluster_alias", cluster.cluster_id);
      if (!uuids.insert(cluster.input.source_uuid).second)
        throw std::runtime_error(at + ": source_uuid " + cluster.input.source_uuid + " is used twice");
      if (!ids.insert(cluster.cluster_id).second)
        throw std::runtime_error(at + ": cluster_id " + cluster.cluster_id + " is used twice");
      s.clusters.push_back(std::move(cluster));
    }

    const YAML::Node summarize = root["summarize"];
    std::vector<YAML::Node> runs;
    if (summarize && summarize.IsSequence() && !s.clusters.empty()) {
      throw std::runtime_error(where + ": 'summarize' must be one mapping in an OCP-on-AWS scenario");
    }
    if (summarize && summarize.IsSequence()) {
      for (const auto& node : summarize) runs.push_back(node);
    } else if (summarize && summarize.IsMap()) {
      runs.push_back(summarize);
    }
    if (runs.empty()) throw std::runtime_error(where + ": 'summarize' is required (a mapping or a list)");
    for (size_t i = 0; i < runs.size(); ++i) {
      const std::string at = where + ": summarize" + (runs.size() > 1 ? "[" + std::to_string(i) + "]" : "");
      if (!runs[i].IsMap()) throw std::runtime_error(at + ": must be a mapping");
      OcpAwsSummarize run;
      run.year = Number(runs[i], "year", at);
      run.month = Number(runs[i], "month", at);
      run.start_date = Text(runs[i], "start_date");
      run.end_date = Text(runs[i], "end_date");
      run.markup = Text(runs[i], "markup");
      run.distribution = Text(runs[i], "distribution");
      run.ec2_compute = runs[i]["ec2_compute"] && runs[i]["ec2_compute"].as<bool>();
      s.runs.push_back(run);
    }
    s.summarize = s.runs.front();

    if (const YAML::Node aliases = root["account_aliases"]; aliases && !aliases.IsNull()) {
      if (!aliases.IsSequence()) throw std::runtime_error(where + ": 'account_aliases' must be a list");
      for (const auto& node : aliases) {
        s.account_aliases.push_back(
            {Required(node, "account_id", where + ": account_aliases"), Text(node, "alias")});
      }
    }
    if (const YAML::Node units = root["organizational_units"]; units && !units.IsNull()) {
      if (!units.IsSequence()) throw std::runtime_error(where + ": 'organizational_units' must be a list");
      for (const auto& node : units) {
        const std::string at = where + ": organizational_units";
        SeededOrgUnit unit;
        unit.org_unit_id = Required(node, "org_unit_id", at);
        unit.org_unit_name = Text(node, "org_unit_name", unit.org_unit_id);
        unit.org_unit_path = Text(node, "org_unit_path", unit.org_unit_id);
        unit.level = node["level"] ? Number(node, "level", at) : 0;
        unit.account_id = Required(node, "account_id", at);
        unit.created = Required(node, "created", at);
        unit.deleted = Text(node, "deleted");
        unit.other_provider = node["other_provider"] && node["other_provider"].as<bool>();
        bool known = std::any_of(s.account_aliases.begin(), s.account_aliases.end(),
                                 [&](const SeededAlias& a) { return a.account_id == unit.account_id; });
        if (!known) throw std::runtime_error(at + ": account_id " + unit.account_id + " is no seeded alias");
        s.organizational_units.push_back(unit);
      }
    }

    s.enabled_keys = KeysByProvider(root, "enabled_keys", where);
    s.disabled_keys = KeysByProvider(root, "disabled_keys", where);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    if (message.rfind(where, 0) == 0) throw;
    throw std::runtime_error(where + ": " + message);
  }
  return s;
}

std::vector<std::string> ExpectedTables(const fs::path& folder) {
  std::vector<std::string> tables;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder / "expected", ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".csv")
      tables.push_back(entry.path().stem().string());
  }
  std::sort(tables.begin(), tables.end());
  return tables;
}

std::vector<std::string> CheckOcpAwsFolders(const fs::path& dir) {
  std::vector<std::string> problems;
  if (!fs::is_directory(dir)) return {dir.string() + ": not a directory"};
  std::vector<fs::path> folders = ScenarioFolders(dir);
  if (folders.empty()) problems.push_back(dir.string() + ": no scenario folders");
  static const std::regex table_name("^[a-z_][a-z0-9_]*$");
  for (const auto& folder : folders) {
    const std::string name = folder.filename().string();
    for (const char* required : {"README.md", "scenario.yml"}) {
      if (!fs::is_regular_file(folder / required)) problems.push_back(name + ": missing " + required);
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
    bool reference = false;
    if (fs::is_regular_file(folder / "scenario.yml")) {
      try {
        OcpAwsScenario s = LoadOcpAwsScenario(folder);
        reference = s.reference;
        std::vector<const SourceInput*> inputs = {&s.aws};
        for (const auto& cluster : s.clusters) inputs.push_back(&cluster.input);
        for (const SourceInput* input : inputs) {
          if (!input->nise_file.empty() && !fs::is_regular_file(folder / input->nise_file))
            problems.push_back(name + ": scenario.yml names missing nise file " + input->nise_file);
          if (!input->csv_dir.empty() && !fs::is_directory(folder / input->csv_dir))
            problems.push_back(name + ": scenario.yml names missing csv_dir " + input->csv_dir);
        }
      } catch (const std::exception& e) {
        problems.push_back(name + ": " + e.what());
      }
    }
    if (!reference && !fs::is_regular_file(folder / "calc.py")) {
      problems.push_back(name + ": missing calc.py, the independent calculation of expected/");
    }
    std::vector<std::string> tables = kOcpAwsTables;
    if (fs::is_regular_file(folder / "scenario.yml")) {
      try {
        tables = LoadOcpAwsScenario(folder).Tables();
      } catch (const std::exception&) {
        // reported above
      }
    }
    for (const auto& table : tables) {
      if (!fs::is_regular_file(folder / "expected" / (table + ".csv")))
        problems.push_back(name + ": missing expected/" + table + ".csv");
    }
    for (const auto& table : ExpectedTables(folder)) {
      if (!std::regex_match(table, table_name)) {
        problems.push_back(name + ": expected/" + table + ".csv is not named after a table");
        continue;
      }
      std::ifstream in(folder / "expected" / (table + ".csv"));
      std::string header;
      if (!std::getline(in, header) || header.find("usage_start") == std::string::npos) {
        problems.push_back(name + ": expected/" + table + ".csv has no header with usage_start");
      }
    }
  }
  return problems;
}

}  // namespace costagg::scenario
