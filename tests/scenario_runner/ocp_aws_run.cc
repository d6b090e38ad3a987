#include "ocp_aws_run.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "costagg/output/postgres/pg_connection.h"
#include "expected_rows.h"

namespace costagg::scenario {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsIdentifier(const std::string& name) {
  return !name.empty() &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

class OcpAwsRun {
 public:
  OcpAwsRun(const RunnerArguments& args, const OcpAwsScenario& scenario, const std::string& pg_uri)
      : args_(args), s_(scenario), ctx_(args, scenario.name, pg_uri) {}

  int Execute() {
    std::vector<std::string> tables = TablesToCompare();
    if (tables.empty()) return 1;
    if (!ctx_.Prepare(s_.schema)) return 1;
    if (!IngestAws()) return 1;
    for (size_t i = 0; i < s_.clusters.size(); ++i) {
      if (!IngestCluster(i)) return 1;
    }
    if (!ctx_.Step("init-db",
                   {args_.costagg, "init-db", "--schema", ctx_.schema(), "--output", ctx_.pg_uri()})) {
      return 1;
    }
    PgConnection conn(ctx_.pg_uri());
    SeedTagKeys(conn);
    SeedAliases(conn);
    for (const auto& run : s_.AwsOnly() ? s_.runs : std::vector<OcpAwsSummarize>{}) {
      if (!SummarizeAws(run)) return 1;
    }
    for (const auto& cluster : s_.clusters) {
      if (!SummarizeOcp(cluster)) return 1;
    }
    if (s_.AwsOnly()) {
      // compared below
    } else if (args_.skip_ocp_aws) {
      std::cout << "  --   summarize ocp-aws skipped (--no-ocp-aws)\n";
    } else {
      for (const auto& cluster : s_.clusters) {
        if (!SummarizeOcpAws(cluster)) return 1;
      }
    }
    int failed = 0;
    size_t rows = 0;
    for (const auto& table : tables) failed += CompareTable(conn, table, &rows) ? 0 : 1;
    if (failed) {
      std::cout << "FAIL " << s_.name << ": " << failed << " of " << tables.size() << " table(s) differ\n";
      return 1;
    }
    std::cout << "PASS " << s_.name << ": " << tables.size() << " table(s), " << rows << " rows\n";
    return 0;
  }

 private:
  std::vector<std::string> TablesToCompare() {
    std::vector<std::string> present = ExpectedTables(s_.folder);
    if (args_.tables.empty()) {
      if (present.empty()) ctx_.Fail("no expected/*.csv");
      return present;
    }
    for (const auto& table : args_.tables) {
      if (std::find(present.begin(), present.end(), table) == present.end()) {
        ctx_.Fail("--tables names " + table + ", which has no expected/" + table + ".csv");
        return {};
      }
    }
    return args_.tables;
  }

  std::string Absolute(const std::string& relative) const {
    return fs::absolute(s_.folder / relative).lexically_normal().string();
  }

  std::vector<std::string> Period() const { return Period(s_.summarize); }

  static std::vector<std::string> Period(const OcpAwsSummarize& run) {
    std::vector<std::string> argv = {"--year", std::to_string(run.year), "--month",
                                     std::to_string(run.month)};
    if (!run.start_date.empty()) argv.insert(argv.end(), {"--start-date", run.start_date});
    if (!run.end_date.empty()) argv.insert(argv.end(), {"--end-date", run.end_date});
    return argv;
  }

  bool Ingest(const std::string& kind, const std::string& label, const std::string& from,
              const std::string& source_uuid) {
    return ctx_.Step("ingest-" + label,
                     {args_.costagg, "ingest", kind, "--from", from, "--to", ctx_.parquet_root().string(),
                      "--schema", ctx_.schema(), "--source", source_uuid});
  }

  bool IngestAws() {
    const SourceInput& aws = s_.aws;
    std::string from;
    if (!aws.nise_file.empty()) {
      // --write-monthly puts the CUR (<Month>-<YYYY>-None.csv) into the working directory: run nise in out/.
      fs::path work = ctx_.NiseFolder("aws", s_.folder / aws.nise_file);
      if (!ctx_.RunNise("nise-aws", work, work / "out",
                        {"report", "aws", "--static-report-file", (work / "static.yml").string(),
                         "--start-date", aws.start_date, "--end-date", aws.end_date, "--write-monthly"})) {
        return false;
      }
      from = (work / "out").string();
    } else {
      from = Absolute(aws.csv_dir);
    }
    return Ingest("aws", "aws", from, aws.source_uuid);
  }

