#include "costagg/error.h"

#include <gtest/gtest.h>

namespace costagg {
namespace {

TEST(ErrorTest, ExitCodesFollowTheIntegrationContract) {
  EXPECT_EQ(ExitCode(ErrorKind::kUsage), 2);
  EXPECT_EQ(ExitCode(ErrorKind::kData), 1);
  EXPECT_EQ(ExitCode(ErrorKind::kRuntime), 1);
  EXPECT_EQ(ExitCode(ErrorKind::kLockBusy), 3);
  EXPECT_EQ(ExitCode(ErrorKind::kTransient), 4);
}

TEST(ErrorTest, CarriesKindAndMessage) {
  Error e = DataError("file x.parquet: column pod missing");
  EXPECT_EQ(e.kind(), ErrorKind::kData);
  EXPECT_STREQ(e.what(), "file x.parquet: column pod missing");
  EXPECT_STREQ(ErrorKindName(e.kind()), "data");
}

}  // namespace
}  // namespace costagg
