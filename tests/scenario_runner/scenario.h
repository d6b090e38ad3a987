#pragma once
/// A scenario folder of tests/scenarios/<mode>/NN_name/ (see tests/scenarios/README.md): what to generate
/// with koku-nise, how to summarise it, and the reference rows PostgreSQL must hold afterwards.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace costagg::scenario {

/// The source uuid used when scenario.yml does not name one.
inline constexpr const char* kDefaultSourceUuid = "6795d5e6-951c-4382-a8d3-390515d7ec3d";

/// One nise run, ingested as one Koku source.
struct NiseSource {
  std::string name;         ///< "default" for the single-source form (`nise:`)
  std::string nise_file;    ///< relative to the scenario folder; default nise.yml
  std::string start_date;   ///< nise --start-date
  std::string end_date;     ///< nise --end-date (exclusive)
  std::string cluster_id;   ///< nise --ocp-cluster-id and summarize --cluster-id
  std::string source_uuid;  ///< ingest/summarize --source
};

/// One `costagg summarize ocp` run.
struct SummarizeRun {
  std::string source;  ///< NiseSource::name
  int year = 0;
  int month = 0;
  std::string start_date;  ///< optional (empty = not passed), inclusive
  std::string end_date;    ///< optional, inclusive
};

/// A customer cost-category pattern (reporting_ocp_cost_category_namespace), added after Koku's seeded ones.
struct CostCategoryPattern {
  std::string pattern;   ///< SQL LIKE pattern matched against the namespace
  std::string category;  ///< reporting_ocp_cost_category.name, created when new
};

/// A reporting_ocp_nodes row present before the runs (of some cluster, created when new).
struct SeededNode {
  std::string node;
  std::optional<std::string> resource_id;
  std::optional<std::string> node_capacity_cpu_cores;
  std::optional<std::string> node_role;
  std::string cluster_id = "seeded-cluster";
};

/// Everything scenario.yml says.
struct Scenario {
  std::filesystem::path folder;
  std::string name;  ///< the folder's name
  std::vector<NiseSource> sources;
  std::vector<SummarizeRun> runs;
  std::vector<std::string> enabled_keys;   ///< reporting_enabledtagkeys rows with enabled = true
  std::vector<std::string> disabled_keys;  ///< rows with enabled = false
  std::vector<CostCategoryPattern> cost_category_patterns;
  std::vector<SeededNode> nodes;

  /// The source a run refers to; throws std::runtime_error when unknown.
  const NiseSource& SourceOf(const SummarizeRun& run) const;
};

/// Reads folder/scenario.yml. Throws std::runtime_error naming the file and the problem.
Scenario LoadScenario(const std::filesystem::path& folder);

/// Checks every scenario folder under `dir` (sub-folders not starting with '.' or '_'): README.md with
/// exactly one non-empty line, nise.yml, scenario.yml that loads and whose nise files exist, expected.csv
/// with a header, and calc.py or calc.md. Returns one message per problem; empty when all is well.
std::vector<std::string> CheckFolders(const std::filesystem::path& dir);

}  // namespace costagg::scenario
