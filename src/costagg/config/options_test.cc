#include "costagg/config/options.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "costagg/error.h"

namespace costagg {
namespace {

const char* kUuid = "0b7f7a5e-5a3b-4a0e-9d1b-3c2d1e0f9a8b";

std::string WriteConfig(const std::string& text) {
  auto path =
      std::filesystem::temp_directory_path() / ("costagg_config_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

FlagValues SummarizeFlags() {
  return {{"schema", "org1234567"}, {"source", kUuid},     {"year", "2025"},
          {"month", "10"},          {"input", "/data/in"}, {"output", "duckdb:/tmp/x.duckdb"}};
}

TEST(OptionsTest, ExpandsVariablesLikeThePoc) {
  Environment env = {{"A", "1"}, {"EMPTY", ""}};
  EXPECT_EQ(ExpandVariables("x${A}y", env, "t"), "x1y");
  EXPECT_EQ(ExpandVariables("${B:-dflt}", env, "t"), "dflt");
  EXPECT_EQ(ExpandVariables("${EMPTY:-dflt}", env, "t"), "dflt");
  EXPECT_THROW(ExpandVariables("${B}", env, "t"), Error);
}

TEST(OptionsTest, FlagsBeatEnvironmentBeatFile) {
  std::string path = WriteConfig(
      "postgresql:\n  schema: org_from_file\n  host: filehost\nocp:\n  cluster_id: ${CLUSTER:-c-file}\n"
      "  year: 2024\n  month: 3\n");
  Environment env = {{"OCP_PROVIDER_UUID", kUuid}, {"POSTGRES_SCHEMA", "org_from_env"}};
  FlagValues flags = {{"config", path}, {"input", "/in"}, {"output", "duckdb:x.duckdb"}};
  Options o = ResolveOptions(Command::kSummarizeOcp, flags, env);
  EXPECT_EQ(o.schema, "org_from_env");  // env beats file
  EXPECT_EQ(o.cluster_id, "c-file");    // file default expansion
  EXPECT_EQ(o.year, 2024);
  EXPECT_EQ(o.month, 3);
  EXPECT_EQ(o.postgres.host, "filehost");
  flags["schema"] = "org_from_flag";
  flags["month"] = "4";
  o = ResolveOptions(Command::kSummarizeOcp, flags, env);
  EXPECT_EQ(o.schema, "org_from_flag");  // flag beats env
  EXPECT_EQ(o.month, 4);
  std::filesystem::remove(path);
}

TEST(OptionsTest, PocEnvironmentVariablesWork) {
  Environment env = {{"ORG_ID", "org1"},
                     {"OCP_PROVIDER_UUID", kUuid},
                     {"POC_YEAR", "2025"},
                     {"POC_MONTH", "11"},
                     {"S3_ENDPOINT", "http://localhost:9000"},
                     {"S3_BUCKET", "cost-mgmt"},
                     {"S3_ACCESS_KEY", "ak"},
                     {"S3_SECRET_KEY", "sk"},
                     {"POSTGRES_HOST", "db"},
                     {"POSTGRES_PASSWORD", "pw"}};
  Options o = ResolveOptions(Command::kSummarizeOcp, {}, env);
  EXPECT_EQ(o.schema, "org1");
  EXPECT_EQ(o.year, 2025);
  EXPECT_EQ(o.month, 11);
  EXPECT_EQ(o.input, "s3://cost-mgmt");
  EXPECT_EQ(o.output, "postgresql://");
  EXPECT_EQ(o.postgres.password, "pw");
  EXPECT_EQ(o.s3.secret_key, "sk");
}

TEST(OptionsTest, KokuSecretVariableIsAccepted) {
  Environment env = {{"S3_ACCESS_KEY", "ak"}, {"S3_SECRET", "koku-style"}};
  FlagValues flags = SummarizeFlags();
  flags["input"] = "s3://bucket/prefix";
  EXPECT_EQ(ResolveOptions(Command::kSummarizeOcp, flags, env).s3.secret_key, "koku-style");
}

std::string UsageMessage(Command c, const FlagValues& flags, const Environment& env = {}) {
  try {
    ResolveOptions(c, flags, env);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  return "";
}

TEST(OptionsTest, RejectsValuesThatCouldReachSql) {
  FlagValues flags = SummarizeFlags();
  flags["schema"] = "org1; DROP TABLE x";
  EXPECT_NE(UsageMessage(Command::kSummarizeOcp, flags).find("--schema"), std::string::npos);
  flags = SummarizeFlags();
  flags["source"] = "abc' OR '1'='1";
  EXPECT_NE(UsageMessage(Command::kSummarizeOcp, flags).find("--source"), std::string::npos);
}

TEST(OptionsTest, ReportsEveryProblemAtOnce) {
  std::string m = UsageMessage(Command::kSummarizeOcp, {{"month", "13"}, {"start-date", "2025-02-30"}});
  EXPECT_NE(m.find("--month"), std::string::npos) << m;
  EXPECT_NE(m.find("--start-date"), std::string::npos) << m;
  EXPECT_NE(m.find("--schema is required"), std::string::npos) << m;
  EXPECT_NE(m.find("--output is required"), std::string::npos) << m;
}

TEST(OptionsTest, DatesMustLieInTheMonthAndInOrder) {
  FlagValues flags = SummarizeFlags();
  flags["start-date"] = "2025-10-05";
  flags["end-date"] = "2025-11-02";
  EXPECT_NE(UsageMessage(Command::kSummarizeOcp, flags).find("outside"), std::string::npos);
  flags["end-date"] = "2025-10-04";
  EXPECT_NE(UsageMessage(Command::kSummarizeOcp, flags).find("before"), std::string::npos);
  flags["end-date"] = "2025-10-31";
  Options o = ResolveOptions(Command::kSummarizeOcp, flags, {});
  EXPECT_EQ(o.start_date, "2025-10-05");
}

TEST(OptionsTest, YearAndMonthFollowTheStartDate) {
  FlagValues flags = SummarizeFlags();
  flags.erase("year");
  flags.erase("month");
  flags["start-date"] = "2024-02-29";
  Options o = ResolveOptions(Command::kSummarizeOcp, flags, {});
  EXPECT_EQ(o.year, 2024);
  EXPECT_EQ(o.month, 2);
}

TEST(OptionsTest, DistributionIsKokus) {
  FlagValues flags = SummarizeFlags();
  flags["distribution"] = "weighted";
  EXPECT_NE(UsageMessage(Command::kSummarizeOcp, flags).find("cpu or memory"), std::string::npos);
}

TEST(OptionsTest, MarkupIsAnyFiniteFraction) {
  // Koku's cost model allows a negative markup (a discount): -0.25 is taken; text and infinity are not.
  for (const auto& [text, value] :
       std::vector<std::pair<std::string, double>>{{"0.1", 0.1}, {"-0.25", -0.25}}) {
    FlagValues flags = SummarizeFlags();
    flags["markup"] = text;
    EXPECT_EQ(ResolveOptions(Command::kSummarizeAws, flags, {}).markup, value) << text;
  }
  for (const char* bad : {"ten", "inf", "0.1%"}) {
    FlagValues flags = SummarizeFlags();
    flags["markup"] = bad;
    EXPECT_THROW(ResolveOptions(Command::kSummarizeAws, flags, {}), Error) << bad;
  }
}

TEST(OptionsTest, S3NeedsKeysAndABucket) {
  FlagValues flags = {{"from", "/nise"}, {"to", "s3://"}, {"schema", "org1"}, {"source", kUuid}};
  std::string m = UsageMessage(Command::kIngestOcp, flags);
  EXPECT_NE(m.find("names no bucket"), std::string::npos) << m;
  EXPECT_NE(m.find("S3_ACCESS_KEY"), std::string::npos) << m;
}

TEST(OptionsTest, ValidatorsAcceptAndRefuse) {
  EXPECT_TRUE(IsValidIdentifier("org1234567"));
  EXPECT_FALSE(IsValidIdentifier("Org"));
  EXPECT_FALSE(IsValidIdentifier("1org"));
  EXPECT_TRUE(IsValidUuid(kUuid));
  EXPECT_FALSE(IsValidUuid("not-a-uuid"));
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2025-02-29"));
  EXPECT_FALSE(IsValidDate("2025-1-01"));
}

}  // namespace
}  // namespace costagg
