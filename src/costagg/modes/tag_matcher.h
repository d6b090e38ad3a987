#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "costagg/engine/engine.h"

namespace costagg {

/// Which of a list of strings a text contains, found in one pass over the text (an Aho-Corasick automaton)
/// rather than one substring test per (text, string). Byte-exact and case-sensitive, as Trino's strpos and
/// DuckDB's contains; overlapping occurrences all count; an empty string is in every text.
///
/// OCP-on-AWS tag matching (ocp_on_aws §3.2, sql/ocp_aws/010_daily_temp.sql) tests every distinct AWS tag
/// text against every matched tag string of the chunk, and both lists grow with the cluster: node and project
/// names are matched tags. As a join on contains() that was quadratic (84 s of a 3-day chunk at 100M
/// density).
class SubstringSet {
 public:
  /// `needles` in the order that decides the order of a match's list; a needle given twice counts once, at
  /// its first place.
  explicit SubstringSet(const std::vector<std::string>& needles);
  SubstringSet(const SubstringSet&) = delete;
  SubstringSet& operator=(const SubstringSet&) = delete;

  /// The needles `text` contains, joined by ',' in the order given; false when it contains none.
  bool Contained(std::string_view text, std::string& out) const;

  /// Registers `name(VARCHAR) -> VARCHAR` in `engine` as Contained with ',' (NULL when nothing is contained,
  /// and for NULL). The function reads this set until the next registration of `name`: keep it alive until
  /// then.
  void Register(Engine& engine, const std::string& name) const;

 private:
  struct Node {
    std::vector<std::pair<unsigned char, int32_t>> next;  ///< children by byte, sorted
    int32_t fail = 0;     ///< the longest proper suffix of this node's string that is a node
    int32_t output = -1;  ///< the needle (index) ending here, or -1
    int32_t dict = -1;    ///< the nearest node on the fail chain with an output, or -1
  };
  int32_t Child(int32_t node, unsigned char c) const;

  std::vector<std::string> needles_;
  std::vector<Node> nodes_;
  int32_t empty_index_ = -1;  ///< the first needle that is "" (every text contains it), or -1
  TextFunction function_;
};

}  // namespace costagg
