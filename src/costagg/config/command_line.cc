#include "costagg/config/command_line.h"

#include <CLI/CLI.hpp>
#include <sstream>

namespace costagg {
namespace {

constexpr const char* kDescription =
    "costagg turns Koku's cost and usage parquet (OpenShift, AWS) into Koku's PostgreSQL reporting tables,\n"
    "computing exactly the rows Koku's Trino SQL would, in one process.\n\n"
    "Typical flow:\n"
    "  costagg ingest ocp --from NISE_DIR --to s3://bucket --schema org1234567 --source UUID\n"
    "  costagg init-db --schema org1234567 --output postgresql://user@host/db\n"
    "  costagg summarize ocp --schema org1234567 --source UUID --year 2025 --month 10 \\\n"
    "      --input s3://bucket --output postgresql://user@host/db\n"
    "  costagg summarize aws --schema org1234567 --source AWS_UUID --year 2025 --month 10 \\\n"
    "      --input s3://bucket --output postgresql://user@host/db\n"
    "  costagg summarize ocp-aws --schema org1234567 --ocp-source UUID --aws-source AWS_UUID \\\n"
    "      --year 2025 --month 10 --input s3://bucket --output postgresql://user@host/db\n\n"
    "Configuration: flags beat environment variables, which beat --config FILE (the POC's config.yaml "
    "keys).\n"
    "Secrets come only from the environment or the config file: S3_ACCESS_KEY, S3_SECRET_KEY (or "
    "S3_SECRET),\n"
    "POSTGRES_PASSWORD or libpq's PGPASSWORD / ~/.pgpass. Exit codes: 0 ok (also no data), 1 data or "
    "runtime\n"
    "error (nothing written), 2 usage error, 3 lock busy, 4 transient fault after retries.";

/// A flag whose value is recorded by name when given.
class FlagRecorder {
 public:
  explicit FlagRecorder(FlagValues* flags) : flags_(flags) {}

  void Add(CLI::App* app, const std::string& name, const std::string& help) {
    auto* slot = &values_[app][name];
    app->add_option("--" + name, *slot, help);
  }

  void AddFlag(CLI::App* app, const std::string& name, const std::string& help) {
    app->add_flag("--" + name, help);
  }

  /// Copies the values of the flags given on `app` into the FlagValues.
  void Collect(CLI::App* app) {
    for (auto* opt : app->get_options()) {
      if (opt->count() == 0) continue;
      std::string name = opt->get_name(false, true);
      if (name.rfind("--", 0) != 0) continue;
      name = name.substr(2);
      if (name == "help") continue;
      auto& per_app = values_[app];
      auto it = per_app.find(name);
      (*flags_)[name] = it != per_app.end() ? it->second : "true";
    }
  }

