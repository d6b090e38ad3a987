#include "costagg/input/koku_layout.h"

#include <gtest/gtest.h>

#include "costagg/error.h"

namespace costagg {
namespace {

const KokuPartition kPartition{"org1234567", "6e2a1c3b-0000-4000-8000-000000000001", 2025, 3};

// Expected keys are written out from ocp.md §1.3 and ocp_on_aws.md §1.1.
TEST(KokuLayoutTest, OcpPrefixes) {
  EXPECT_EQ(OcpParquetPrefix(kPartition, "pod_usage", ParquetDataset::kRaw),
            "data/parquet/org1234567/OCP/pod_usage/source=6e2a1c3b-0000-4000-8000-000000000001/year=2025/"
            "month=03/");
  EXPECT_EQ(OcpParquetPrefix(kPartition, "storage_usage", ParquetDataset::kDaily),
            "data/parquet/daily/org1234567/OCP/storage_usage/source=6e2a1c3b-0000-4000-8000-000000000001/"
            "year=2025/month=03/");
}

TEST(KokuLayoutTest, AwsPrefixes) {
  EXPECT_EQ(AwsParquetPrefix(kPartition, ParquetDataset::kRaw),
            "data/parquet/org1234567/AWS/source=6e2a1c3b-0000-4000-8000-000000000001/year=2025/month=03/");
  EXPECT_EQ(AwsParquetPrefix(kPartition, ParquetDataset::kDaily),
            "data/parquet/daily/org1234567/AWS/raw/source=6e2a1c3b-0000-4000-8000-000000000001/year=2025/"
            "month=03/");
}

TEST(KokuLayoutTest, AccountDropsOnlyALeadingAcct) {
  EXPECT_EQ(KokuAccount("acct10001"), "10001");
  EXPECT_EQ(KokuAccount("org1234567"), "org1234567");
  // Not Python's lstrip("acct"), which would also eat the leading 't' and 'a' of these.
  EXPECT_EQ(KokuAccount("tacos"), "tacos");
  KokuPartition acct{"acct10001", "s", 2024, 12};
  EXPECT_EQ(OcpParquetPrefix(acct, "node_labels", ParquetDataset::kRaw),
            "data/parquet/10001/OCP/node_labels/source=s/year=2024/month=12/");
}

TEST(KokuLayoutTest, FileNamesAndStems) {
  EXPECT_EQ(ParquetFileName("pod_usage.2025-03-01.1.0", 0, ParquetDataset::kRaw),
            "pod_usage.2025-03-01.1.0_0.parquet");
  EXPECT_EQ(ParquetFileName("pod_usage.2025-03-01.1.0", 2, ParquetDataset::kDaily),
            "pod_usage.2025-03-01.1.0_daily_2.parquet");
  EXPECT_EQ(OcpDailyPieceStem("storage_usage", "2025-03-01", "7", 1), "storage_usage.2025-03-01.7.1");
  EXPECT_EQ(AwsDailySliceStem("2025-03-01", "3", "March-2025-cur", 0),
            "2025-03-01_manifestid-3_basefile-March-2025-cur_batch-0");
}

TEST(KokuLayoutTest, TableNames) {
  EXPECT_EQ(OcpTableName("pod_usage", ParquetDataset::kRaw), "openshift_pod_usage_line_items");
  EXPECT_EQ(OcpTableName("namespace_labels", ParquetDataset::kDaily),
            "openshift_namespace_labels_line_items_daily");
  EXPECT_EQ(AwsTableName(ParquetDataset::kDaily), "aws_line_items_daily");
}

TEST(KokuLayoutTest, RejectsBadInput) {
  EXPECT_THROW(OcpParquetPrefix(kPartition, "ros_usage", ParquetDataset::kRaw), Error);
  EXPECT_THROW(OcpParquetPrefix({"org1", "a/b", 2025, 1}, "pod_usage", ParquetDataset::kRaw), Error);
  EXPECT_THROW(AwsParquetPrefix({"", "s", 2025, 1}, ParquetDataset::kRaw), Error);
  EXPECT_THROW(AwsParquetPrefix({"org1", "s", 2025, 13}, ParquetDataset::kRaw), Error);
  EXPECT_THROW(AwsParquetPrefix({"org1", "s", 25, 1}, ParquetDataset::kRaw), Error);
  EXPECT_TRUE(IsOcpReportType("gpu_usage"));
  EXPECT_FALSE(IsOcpReportType("GPU_USAGE"));
}

}  // namespace
}  // namespace costagg
