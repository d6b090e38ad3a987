#include "costagg/config/options.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <functional>
#include <regex>

#include "costagg/error.h"

extern char** environ;

namespace costagg {

const char* CommandName(Command command) {
  switch (command) {
    case Command::kIngestOcp:
      return "ingest ocp";
    case Command::kIngestAws:
      return "ingest aws";
    case Command::kInitDb:
      return "init-db";
    case Command::kSummarizeOcp:
      return "summarize ocp";
    case Command::kSummarizeOcpAws:
      return "summarize ocp-aws";
    case Command::kSummarizeAws:
      return "summarize aws";
  }
  return "?";
}

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

std::string ExpandVariables(const std::string& text, const Environment& env, const std::string& where) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = text.find("${", pos);
    if (start == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    size_t end = text.find('}', start);
    if (end == std::string::npos) throw UsageError(where + ": unterminated ${ in '" + text + "'");
    out += text.substr(pos, start - pos);
    std::string inner = text.substr(start + 2, end - start - 2);
    std::string name = inner;
    std::optional<std::string> fallback;
    if (auto sep = inner.find(":-"); sep != std::string::npos) {
      name = inner.substr(0, sep);
      fallback = inner.substr(sep + 2);
    }
    auto it = env.find(name);
    if (it != env.end() && !(fallback && it->second.empty())) {
      out += it->second;
    } else if (fallback) {
      out += *fallback;
    } else {
      throw UsageError(where + ": environment variable " + name + " is required but not set");
    }
    pos = end + 1;
  }
  return out;
}

namespace {

void Flatten(const YAML::Node& node, const std::string& prefix, const Environment& env,
             const std::string& path, std::map<std::string, std::string>* out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      Flatten(kv.second, prefix.empty() ? key : prefix + "." + key, env, path, out);
    }
  } else if (node.IsScalar()) {
    (*out)[prefix] = ExpandVariables(node.as<std::string>(), env, path + ": " + prefix);
  }
  // Sequences are not used by any key costagg reads (cost.resource_types is dead in the POC too).
}

}  // namespace

std::map<std::string, std::string> LoadConfigFile(const std::string& path, const Environment& env) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw UsageError("--config " + path + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    throw UsageError("--config " + path + ": invalid YAML at line " + std::to_string(e.mark.line + 1) + ": " +
                     e.msg);
  }
  std::map<std::string, std::string> values;
  Flatten(root, "", env, path, &values);
  return values;
}

bool IsValidIdentifier(const std::string& s) {
  static const std::regex re("^[a-z_][a-z0-9_]{0,62}$");
  return std::regex_match(s, re);
}