 private:
  FlagValues* flags_;
  std::map<CLI::App*, std::map<std::string, std::string>> values_;
};

void AddCommon(FlagRecorder& r, CLI::App* app) {
  r.Add(app, "config",
        "YAML config with the POC's keys (config.yaml); ${VAR} and ${VAR:-default} are expanded");
  r.AddFlag(app, "json", "print a JSON summary of the run on stdout (rows, tables, timings, errors)");
  r.AddFlag(app, "timings", "print per-phase timings on stderr");
  r.Add(app, "log-level", "trace, debug, info (default), warning, error or off; env LOG_LEVEL");
  r.Add(app, "schema", "tenant schema, e.g. org1234567; env POSTGRES_SCHEMA or ORG_ID");
}

void AddEngine(FlagRecorder& r, CLI::App* app) {
  r.Add(app, "memory-limit",
        "DuckDB memory limit, e.g. 1GB (default: 1536MB for summarize, 750MB for ingest; beyond it DuckDB "
        "spills to the run's own directory under TMPDIR, default /tmp); env COSTAGG_MEMORY_LIMIT");
  r.Add(app, "threads",
        "worker threads (default: all cores; summarize ocp into PostgreSQL computes its parts on one); env "
        "COSTAGG_THREADS");
  r.Add(app, "s3-endpoint", "S3 server URL, e.g. http://127.0.0.1:9000; env S3_ENDPOINT");
  r.Add(app, "s3-region", "S3 signing region (default us-east-1); env S3_REGION");
}

void AddOutput(FlagRecorder& r, CLI::App* app) {
  r.Add(app, "output",
        "postgresql://user@host:port/db (libpq URI; password from PGPASSWORD/POSTGRES_PASSWORD) or "
        "duckdb:FILE");
}

void AddSummarize(FlagRecorder& r, CLI::App* app) {
  AddCommon(r, app);
  AddEngine(r, app);
  AddOutput(r, app);
  r.Add(app, "input", "root holding data/parquet/...: a directory or s3://bucket[/prefix]; env S3_BUCKET");
  r.Add(app, "year", "year of the month to summarise; env POC_YEAR / OCP_YEAR");
  r.Add(app, "month", "month 1-12; env POC_MONTH / OCP_MONTH");
  r.Add(app, "start-date", "first day YYYY-MM-DD (default: first of the month)");
  r.Add(app, "end-date", "last day YYYY-MM-DD, included (default: last of the month)");
  r.Add(app, "lock-wait",
        "seconds to wait while another run holds the source's lock (default 3600; 0: exit 3 at once)");
}

/// The OpenShift cluster flags of the summaries that read an OpenShift source.
void AddCluster(FlagRecorder& r, CLI::App* app) {
  r.Add(app, "cluster-id", "cluster id (default: looked up from the source); env OCP_CLUSTER_ID");
  r.Add(app, "cluster-alias", "cluster alias (default: looked up); env OCP_CLUSTER_ALIAS");
  r.Add(app, "report-period-id", "Koku's report period id (default: looked up or created)");
}

}  // namespace

ParsedCommandLine ParseCommandLine(int argc, const char* const* argv) {
  ParsedCommandLine parsed;
  CLI::App app{kDescription, "costagg"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("costagg ") + COSTAGG_VERSION);
  FlagRecorder r(&parsed.flags);
  std::optional<Command> command;

  auto* ingest = app.add_subcommand(
      "ingest", "turn operator / AWS CUR CSV (as koku-nise writes it) into Koku's parquet");
  ingest->require_subcommand(1);
  auto* ingest_ocp =
      ingest->add_subcommand("ocp", "OpenShift operator CSV (nise --insights-upload DIR) to parquet");
  auto* ingest_aws = ingest->add_subcommand("aws", "AWS CUR CSV (nise report aws) to parquet");
  for (auto* sub : {ingest_ocp, ingest_aws}) {
    AddCommon(r, sub);
    AddEngine(r, sub);
    r.Add(sub, "from", "folder nise wrote (manifest.json and CSVs, or CUR csv/csv.gz)");
    r.Add(sub, "to", "root to write data/parquet/... under: a directory or s3://bucket[/prefix]");
    r.Add(sub, "source", "source (provider) uuid the data belongs to");
  }
  ingest_ocp->callback([&] { command = Command::kIngestOcp; });
  ingest_aws->callback([&] { command = Command::kIngestAws; });

  auto* init_db = app.add_subcommand("init-db",
                                     "create Koku's tables, partitions and reference rows in a schema (tests "
                                     "and standalone use; safe to rerun)");
  AddCommon(r, init_db);
  AddOutput(r, init_db);
  init_db->callback([&] { command = Command::kInitDb; });

  auto* summarize =
      app.add_subcommand("summarize", "compute Koku's daily summary tables for a source and date range");
  summarize->require_subcommand(1);
  auto* sum_ocp =
      summarize->add_subcommand("ocp", "OpenShift usage -> reporting_ocpusagelineitem_daily_summary");
  AddSummarize(r, sum_ocp);
  AddCluster(r, sum_ocp);
  r.Add(sum_ocp, "part-rows",
        "daily pod rows per part (default 20000): the summary is computed part by part (a day's pods, split "
        "by node), each part's rows written while the next is computed; smaller parts hold less in memory");
  r.Add(sum_ocp, "source", "OpenShift source uuid; env OCP_PROVIDER_UUID");
  sum_ocp->callback([&] { command = Command::kSummarizeOcp; });
  auto* sum_ocp_aws =
      summarize->add_subcommand("ocp-aws", "AWS cost shared out to OpenShift clusters and projects");
  AddSummarize(r, sum_ocp_aws);
  AddCluster(r, sum_ocp_aws);
  r.Add(sum_ocp_aws, "part-rows",
        "matched AWS cost rows per part (default 1000000): each of Koku's chunks is matched as a whole, then "
        "its rows computed in parts of whole days, each part's rows written while the next is computed; "
        "smaller parts hold less in memory, larger ones repeat less work");
  r.Add(sum_ocp_aws, "ocp-source", "OpenShift source uuid; env OCP_PROVIDER_UUID");
  r.Add(sum_ocp_aws, "aws-source", "AWS source uuid; env AWS_PROVIDER_UUID");
  r.Add(sum_ocp_aws, "markup", "markup fraction from the AWS source's cost model (default 0)");
  r.Add(sum_ocp_aws, "distribution", "cpu (default) or memory, from the OpenShift source's cost model");
  r.Add(sum_ocp_aws, "bill-id", "Koku's AWS bill id (default: looked up or created)");
  sum_ocp_aws->callback([&] { command = Command::kSummarizeOcpAws; });
  auto* sum_aws = summarize->add_subcommand(
      "aws",
      "AWS CUR -> reporting_awscostentrylineitem_daily_summary (and, with --ec2-compute, "
      "reporting_awscostentrylineitem_summary_by_ec2_compute_p)");
  AddSummarize(r, sum_aws);
  r.Add(sum_aws, "source", "AWS source uuid; env AWS_PROVIDER_UUID");
  r.Add(sum_aws, "markup", "markup fraction from the AWS source's cost model, e.g. 0.1 for 10% (default 0)");
  r.Add(sum_aws, "bill-id", "Koku's AWS bill id of the month (default: looked up or created)");
  r.AddFlag(sum_aws, "ec2-compute",
            "also replace the month's EC2 compute summary of the source (Koku's feature flag "
            "cost-4403-ec2-compute-cost)");
  sum_aws->callback([&] { command = Command::kSummarizeAws; });

  std::vector<std::string> args;
  for (int i = argc - 1; i > 0; --i) args.emplace_back(argv[i]);
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::ostringstream help;
    // Help for the deepest subcommand that was named.
    CLI::App* target = &app;
    for (bool descended = true; descended;) {
      descended = false;
      for (auto* sub : target->get_subcommands()) {
        target = sub;
        descended = true;
        break;
      }
    }
    help << target->help();
    parsed.output = help.str();
    return parsed;
  } catch (const CLI::CallForVersion&) {
    parsed.output = std::string("costagg ") + COSTAGG_VERSION + "\n";
    return parsed;
  } catch (const CLI::ParseError& e) {
    parsed.exit_code = 2;
    parsed.error = e.what();
    return parsed;
  }
  for (auto* sub : {ingest_ocp, ingest_aws, init_db, sum_ocp, sum_ocp_aws, sum_aws}) {
    if (sub->parsed()) r.Collect(sub);
  }
  parsed.command = command;
  return parsed;
}

}  // namespace costagg
