#include "costagg/ingest/json_sql.h"

#include <gtest/gtest.h>

namespace costagg {
namespace {

/// costagg_ocp_labels(text) evaluated by DuckDB.
std::string Labels(Engine& engine, const std::string& operator_labels) {
  auto batches = engine.QueryAll("SELECT costagg_ocp_labels($s)", "test", {{"s", operator_labels}});
  return batches.at(0).columns.at(0).texts.at(0);
}

// Expected texts were worked out by hand from ocp.md §1.5 and checked against python3's json.dumps of the
// same dicts.
TEST(IngestJsonTest, OperatorLabelsBecomePythonJson) {
  Engine engine;
  InstallJsonMacros(engine);
  EXPECT_EQ(Labels(engine, "label_app:web|label_env:prod"), R"({"app": "web", "env": "prod"})");
  EXPECT_EQ(Labels(engine, ""), "{}");
  EXPECT_EQ(Labels(engine, "|"), "{}");
  // Items with no colon or with two colons are dropped.
  EXPECT_EQ(Labels(engine, "novalue"), "{}");
  EXPECT_EQ(Labels(engine, "a:b:c|x:y"), R"({"x": "y"})");
  // A repeated key keeps its first position and takes the last value (Python dict assignment).
  EXPECT_EQ(Labels(engine, "label_a:1|label_b:2|label_a:3"), R"({"a": "3", "b": "2"})");
  // Every "label_" goes, not only the prefix.
  EXPECT_EQ(Labels(engine, "label_my_label_x:v"), R"({"my_x": "v"})");
  EXPECT_EQ(Labels(engine, "k:|:v"), R"({"k": "", "": "v"})");
  // Non-ASCII as \uXXXX, above U+FFFF as a surrogate pair; quotes, backslashes and controls escaped.
  EXPECT_EQ(Labels(engine, "k:\xC3\xA9"), R"({"k": "\u00e9"})");
  EXPECT_EQ(Labels(engine, "e:\xF0\x9F\x98\x80"), R"({"e": "\ud83d\ude00"})");
  EXPECT_EQ(Labels(engine, "q:\"|b:\\"), R"({"q": "\"", "b": "\\"})");
  EXPECT_EQ(Labels(engine, "k:a\tb\nc\x01\x7f\r\b\f"), R"({"k": "a\tb\nc\u0001\u007f\r\b\f"})");
}

TEST(IngestJsonTest, NullLabelsAreAnEmptyObject) {
  Engine engine;
  InstallJsonMacros(engine);
  auto batches = engine.QueryAll("SELECT costagg_ocp_labels(NULL::VARCHAR)", "test");
  EXPECT_EQ(batches.at(0).columns.at(0).texts.at(0), "{}");
}

TEST(IngestJsonTest, JsonObjectFromLists) {
  Engine engine;
  InstallJsonMacros(engine);
  auto batches = engine.QueryAll(
      "SELECT costagg_json_object(['b', 'a', 'b'], ['1', '2', '3']), costagg_json_object([]::VARCHAR[], "
      "[]::VARCHAR[])",
      "test");
  EXPECT_EQ(batches.at(0).columns.at(0).texts.at(0), R"({"b": "3", "a": "2"})");
  EXPECT_EQ(batches.at(0).columns.at(1).texts.at(0), "{}");
}

// The SQL function on every row of a column (plain and escaped values, long and short, NULL), against texts
// written by hand from json.dumps.
TEST(IngestJsonTest, JsonStringFunctionEscapesEveryRowAsPython) {
  Engine engine;
  InstallJsonMacros(engine);
  auto batches = engine.QueryAll(
      "SELECT costagg_json_string(s) FROM (VALUES (1, 'web'), (2, NULL), (3, 'a\"b'), (4, chr(233) || "
      "chr(10)),"
      " (5, chr(128512)), (6, repeat('x', 40)), (7, '')) AS t(i, s) ORDER BY i",
      "test");
  ASSERT_EQ(batches.size(), 1u);
  const auto& column = batches[0].columns.at(0);
  ASSERT_EQ(batches[0].rows, 7u);
  EXPECT_EQ(column.texts[0], R"("web")");
  EXPECT_TRUE(column.IsNull(1));
  EXPECT_EQ(column.texts[2], R"("a\"b")");
  EXPECT_EQ(column.texts[3], R"("\u00e9\n")");
  EXPECT_EQ(column.texts[4], R"("\ud83d\ude00")");
  EXPECT_EQ(column.texts[5], "\"" + std::string(40, 'x') + "\"");
  EXPECT_EQ(column.texts[6], R"("")");
}

TEST(IngestJsonTest, CppEscapeMatchesPython) {
  EXPECT_EQ(PythonJsonString("plain"), "\"plain\"");
  EXPECT_EQ(PythonJsonString("\xE6\x97\xA5\xE6\x9C\xAC"), R"("\u65e5\u672c")");
  EXPECT_EQ(PythonJsonString("\xF0\x9F\x98\x80"), R"("\ud83d\ude00")");
  EXPECT_EQ(PythonJsonString("a\"b\\c\n\x1f"), R"("a\"b\\c\n\u001f")");
}

}  // namespace
}  // namespace costagg