  bool IngestCluster(size_t index) {
    const OcpCluster& cluster = s_.clusters[index];
    const std::string label = "ocp-" + std::to_string(index + 1);
    std::string from;
    if (!cluster.input.nise_file.empty()) {
      fs::path work = ctx_.NiseFolder(label, s_.folder / cluster.input.nise_file);
      if (!ctx_.RunNise("nise-" + label, work, work,
                        {"report", "ocp", "--static-report-file", "static.yml", "--ocp-cluster-id",
                         cluster.cluster_id, "--start-date", cluster.input.start_date, "--end-date",
                         cluster.input.end_date, "--insights-upload", "out"})) {
        return false;
      }
      from = (work / "out").string();
    } else {
      from = Absolute(cluster.input.csv_dir);
    }
    return Ingest("ocp", label, from, cluster.input.source_uuid);
  }

  void SeedTagKeys(PgConnection& conn) {
    const std::string keys = QualifiedName(ctx_.schema(), "reporting_enabledtagkeys");
    for (const auto& [by_provider, enabled] :
         {std::pair{&s_.enabled_keys, "true"}, std::pair{&s_.disabled_keys, "false"}}) {
      for (const auto& [provider, list] : *by_provider) {
        for (const auto& key : list) {
          conn.Execute("INSERT INTO " + keys +
                           " (uuid, key, enabled, provider_type) VALUES (gen_random_uuid(), $1, " + enabled +
                           ", $2) ON CONFLICT (key, provider_type) DO UPDATE SET enabled = EXCLUDED.enabled",
                       PgParams{key, provider}, "seed reporting_enabledtagkeys");
        }
      }
    }
  }

  /// The seeded account aliases, then the organizational units of scenario.yml.
  void SeedAliases(PgConnection& conn) {
    const std::string aliases = QualifiedName(ctx_.schema(), "reporting_awsaccountalias");
    for (const auto& alias : s_.account_aliases) {
      conn.Execute("INSERT INTO " + aliases + " (account_id, account_alias) VALUES ($1, $2)",
                   PgParams{alias.account_id, alias.alias}, "seed reporting_awsaccountalias");
    }
    for (const auto& unit : s_.organizational_units) {
      // Another source's unit gets a provider uuid no scenario uses.
      std::string provider =
          unit.other_provider ? "00000000-0000-4000-8000-0000000000ff" : s_.aws.source_uuid;
      conn.Execute(
          "INSERT INTO " + QualifiedName(ctx_.schema(), "reporting_awsorganizationalunit") +
              " (org_unit_name, org_unit_id, org_unit_path, level, created_timestamp,"
              " deleted_timestamp, provider_id, account_alias_id) SELECT $1, $2, $3, $4::smallint,"
              " $5::date, nullif($6, '')::date, $7::uuid, id FROM " +
              aliases + " WHERE account_id = $8",
          PgParams{unit.org_unit_name, unit.org_unit_id, unit.org_unit_path, std::to_string(unit.level),
                   unit.created, unit.deleted, provider, unit.account_id},
          "seed reporting_awsorganizationalunit");
    }
  }

  bool SummarizeAws(const OcpAwsSummarize& run) {
    std::vector<std::string> argv = {args_.costagg, "summarize",       "aws", "--schema", ctx_.schema(),
                                     "--source",    s_.aws.source_uuid};
    for (auto& a : Period(run)) argv.push_back(a);
    if (!run.markup.empty()) argv.insert(argv.end(), {"--markup", run.markup});
    if (run.ec2_compute) argv.push_back("--ec2-compute");
    argv.insert(argv.end(), {"--input", ctx_.parquet_root().string(), "--output", ctx_.pg_uri()});
    return ctx_.Step("summarize-aws-" + std::to_string(++aws_runs_), argv);
  }

  bool SummarizeOcp(const OcpCluster& cluster) {
    std::vector<std::string> argv = {args_.costagg,
                                     "summarize",
                                     "ocp",
                                     "--schema",
                                     ctx_.schema(),
                                     "--source",
                                     cluster.input.source_uuid,
                                     "--cluster-id",
                                     cluster.cluster_id,
                                     "--cluster-alias",
                                     cluster.cluster_alias};
    for (auto& a : Period()) argv.push_back(a);
    argv.insert(argv.end(), {"--input", ctx_.parquet_root().string(), "--output", ctx_.pg_uri()});
    return ctx_.Step("summarize-ocp-" + cluster.cluster_id, argv);
  }

  bool SummarizeOcpAws(const OcpCluster& cluster) {
    std::vector<std::string> argv = {args_.costagg,
                                     "summarize",
                                     "ocp-aws",
                                     "--schema",
                                     ctx_.schema(),
                                     "--ocp-source",
                                     cluster.input.source_uuid,
                                     "--aws-source",
                                     s_.aws.source_uuid};
    for (auto& a : Period()) argv.push_back(a);
    if (!s_.summarize.markup.empty()) argv.insert(argv.end(), {"--markup", s_.summarize.markup});
    if (!s_.summarize.distribution.empty())
      argv.insert(argv.end(), {"--distribution", s_.summarize.distribution});
    argv.insert(argv.end(), {"--input", ctx_.parquet_root().string(), "--output", ctx_.pg_uri()});
    return ctx_.Step("summarize-ocp-aws-" + cluster.cluster_id, argv);
  }

