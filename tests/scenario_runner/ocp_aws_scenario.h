#pragma once
/// An OCP-on-AWS scenario folder, tests/scenarios/ocp_aws/NN_name/ (see tests/scenarios/README.md): the AWS
/// CUR and the OpenShift clusters (koku-nise yaml or ready CSV), how to summarise them, the tag keys, and
/// expected/<table>.csv for every table the OCP-on-AWS summary writes.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace costagg::scenario {

/// The AWS source uuid when scenario.yml names none (the one of Koku's OCP-on-AWS fixture).
inline constexpr const char* kDefaultAwsSourceUuid = "2dea0549-3f0c-5d7d-ad1a-e2219d7c5a03";
/// The uuid of the first OpenShift cluster when scenario.yml names none.
inline constexpr const char* kDefaultOcpSourceUuid = "ac44f076-200a-5dab-b737-3ff37cf25358";

/// The tables `costagg summarize ocp-aws` writes; every folder has expected/<table>.csv for each.
inline const std::vector<std::string> kOcpAwsTables = {
    "reporting_ocpawscostlineitem_project_daily_summary_p",
    "reporting_ocpaws_cost_summary_p",
    "reporting_ocpaws_cost_summary_by_account_p",
    "reporting_ocpaws_cost_summary_by_region_p",
    "reporting_ocpaws_cost_summary_by_service_p",
    "reporting_ocpaws_compute_summary_p",
    "reporting_ocpaws_storage_summary_p",
    "reporting_ocpaws_database_summary_p",
    "reporting_ocpaws_network_summary_p",
};

/// The tables `costagg summarize aws` writes; every AWS-only folder (no `ocp:`) has expected/<table>.csv for
/// each (the EC2 one with a header only when no run has ec2_compute).
inline const std::vector<std::string> kAwsTables = {
    "reporting_awscostentrylineitem_daily_summary",
    "reporting_awscostentrylineitem_summary_by_ec2_compute_p",
};

/// Koku's own row and foreign-key ids: never compared, even when an expected file has them. The AWS tables'
/// alias and organizational unit are compared through the virtual columns account_alias and org_unit_id.
inline const std::vector<std::string> kOcpAwsIgnoredColumns = {
    "uuid", "id", "report_period_id", "cost_entry_bill_id", "account_alias_id", "organizational_unit_id"};

/// Where one source's CSV comes from: koku-nise on a static yaml, or a folder of ready CSV files.
struct SourceInput {
  std::string nise_file;   ///< relative to the scenario folder; empty when csv_dir is used
  std::string csv_dir;     ///< relative to the scenario folder; empty when nise_file is used
  std::string start_date;  ///< nise --start-date (required with nise_file)
  std::string end_date;    ///< nise --end-date
  std::string source_uuid;
};

/// One OpenShift cluster (one OCP source).
struct OcpCluster {
  SourceInput input;
  std::string cluster_id;     ///< nise --ocp-cluster-id, summarize --cluster-id
  std::string cluster_alias;  ///< summarize ocp --cluster-alias; default cluster_id
};

/// The summarize arguments shared by `summarize ocp` (each cluster) and `summarize ocp-aws`.
struct OcpAwsSummarize {
  int year = 0;
  int month = 0;
  std::string start_date;    ///< optional (empty = not passed), inclusive
  std::string end_date;      ///< optional, inclusive
  std::string markup;        ///< optional --markup of summarize ocp-aws / aws
  std::string distribution;  ///< optional --distribution of summarize ocp-aws
  bool ec2_compute = false;  ///< summarize aws --ec2-compute
};

/// A reporting_awsaccountalias row seeded before the first summary.
struct SeededAlias {
  std::string account_id;
  std::string alias;
};

/// A reporting_awsorganizationalunit row seeded before the first summary (after the aliases).
struct SeededOrgUnit {
  std::string org_unit_id;
  std::string org_unit_name;
  std::string org_unit_path;
  int level = 0;
  std::string account_id;       ///< a seeded alias's account: the unit's account_alias_id
  std::string created;          ///< created_timestamp, YYYY-MM-DD
  std::string deleted;          ///< deleted_timestamp; empty = NULL
  bool other_provider = false;  ///< provider_id of another source (must never match)
};

/// Everything an OCP-on-AWS scenario.yml says.
struct OcpAwsScenario {
  std::filesystem::path folder;
  std::string name;        ///< the folder's name
  bool reference = false;  ///< Koku's own output (no calc.py)
  std::string schema;      ///< optional fixed schema; empty = the runner's fresh scen_<folder>_<pid>
  SourceInput aws;
  std::vector<OcpCluster> clusters;   ///< empty: an AWS-only scenario (summarize aws)
  OcpAwsSummarize summarize;          ///< the first of runs
  std::vector<OcpAwsSummarize> runs;  ///< `summarize:` as a list runs each in order (AWS-only scenarios)
  std::vector<SeededAlias> account_aliases;
  std::vector<SeededOrgUnit> organizational_units;
  std::map<std::string, std::vector<std::string>> enabled_keys;   ///< provider type (AWS, OCP) -> keys
  std::map<std::string, std::vector<std::string>> disabled_keys;  ///< rows with enabled = false

  bool AwsOnly() const { return clusters.empty(); }
  const std::vector<std::string>& Tables() const { return AwsOnly() ? kAwsTables : kOcpAwsTables; }
};

/// True when folder/scenario.yml is an OCP-on-AWS or AWS-only scenario (has a top-level `aws:`).
bool IsOcpAwsScenario(const std::filesystem::path& folder);

/// Reads folder/scenario.yml. Throws std::runtime_error naming the file and the problem.
OcpAwsScenario LoadOcpAwsScenario(const std::filesystem::path& folder);

/// The tables a folder expects: the stems of expected/*.csv, sorted.
std::vector<std::string> ExpectedTables(const std::filesystem::path& folder);

/// Checks every OCP-on-AWS scenario folder under `dir` (sub-folders not starting with '.' or '_'):
/// README.md with one non-empty line, scenario.yml that loads and whose nise files and csv folders exist,
/// expected/<table>.csv with a header for each of the scenario's Tables(), and calc.py unless
/// `reference: true`.
/// Returns one message per problem; empty when all is well.
std::vector<std::string> CheckOcpAwsFolders(const std::filesystem::path& dir);

}  // namespace costagg::scenario
