#include "costagg/config/command_line.h"

#include <gtest/gtest.h>

#include <vector>

namespace costagg {
namespace {

ParsedCommandLine Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "costagg");
  return ParseCommandLine(static_cast<int>(args.size()), args.data());
}

TEST(CommandLineTest, SummarizeOcpCollectsGivenFlagsOnly) {
  auto p = Parse(
      {"summarize", "ocp", "--schema", "org1", "--source", "u", "--year", "2025", "--month", "10", "--json"});
  ASSERT_TRUE(p.command);
  EXPECT_EQ(*p.command, Command::kSummarizeOcp);
  EXPECT_EQ(p.flags.at("schema"), "org1");
  EXPECT_EQ(p.flags.at("month"), "10");
  EXPECT_EQ(p.flags.at("json"), "true");
  EXPECT_EQ(p.flags.count("input"), 0u);
  EXPECT_EQ(p.exit_code, 0);
}

TEST(CommandLineTest, IngestSubcommands) {
  auto p = Parse({"ingest", "aws", "--from", "d", "--to", "s3://b/p", "--schema", "org1", "--source", "u"});
  ASSERT_TRUE(p.command);
  EXPECT_EQ(*p.command, Command::kIngestAws);
  EXPECT_EQ(p.flags.at("to"), "s3://b/p");
}

TEST(CommandLineTest, SummarizeAwsTakesTheAwsFlagsAndNoClusterFlags) {
  auto p = Parse({"summarize", "aws", "--schema", "org1", "--source", "u", "--year", "2025", "--month", "10",
                  "--markup", "0.1", "--bill-id", "3", "--ec2-compute"});
  ASSERT_TRUE(p.command);
  EXPECT_EQ(*p.command, Command::kSummarizeAws);
  EXPECT_EQ(p.flags.at("markup"), "0.1");
  EXPECT_EQ(p.flags.at("bill-id"), "3");
  EXPECT_EQ(p.flags.at("ec2-compute"), "true");
  // An AWS source has no cluster: the OpenShift flags are refused.
  EXPECT_EQ(Parse({"summarize", "aws", "--cluster-id", "c"}).exit_code, 2);
  auto help = Parse({"summarize", "aws", "--help"});
  EXPECT_NE(help.output.find("--ec2-compute"), std::string::npos) << help.output;
}

TEST(CommandLineTest, UnknownFlagIsAUsageError) {
  auto p = Parse({"init-db", "--schema", "org1", "--bogus", "1"});
  EXPECT_FALSE(p.command);
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_NE(p.error.find("bogus"), std::string::npos) << p.error;
}

TEST(CommandLineTest, MissingSubcommandIsAUsageError) {
  auto p = Parse({"summarize"});
  EXPECT_EQ(p.exit_code, 2);
}

TEST(CommandLineTest, HelpOfASubcommandTeachesItsFlags) {
  auto p = Parse({"summarize", "ocp", "--help"});
  EXPECT_FALSE(p.command);
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_NE(p.output.find("--start-date"), std::string::npos) << p.output;
  EXPECT_NE(p.output.find("included"), std::string::npos) << p.output;
}

TEST(CommandLineTest, TopLevelHelpExplainsTheFlow) {
  auto p = Parse({"--help"});
  EXPECT_NE(p.output.find("Exit codes"), std::string::npos) << p.output;
  EXPECT_NE(p.output.find("ingest"), std::string::npos);
}

}  // namespace
}  // namespace costagg
