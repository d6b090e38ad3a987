#include "costagg/sql_files.h"

#include <gtest/gtest.h>

#include "costagg/error.h"

namespace costagg {
namespace {

TEST(SqlFilesTest, RendersPlaceholders) {
  EXPECT_EQ(RenderSql("CREATE SCHEMA {{schema}}; -- {{schema}}", {{"schema", "\"org1\""}}, "t"),
            "CREATE SCHEMA \"org1\"; -- \"org1\"");
}

TEST(SqlFilesTest, MissingPlaceholderValueIsAnError) {
  EXPECT_THROW(RenderSql("SELECT {{nope}}", {}, "t"), Error);
  EXPECT_THROW(RenderSql("SELECT {{open", {}, "t"), Error);
}

TEST(SqlFilesTest, EveryEmbeddedFileIsNonEmptyAndFolderListingIsSorted) {
  std::string previous;
  for (const auto& [path, text] : SqlFolder("")) {
    EXPECT_FALSE(text.empty()) << path;
    EXPECT_LT(previous, path);
    previous = path;
  }
  EXPECT_THROW(SqlFile("no/such.sql"), Error);
}

}  // namespace
}  // namespace costagg
