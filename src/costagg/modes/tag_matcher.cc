#include "costagg/modes/tag_matcher.h"

#include <algorithm>
#include <deque>

namespace costagg {

SubstringSet::SubstringSet(const std::vector<std::string>& needles) : needles_(needles), nodes_(1) {
  // The trie of the needles.
  for (size_t i = 0; i < needles_.size(); ++i) {
    const std::string& needle = needles_[i];
    if (needle.empty()) {
      if (empty_index_ < 0) empty_index_ = static_cast<int32_t>(i);
      continue;
    }
    int32_t node = 0;
    for (char ch : needle) {
      auto c = static_cast<unsigned char>(ch);
      int32_t child = Child(node, c);
      if (child < 0) {
        child = static_cast<int32_t>(nodes_.size());
        auto& next = nodes_[node].next;
        next.insert(std::lower_bound(next.begin(), next.end(), std::make_pair(c, int32_t{0})), {c, child});
        nodes_.emplace_back();
      }
      node = child;
    }
    if (nodes_[node].output < 0) nodes_[node].output = static_cast<int32_t>(i);
  }
  // Fail and dictionary links, breadth first: a node's fail is found from its parent's.
  std::deque<int32_t> queue;
  for (const auto& [c, child] : nodes_[0].next) queue.push_back(child);
  while (!queue.empty()) {
    int32_t node = queue.front();
    queue.pop_front();
    for (const auto& [c, child] : nodes_[node].next) {
      int32_t f = nodes_[node].fail;
      int32_t target;
      while ((target = Child(f, c)) < 0 && f != 0) f = nodes_[f].fail;
      nodes_[child].fail = target < 0 ? 0 : target;
      int32_t fail = nodes_[child].fail;
      nodes_[child].dict = nodes_[fail].output >= 0 ? fail : nodes_[fail].dict;
      queue.push_back(child);
    }
  }
  function_ = [this](std::string_view text, std::string& out) { return Contained(text, out); };
}

int32_t SubstringSet::Child(int32_t node, unsigned char c) const {
  const auto& next = nodes_[node].next;
  auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(c, int32_t{0}));
  return it != next.end() && it->first == c ? it->second : -1;
}

bool SubstringSet::Contained(std::string_view text, std::string& out) const {
  std::vector<int32_t> found;
  if (empty_index_ >= 0) found.push_back(empty_index_);
  int32_t node = 0;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    int32_t child;
    while ((child = Child(node, c)) < 0 && node != 0) node = nodes_[node].fail;
    node = child < 0 ? 0 : child;
    for (int32_t n = nodes_[node].output >= 0 ? node : nodes_[node].dict; n >= 0; n = nodes_[n].dict) {
      found.push_back(nodes_[n].output);
    }
  }
  if (found.empty()) return false;
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  out.clear();
  for (size_t k = 0; k < found.size(); ++k) {
    if (k > 0) out += ',';
    out += needles_[static_cast<size_t>(found[k])];
  }
  return true;
}

void SubstringSet::Register(Engine& engine, const std::string& name) const {
  engine.RegisterTextFunction(name, &function_);
}

}  // namespace costagg
