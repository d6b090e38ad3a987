#include "costagg/modes/tag_matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "costagg/error.h"

namespace costagg {
namespace {

/// The oracle: one substring search per needle, as a join on contains() does it.
std::optional<std::string> Naive(const std::vector<std::string>& needles, std::string_view text) {
  std::string out;
  bool any = false;
  std::vector<std::string> seen;
  for (const auto& needle : needles) {
    if (text.find(needle) == std::string_view::npos) continue;
    if (std::find(seen.begin(), seen.end(), needle) != seen.end()) continue;
    seen.push_back(needle);
    out += (any ? "," : "") + needle;
    any = true;
  }
  if (!any) return std::nullopt;
  return out;
}

std::optional<std::string> Contained(const SubstringSet& set, std::string_view text) {
  std::string out;
  if (!set.Contained(text, out)) return std::nullopt;
  return out;
}

TEST(SubstringSetTest, FindsEveryNeedleInGivenOrder) {
  SubstringSet set({R"("openshift_node": "n1")", R"("app": "web")", R"("openshift_node": "n10")"});
  // Overlapping: "n10" contains the text of "n1" only up to the quote, so n1's needle is not in it.
  EXPECT_EQ(Contained(set, R"({"openshift_node": "n10", "app": "web"})"),
            R"("app": "web","openshift_node": "n10")");
  EXPECT_EQ(Contained(set, R"({"openshift_node": "n1", "app": "web"})"),
            R"("openshift_node": "n1","app": "web")");
  EXPECT_EQ(Contained(set, R"({"app": "Web"})"), std::nullopt);  // case-sensitive
  EXPECT_EQ(Contained(set, ""), std::nullopt);
}

TEST(SubstringSetTest, NeedlesInsideNeedlesAndRepeatsCountOnce) {
  SubstringSet set({"abcd", "bc", "c", "bcd", "bc", "x"});
  EXPECT_EQ(Contained(set, "zabcdz"), "abcd,bc,c,bcd");
  EXPECT_EQ(Contained(set, "bcbcbc"), "bc,c");
  EXPECT_EQ(Contained(set, "abcabcd"), "abcd,bc,c,bcd");
}

TEST(SubstringSetTest, EmptyNeedleIsInEveryText) {
  SubstringSet set({"b", ""});
  EXPECT_EQ(Contained(set, "abc"), "b,");
  EXPECT_EQ(Contained(set, ""), "");  // contained, and empty
  SubstringSet none({});
  EXPECT_EQ(Contained(none, "abc"), std::nullopt);
}

TEST(SubstringSetTest, AgreesWithOneSearchPerNeedleOnRandomBytes) {
  std::mt19937 rng(20261207);
  // A small alphabet makes overlaps and shared prefixes common; NUL and bytes above 0x7f are plain bytes.
  const std::string alphabet = std::string("ab\"", 3) + std::string(1, '\0') + "\xc3\xa9";
  auto random_text = [&](size_t max_length) {
    std::string s(rng() % (max_length + 1), ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> needles;
    size_t count = 1 + rng() % 12;
    for (size_t i = 0; i < count; ++i) needles.push_back(random_text(5));
    SubstringSet set(needles);
    for (int t = 0; t < 50; ++t) {
      std::string text = random_text(40);
      ASSERT_EQ(Contained(set, text), Naive(needles, text)) << "round " << round << " text " << t;
    }
  }
}

TEST(SubstringSetTest, SqlFunctionMatchesAJoinOnContains) {
  Engine engine;
  std::vector<std::string> needles = {R"("app": "a")", R"("app": "ab")", R"("env": "prod")", "b\", \"env"};
  engine.Execute("CREATE TEMP TABLE needles (tag VARCHAR, position INTEGER)", "test");
  for (size_t i = 0; i < needles.size(); ++i) {
    engine.Execute("INSERT INTO needles VALUES (" + SqlLiteral(needles[i]) + ", " + std::to_string(i) + ")",
                   "test");
  }
  SubstringSet set(needles);
  set.Register(engine, "costagg_test_contained");
  engine.Execute(
      "CREATE TEMP TABLE texts AS SELECT i, CASE i % 5 WHEN 0 THEN '{\"app\": \"ab\", \"env\": \"prod\"}'"
      " WHEN 1 THEN '{\"app\": \"a\"}' WHEN 2 THEN '{\"app\": \"b\"}' WHEN 3 THEN NULL"
      " ELSE '{\"app\": \"' || i || '\"}' END AS t FROM range(100000) r(i)",
      "test");
  // The function's answer against string_agg over a join on contains(), row by row.
  EXPECT_EQ(engine.QueryInt(
                "WITH joined AS (SELECT x.i, string_agg(n.tag, ',' ORDER BY n.position) AS m FROM texts AS x"
                " JOIN needles AS n ON contains(x.t, n.tag) GROUP BY x.i)"
                " SELECT count(*) FROM texts AS x LEFT JOIN joined AS j ON j.i = x.i"
                " WHERE costagg_test_contained(x.t) IS DISTINCT FROM j.m",
                "test"),
            0);
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM texts WHERE costagg_test_contained(t) IS NOT NULL", "test"),
            40000);
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM texts WHERE costagg_test_contained(t) ="
                            " '\"app\": \"ab\",\"env\": \"prod\",b\", \"env'",
                            "test"),
            20000);
}

TEST(SubstringSetTest, TextFunctionWithoutAFunctionFails) {
  Engine engine;
  {
    SubstringSet set({"x"});
    set.Register(engine, "costagg_test_contained");
    EXPECT_EQ(
        engine.QueryInt("SELECT count(*) FROM range(3) WHERE costagg_test_contained('axb') = 'x'", "test"),
        3);
  }
  engine.RegisterTextFunction("costagg_test_contained", nullptr);
  EXPECT_THROW(
      engine.QueryInt("SELECT count(*) FROM range(3) WHERE costagg_test_contained('x') IS NULL", "test"),
      Error);
}

}  // namespace
}  // namespace costagg
