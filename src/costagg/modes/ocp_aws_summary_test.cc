// The pieces of summarize ocp-aws outside the SQL: Koku's chunking of a window (ocp_on_aws.md, notation;
// koku@768be825 koku/masu/util/common.py date_range_pair) and its matched tag strings (§3.1: Python's
// json.dumps of a one-member object, braces removed). Expected values are worked out by hand from those
// definitions.
#include "costagg/modes/ocp_aws_summary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace costagg {
namespace {

/// The chunks as "start..end" day-of-month pairs, e.g. "1..6".
std::vector<std::string> Chunks(const std::string& start, const std::string& end) {
  std::vector<std::string> out;
  for (const auto& c : KokuChunks({start, end})) {
    EXPECT_EQ(c.start.substr(0, 8), start.substr(0, 8)) << "a chunk never leaves the month";
    EXPECT_EQ(c.end.substr(0, 8), start.substr(0, 8));
    out.push_back(std::to_string(std::stoi(c.start.substr(8))) + ".." +
                  std::to_string(std::stoi(c.end.substr(8))));
  }
  return out;
}

using V = std::vector<std::string>;

// Cut points start + 5, start + 10, ... (while <= end); the first chunk ends at the first cut point (6 days),
// later ones run from the day after a cut point to the next; a last chunk to `end` when it is no cut point.
TEST(OcpAwsSummaryTest, KokuChunksOfFullMonths) {
  // 31 days: cut points 6, 11, 16, 21, 26, 31 (31 is one: no extra chunk).
  EXPECT_EQ(Chunks("2025-10-01", "2025-10-31"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..31"}));
  // 30 days: cut points up to 26, then the rest 27..30.
  EXPECT_EQ(Chunks("2025-09-01", "2025-09-30"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..30"}));
  // February, leap and not.
  EXPECT_EQ(Chunks("2024-02-01", "2024-02-29"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..29"}));
  EXPECT_EQ(Chunks("2025-02-01", "2025-02-28"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..28"}));
}

TEST(OcpAwsSummaryTest, KokuChunksOfPartialWindows) {
  EXPECT_EQ(Chunks("2025-10-15", "2025-10-15"), (V{"15..15"}));  // one day
  EXPECT_EQ(Chunks("2025-10-03", "2025-10-07"), (V{"3..7"}));    // end < start + 5: one chunk
  EXPECT_EQ(Chunks("2025-10-01", "2025-10-06"), (V{"1..6"}));    // end is the first cut point
  EXPECT_EQ(Chunks("2025-10-01", "2025-10-07"), (V{"1..6", "7..7"}));
  EXPECT_EQ(Chunks("2025-10-10", "2025-10-20"), (V{"10..15", "16..20"}));
  EXPECT_EQ(Chunks("2025-10-10", "2025-10-21"), (V{"10..15", "16..20", "21..21"}));
  EXPECT_EQ(Chunks("2025-10-28", "2025-10-31"), (V{"28..31"}));
}

// §3.1: `"key": "value"` as Python's json.dumps({key: value}) writes it (one space after the colon,
// ensure_ascii), with every brace removed.
TEST(OcpAwsSummaryTest, MatchedTagStringIsPythonJson) {
  EXPECT_EQ(MatchedTagString("app", "cost"), R"("app": "cost")");
  EXPECT_EQ(MatchedTagString("dashed-key-on-aws", "Some Value"), R"("dashed-key-on-aws": "Some Value")");
  EXPECT_EQ(MatchedTagString("k", ""), R"("k": "")");
  EXPECT_EQ(MatchedTagString("k", "a/b"), R"("k": "a/b")");  // '/' is not escaped
}

TEST(OcpAwsSummaryTest, MatchedTagStringEscapesQuotesAndBackslashes) {
  EXPECT_EQ(MatchedTagString("a\"b", "c\\d"), R"("a\"b": "c\\d")");
}

// Non-ASCII as \uXXXX with lower-case hex; above U+FFFF as a surrogate pair.
TEST(OcpAwsSummaryTest, MatchedTagStringEscapesNonAsciiLikePython) {
  EXPECT_EQ(MatchedTagString("caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC"), R"("caf\u00e9": "\u65e5\u672c")");
  EXPECT_EQ(MatchedTagString("k", "\xF0\x9F\x98\x80"), R"("k": "\ud83d\ude00")");
}

// Control characters: \b \f \n \r \t short, the others \u00XX.
TEST(OcpAwsSummaryTest, MatchedTagStringEscapesControlCharacters) {
  EXPECT_EQ(MatchedTagString("k", "a\tb\nc\x01\x1f\b\f\r"), R"("k": "a\tb\nc\u0001\u001f\b\f\r")");
}

// Python's json.dumps (ensure_ascii) escapes DEL too: only ' '..'~' stay as they are
// (json.dumps({"k": "a\x7fb"}) == '{"k": "a\\u007fb"}'), as in Koku's raw resourcetags text (§1.2 step 4).
TEST(OcpAwsSummaryTest, MatchedTagStringEscapesDelLikePython) {
  EXPECT_EQ(MatchedTagString("k",
                             "a\x7f"
                             "b"),
            R"("k": "a\u007fb")");
}

// A brace inside a key or value is removed with the object's own braces.
TEST(OcpAwsSummaryTest, MatchedTagStringDropsEveryBrace) {
  EXPECT_EQ(MatchedTagString("{k}", "v{1}"), R"("k": "v1")");
}

TEST(OcpAwsSummaryTest, MatchedTagStringOfInvalidUtf8IsEmpty) {
  EXPECT_EQ(MatchedTagString("k", "\xff"), "");
}

// §3.13: the markup is cast to decimal(24,9) before use: 9 decimals of its decimal text, half up.
TEST(OcpAwsSummaryTest, MarkupIsRoundedHalfUpToNineDecimals) {
  EXPECT_EQ(NineDecimalMarkup(0.1), 0.1);
  EXPECT_EQ(NineDecimalMarkup(0.3333333333333), 0.333333333);
  EXPECT_EQ(NineDecimalMarkup(0.1234567895), 0.12345679);  // the 10th decimal is a 5: up
  EXPECT_EQ(NineDecimalMarkup(0.1234567894999), 0.123456789);
  EXPECT_EQ(NineDecimalMarkup(0.0), 0.0);
}

}  // namespace
}  // namespace costagg