bool IsValidUuid(const std::string& s) {
  static const std::regex re("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  return std::regex_match(s, re);
}

bool IsValidDate(const std::string& s) {
  static const std::regex re("^\\d{4}-\\d{2}-\\d{2}$");
  if (!std::regex_match(s, re)) return false;
  using namespace std::chrono;
  year_month_day ymd{year{std::stoi(s.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                     day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  return ymd.ok();
}

namespace {

/// Where one option's value may come from, highest priority first within each layer.
struct Setting {
  std::string flag;
  std::vector<std::string> env;
  std::vector<std::string> keys;
};

/// The value of an option and where it was found (for messages).
struct Found {
  std::string value;
  std::string origin;  ///< "--schema", "environment POSTGRES_SCHEMA", "config.yaml postgresql.schema"
};

class Resolver {
 public:
  Resolver(const FlagValues& flags, const Environment& env, std::map<std::string, std::string> file)
      : flags_(flags), env_(env), file_(std::move(file)) {}

  std::optional<Found> Get(const Setting& s) const {
    if (!s.flag.empty()) {
      if (auto it = flags_.find(s.flag); it != flags_.end()) return Found{it->second, "--" + s.flag};
    }
    for (const auto& name : s.env) {
      if (auto it = env_.find(name); it != env_.end() && !it->second.empty()) {
        return Found{it->second, "environment " + name};
      }
    }
    for (const auto& key : s.keys) {
      if (auto it = file_.find(key); it != file_.end() && !it->second.empty()) {
        return Found{it->second, "config key " + key};
      }
    }
    return std::nullopt;
  }

  std::string Text(const Setting& s, const std::string& fallback = "") const {
    auto f = Get(s);
    return f ? f->value : fallback;
  }

 private:
  const FlagValues& flags_;
  const Environment& env_;
  std::map<std::string, std::string> file_;
};

int ParseInt(const Found& f, int lo, int hi, std::vector<std::string>* problems) {
  int v = 0;
  auto [p, ec] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), v);
  if (ec != std::errc() || p != f.value.data() + f.value.size() || v < lo || v > hi) {
    problems->push_back(f.origin + ": '" + f.value + "' is not a whole number from " + std::to_string(lo) +
                        " to " + std::to_string(hi));
    return 0;
  }
  return v;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Options ResolveOptions(Command command, const FlagValues& flags, const Environment& env) {
  std::map<std::string, std::string> file;
  std::string config_file;
  if (auto it = flags.find("config"); it != flags.end()) {
    config_file = it->second;
  } else if (auto e = env.find("COSTAGG_CONFIG"); e != env.end() && !e->second.empty()) {
    config_file = e->second;
  }
  if (!config_file.empty()) file = LoadConfigFile(config_file, env);
  Resolver r(flags, env, file);
  std::vector<std::string> problems;

  Options o;
  o.command = command;
  o.config_file = config_file;
  bool aws_source_command = command == Command::kIngestAws || command == Command::kSummarizeAws;

  // Tenant and sources.
  o.schema = r.Text({"schema", {"POSTGRES_SCHEMA", "ORG_ID"}, {"postgresql.schema", "organization.org_id"}});
  Setting source_setting = aws_source_command
                               ? Setting{"source", {"AWS_PROVIDER_UUID"}, {"aws.provider_uuid"}}
                               : Setting{"source", {"OCP_PROVIDER_UUID"}, {"ocp.provider_uuid"}};
  if (command == Command::kSummarizeOcpAws) source_setting.flag = "ocp-source";
  auto source = r.Get(source_setting);
  if (!source && command == Command::kSummarizeOcpAws) source = r.Get({"source", {}, {}});
  if (source) o.source = Lower(source->value);
  auto aws_source = r.Get({"aws-source", {"AWS_PROVIDER_UUID"}, {"aws.provider_uuid"}});
  if (aws_source) o.aws_source = Lower(aws_source->value);

  // Period.
  if (auto f = r.Get({"year", {"POC_YEAR", "OCP_YEAR"}, {"ocp.year"}}))
    o.year = ParseInt(*f, 2000, 2999, &problems);
  if (auto f = r.Get({"month", {"POC_MONTH", "OCP_MONTH"}, {"ocp.month"}}))
    o.month = ParseInt(*f, 1, 12, &problems);
  auto start = r.Get({"start-date", {}, {}});
  auto end = r.Get({"end-date", {}, {}});
  for (const auto* f : {&start, &end}) {
    if (*f && !IsValidDate((*f)->value))
      problems.push_back((*f)->origin + ": '" + (*f)->value + "' is not a date YYYY-MM-DD");
  }
  if (start) o.start_date = start->value;
  if (end) o.end_date = end->value;

  // Cluster.
  o.cluster_id = r.Text({"cluster-id", {"OCP_CLUSTER_ID"}, {"ocp.cluster_id"}});
  o.cluster_alias = r.Text({"cluster-alias", {"OCP_CLUSTER_ALIAS"}, {"ocp.cluster_alias"}});

  // S3.
  o.s3.endpoint = r.Text({"s3-endpoint", {"S3_ENDPOINT"}, {"s3.endpoint"}});
  o.s3.region = r.Text({"s3-region", {"S3_REGION"}, {"s3.region"}}, "us-east-1");
  o.s3.access_key = r.Text({"", {"S3_ACCESS_KEY"}, {"s3.access_key"}});
  o.s3.secret_key = r.Text({"", {"S3_SECRET_KEY", "S3_SECRET"}, {"s3.secret_key"}});
  o.s3.bucket = r.Text({"", {"S3_BUCKET", "S3_BUCKET_NAME"}, {"s3.bucket"}});

  // PostgreSQL pieces (used when --output is not a full URI).
  o.postgres.host = r.Text({"", {"POSTGRES_HOST", "DATABASE_HOST"}, {"postgresql.host"}});
  o.postgres.port = r.Text({"", {"POSTGRES_PORT", "DATABASE_PORT"}, {"postgresql.port"}});
  o.postgres.database = r.Text({"", {"POSTGRES_DB", "DATABASE_NAME"}, {"postgresql.database"}});
  o.postgres.user = r.Text({"", {"POSTGRES_USER", "DATABASE_USER"}, {"postgresql.user"}});
  o.postgres.password = r.Text({"", {"POSTGRES_PASSWORD", "DATABASE_PASSWORD"}, {"postgresql.password"}});

  // Input and output.
  o.input = r.Text({"input", {"COSTAGG_INPUT"}, {}});
  if (o.input.empty() && !o.s3.bucket.empty() && !o.s3.endpoint.empty()) o.input = "s3://" + o.s3.bucket;
  o.output = r.Text({"output", {"COSTAGG_OUTPUT"}, {}});
  if (o.output.empty() && !o.postgres.host.empty()) o.output = "postgresql://";
  o.from_dir = r.Text({"from", {}, {}});
  o.to = r.Text({"to", {}, {}});

  // Cost model values (normally passed by Koku, which owns the cost model).
  if (auto f = r.Get({"markup", {}, {"cost.markup"}})) {
    char* endp = nullptr;
    o.markup = std::strtod(f->value.c_str(), &endp);
    // Koku's cost model takes any markup, a negative one (a discount) too.
    if (endp == f->value.c_str() || *endp != '\0' || !std::isfinite(o.markup)) {
      problems.push_back(f->origin + ": '" + f->value + "' is not a markup fraction (e.g. 0.1 for 10%)");
    }
  }
  if (auto f = r.Get({"distribution", {"COST_DISTRIBUTION_METHOD"}, {"cost.distribution.method"}})) {
    o.distribution = Lower(f->value);
    if (o.distribution != "cpu" && o.distribution != "memory") {
      problems.push_back(f->origin + ": '" + f->value + "' is not a Koku distribution (cpu or memory)");
    }
  }

  // Run behaviour.
  o.json = flags.count("json") > 0;
  o.timings = flags.count("timings") > 0;
  o.ec2_compute = flags.count("ec2-compute") > 0;
  o.log_level = Lower(r.Text({"log-level", {"LOG_LEVEL"}, {"logging.level"}}, "info"));
  static const std::vector<std::string> levels = {"trace", "debug", "info", "warning",
                                                  "warn",  "error", "off"};
  if (std::find(levels.begin(), levels.end(), o.log_level) == levels.end()) {
    problems.push_back("log level '" + o.log_level +
                       "' is not one of trace, debug, info, warning, error, off");
  }
  o.memory_limit = r.Text({"memory-limit", {"COSTAGG_MEMORY_LIMIT"}, {}});
  if (auto f = r.Get({"threads", {"COSTAGG_THREADS"}, {"performance.max_workers"}})) {
    o.threads = ParseInt(*f, 1, 1024, &problems);
  }

  if (auto f = r.Get({"report-period-id", {}, {}}))
    o.report_period_id = ParseInt(*f, 1, 2147483647, &problems);
  if (auto f = r.Get({"bill-id", {}, {}})) o.bill_id = ParseInt(*f, 1, 2147483647, &problems);
  if (auto f = r.Get({"lock-wait", {"COSTAGG_LOCK_WAIT"}, {}}))
    o.lock_wait_seconds = ParseInt(*f, 0, 86400, &problems);
  if (auto f = r.Get({"part-rows", {}, {}})) o.part_rows = ParseInt(*f, 1, 2147483647, &problems);

  // What each command requires, and the shape of identifiers (nothing reaches SQL unchecked).
  auto require = [&](bool ok, const std::string& what) {
    if (!ok) problems.push_back(what);
  };
  bool needs_source = command != Command::kInitDb;
  bool needs_period = command == Command::kSummarizeOcp || command == Command::kSummarizeOcpAws ||
                      command == Command::kSummarizeAws;
  require(!o.schema.empty(), "--schema is required (or POSTGRES_SCHEMA / ORG_ID)");
  if (!o.schema.empty() && !IsValidIdentifier(o.schema)) {
    problems.push_back("--schema '" + o.schema +
                       "' is not a valid schema name (lower-case letters, digits, _)");
  }
  if (needs_source) {
    require(!o.source.empty(), command == Command::kSummarizeOcpAws ? "--ocp-source is required"
                                                                    : "--source is required (a source uuid)");
    if (!o.source.empty() && !IsValidUuid(o.source))
      problems.push_back("--source '" + o.source + "' is not a uuid");
  }
  if (command == Command::kSummarizeOcpAws) {
    require(!o.aws_source.empty(), "--aws-source is required");
    if (!o.aws_source.empty() && !IsValidUuid(o.aws_source)) {
      problems.push_back("--aws-source '" + o.aws_source + "' is not a uuid");
    }
  }
  if (needs_period) {
    if (o.year == 0 && !o.start_date.empty() && IsValidDate(o.start_date)) {
      o.year = std::stoi(o.start_date.substr(0, 4));
      o.month = std::stoi(o.start_date.substr(5, 2));
    }
    require(o.year != 0 && o.month != 0, "--year and --month are required (or --start-date)");
    char ym[32];
    std::snprintf(ym, sizeof ym, "%04d-%02d", o.year, o.month);
    for (const auto& [flag, value] :
         {std::pair{"--start-date", o.start_date}, std::pair{"--end-date", o.end_date}}) {
      if (!value.empty() && IsValidDate(value) && o.year != 0 && value.substr(0, 7) != ym) {
        problems.push_back(std::string(flag) + " " + value + " is outside --year/--month " + ym);
      }
    }
    if (!o.start_date.empty() && !o.end_date.empty() && o.end_date < o.start_date) {
      problems.push_back("--end-date " + o.end_date + " is before --start-date " + o.start_date);
    }
    require(!o.input.empty(),
            "--input is required (a directory or s3://bucket[/prefix]; or S3_BUCKET + S3_ENDPOINT)");
  }
  if (command == Command::kIngestOcp || command == Command::kIngestAws) {
    require(!o.from_dir.empty(), "--from is required (the folder nise wrote)");
    require(!o.to.empty(), "--to is required (a directory or s3://bucket[/prefix])");
  } else {
    require(!o.output.empty(),
            "--output is required (postgresql://... or duckdb:FILE; or POSTGRES_HOST ...)");
    if (!o.output.empty() && o.output.rfind("postgresql://", 0) != 0 &&
        o.output.rfind("postgres://", 0) != 0 && o.output.rfind("duckdb:", 0) != 0) {
      problems.push_back("--output '" + o.output + "' must start with postgresql:// or duckdb:");
    }
  }
  for (const auto* url : {&o.input, &o.to}) {
    if (url->rfind("s3://", 0) == 0) {
      if (url->size() <= 5 || (*url)[5] == '/')
        problems.push_back("'" + *url + "' names no bucket (s3://bucket/prefix)");
      require(!o.s3.access_key.empty() && !o.s3.secret_key.empty(),
              "S3 access needs S3_ACCESS_KEY and S3_SECRET_KEY (or S3_SECRET) in the environment or config");
    }
  }
  if (!problems.empty()) {
    std::string message = CommandName(command) + std::string(": ") + problems[0];
    for (size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
    throw UsageError(message);
  }
  return o;
}

}  // namespace costagg
