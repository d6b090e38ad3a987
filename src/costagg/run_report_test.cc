#include "costagg/run_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace costagg {
namespace {

TEST(RunReportTest, JsonCarriesTablesPhasesAndError) {
  RunReport report;
  report.command = Command::kSummarizeOcp;
  report.schema = "org1";
  report.source = "u";
  report.tables.push_back({"reporting_ocpusagelineitem_daily_summary", 3, 5});
  { PhaseTimer timer(&report, "load"); }
  report.status = "error";
  report.error = DataError("file a.parquet: not a parquet file");
  auto j = nlohmann::json::parse(report.ToJson());
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["command"], "summarize ocp");
  EXPECT_EQ(j["tables"][0]["deleted"], 3);
  EXPECT_EQ(j["tables"][0]["inserted"], 5);
  EXPECT_TRUE(j["seconds"].contains("load"));
  EXPECT_EQ(j["error"]["kind"], "data");
  EXPECT_GT(j["peak_rss_bytes"].get<int64_t>(), 0);
}

TEST(RunReportTest, OcpAwsNamesBothSources) {
  RunReport report;
  report.command = Command::kSummarizeOcpAws;
  report.source = "ocp";
  report.aws_source = "aws";
  auto j = nlohmann::json::parse(report.ToJson());
  EXPECT_EQ(j["ocp_source"], "ocp");
  EXPECT_EQ(j["aws_source"], "aws");
}

TEST(RunReportTest, InvalidUtf8DoesNotBreakTheJson) {
  RunReport report;
  report.notes.push_back(std::string("bad \xff byte"));
  EXPECT_NO_THROW(nlohmann::json::parse(report.ToJson()));
}

}  // namespace
}  // namespace costagg