  /// Compares expected/<table>.csv with every row of the table; prints the outcome. True when they agree.
  bool CompareTable(PgConnection& conn, const std::string& table, size_t* rows) {
    const std::string file = "expected/" + table + ".csv";
    Table expected;
    try {
      expected = ParseCsv(ReadFile(s_.folder / file));
    } catch (const std::exception& e) {
      std::cout << "  FAIL " << table << ": " << file << ": " << e.what() << "\n";
      return false;
    }
    std::string select;
    for (const auto& column : expected.columns) {
      if (!IsIdentifier(column)) {
        std::cout << "  FAIL " << table << ": " << file << ": bad column name '" << column << "'\n";
        return false;
      }
      const auto& ignored = kOcpAwsIgnoredColumns;
      if (std::find(ignored.begin(), ignored.end(), column) != ignored.end()) continue;
      select += (select.empty() ? "" : ", ") + ColumnText(table, column) + " AS " + QuoteIdentifier(column);
    }
    if (select.empty()) select = "1 AS no_compared_column";
    Table actual;
    try {
      auto result = conn.Query("SELECT " + select + " FROM " + QualifiedName(ctx_.schema(), table) + " AS t",
                               "read " + table);
      actual = Table{result.columns, result.rows};
      if (s_.reference) {
        // Koku's reference files write an empty string and NULL alike, as an empty field (a claimless PV's
        // claim is '' in Koku's parquet, or its namespace could not pass Koku's unattributed-storage filter).
        for (auto& row : actual.rows) {
          for (auto& cell : row) {
            if (cell && cell->empty()) cell.reset();
          }
        }
      }
    } catch (const std::exception& e) {
      std::cout << "  FAIL " << table << ": cannot read it: " << e.what() << "\n";
      return false;
    }
    CompareOptions options;
    options.ignored_columns = kOcpAwsIgnoredColumns;
    options.json_columns = {"cost_category"};
    if (!s_.AwsOnly()) options.json_columns.clear();  // the OpenShift tables' cost_category is a name
    Comparison comparison = CompareTables(expected, actual, options);
    *rows += expected.rows.size();
    if (comparison.Equal()) {
      std::cout << "  PASS " << table << ": " << expected.rows.size() << " rows\n";
      return true;
    }
    std::cout << "  FAIL " << table << ": expected " << expected.rows.size() << " rows, found "
              << actual.rows.size() << "; " << comparison.missing_rows << " missing, "
              << comparison.extra_rows << " extra, " << comparison.mismatched_rows
              << " paired with differences\n";
    if (!comparison.mismatches_by_column.empty()) {
      std::cout << "    differing columns:";
      for (const auto& [column, count] : comparison.mismatches_by_column)
        std::cout << " " << column << " (" << count << ")";
      std::cout << "\n";
    }
    size_t shown = 0;
    for (const auto& problem : comparison.problems) {
      if (args_.max_problems && shown == args_.max_problems) {
        std::cout << "    ... and " << comparison.problems.size() - shown
                  << " more (--max-diffs 0 shows all)\n";
        break;
      }
      std::cout << "    " << problem << "\n";
      ++shown;
    }
    return false;
  }

  /// The text of `column` of `table` (aliased t) as compared: the AWS tables' account_alias and org_unit_id
  /// are the alias and unit of the row's ids; resource_ids has its elements in byte order (Koku leaves it
  /// open).
  std::string ColumnText(const std::string& table, const std::string& column) const {
    if (column == "account_alias") {
      return "(SELECT a.account_alias FROM " + QualifiedName(ctx_.schema(), "reporting_awsaccountalias") +
             " AS a WHERE a.id = t.account_alias_id)";
    }
    if (column == "org_unit_id") {
      return "(SELECT o.org_unit_id FROM " + QualifiedName(ctx_.schema(), "reporting_awsorganizationalunit") +
             " AS o WHERE o.id = t.organizational_unit_id)";
    }
    if (column == "resource_ids") {
      return "(SELECT array_agg(x ORDER BY x COLLATE \"C\") FROM unnest(t.resource_ids) AS x)::text";
    }
    (void)table;
    return "t." + QuoteIdentifier(column) + "::text";
  }

  const RunnerArguments& args_;
  const OcpAwsScenario& s_;
  RunContext ctx_;
  int aws_runs_ = 0;
};

}  // namespace

int RunOcpAwsScenario(const RunnerArguments& args, const OcpAwsScenario& scenario,
                      const std::string& pg_uri) {
  OcpAwsRun run(args, scenario, pg_uri);
  return run.Execute();
}

}  // namespace costagg::scenario
