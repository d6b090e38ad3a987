#include "expected_rows.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <tuple>

namespace costagg::scenario {
namespace {

const std::vector<std::string> kLidsKeyColumns = {"cluster_id",       "data_source", "usage_start",
                                                  "namespace",        "node",        "persistentvolumeclaim",
                                                  "persistentvolume", "pod_labels",  "volume_labels"};

/// Unpaired rows are searched for their nearest counterpart only while the search stays this small.
constexpr size_t kMaxNearestSearch = 4'000'000;
/// A missing row's hint lists at most this many differing columns.
constexpr size_t kMaxHintColumns = 6;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return value;
}

bool NumbersClose(double a, double b) {
  if (a == b) return true;
  double scale = std::max(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) <= std::max(1e-9 * scale, 1e-12);
}

bool JsonEqual(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) return NumbersClose(a.get<double>(), b.get<double>());
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !JsonEqual(it.value(), *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!JsonEqual(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

std::optional<nlohmann::json> ParseJson(const std::string& text) {
  auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

/// The JSON value with every number replaced by one marker: what must be equal for two values to be equal
/// within the numeric tolerance.
nlohmann::json MaskNumbers(const nlohmann::json& value) {
  if (value.is_number()) return "\x01#";
  if (value.is_object() || value.is_array()) {
    nlohmann::json out = value;
    for (auto& item : out) item = MaskNumbers(item);
    return out;
  }
  return value;
}

/// A cell prepared once for many comparisons.
struct PreparedCell {
  Cell cell;
  std::string key;  ///< grouping text: NULL marker, JSON with masked numbers (sorted keys), or the text
  std::optional<double> number;
  std::optional<nlohmann::json> json;
};

PreparedCell Prepare(ColumnKind kind, const Cell& cell) {
  PreparedCell p;
  p.cell = cell;
  if (!cell) {
    p.key = "\x01NULL";
    return p;
  }
  p.key = *cell;
  if (kind == ColumnKind::kNumber) {
    p.number = ParseNumber(*cell);
  } else if (kind == ColumnKind::kJson) {
    p.json = ParseJson(*cell);
    if (p.json) p.key = MaskNumbers(*p.json).dump();
  }
  return p;
}

bool PreparedEqual(ColumnKind kind, const PreparedCell& e, const PreparedCell& a) {
  if (!e.cell || !a.cell) return !e.cell && !a.cell;
  if (kind == ColumnKind::kNumber && e.number && a.number) return NumbersClose(*e.number, *a.number);
  if (kind == ColumnKind::kJson && e.json && a.json) {
    return *e.cell == *a.cell || (e.key == a.key && JsonEqual(*e.json, *a.json));
  }
  return *e.cell == *a.cell;
}

std::string Show(const Cell& cell) { return cell ? "'" + *cell + "'" : "NULL"; }

/// The compared columns of both tables, prepared.
struct Prepared {
  std::vector<std::string> columns;  ///< compared columns, in the expected file's order
  std::vector<ColumnKind> kinds;
  std::vector<bool> is_key;
  std::vector<std::vector<PreparedCell>> expected;
  std::vector<std::vector<PreparedCell>> actual;
};

/// How far apart two rows are: the number of differing columns, then the summed relative difference of
/// the differing numbers (so of two candidates both off in one column, the closer one is taken).
struct Distance {
  size_t columns = 0;
  double spread = 0;
  bool operator<(const Distance& other) const {
    return std::tie(columns, spread) < std::tie(other.columns, other.spread);
  }
};

Distance RowDistance(const Prepared& p, size_t e, size_t a) {
  Distance d;
  for (size_t c = 0; c < p.columns.size(); ++c) {
    const PreparedCell& x = p.expected[e][c];
    const PreparedCell& y = p.actual[a][c];
    if (PreparedEqual(p.kinds[c], x, y)) continue;
    ++d.columns;
    if (x.number && y.number) {
      double scale = std::max(std::fabs(*x.number), std::fabs(*y.number));
      d.spread += scale > 0 ? std::min(1.0, std::fabs(*x.number - *y.number) / scale) : 0.0;
    } else {
      d.spread += 1.0;
    }
  }
  return d;
}

std::vector<size_t> DifferingColumns(const Prepared& p, size_t e, size_t a) {
  std::vector<size_t> columns;
  for (size_t c = 0; c < p.columns.size(); ++c) {
    if (!PreparedEqual(p.kinds[c], p.expected[e][c], p.actual[a][c])) columns.push_back(c);
  }
  return columns;
}

std::string RowKey(const std::vector<PreparedCell>& row, const std::vector<bool>& is_key) {
  std::string key;
  for (size_t c = 0; c < row.size(); ++c) {
    if (is_key[c]) key += row[c].key + '\x1f';
  }
  return key;
}

std::string RowShown(const std::vector<PreparedCell>& row, const std::vector<std::string>& columns,
                     const std::vector<bool>& shown) {
  std::string text;
  for (size_t c = 0; c < row.size(); ++c) {
    if (shown[c]) text += (text.empty() ? "" : ", ") + columns[c] + "=" + Show(row[c].cell);
  }
  return text;
}

}  // namespace

ColumnKind KindOf(const std::string& column) {
  if (column == "pod_labels" || column == "volume_labels" || column == "all_labels" || column == "tags" ||
      column == "aws_cost_category" || EndsWith(column, "_json") || EndsWith(column, "_usage_cost")) {
    return ColumnKind::kJson;
  }
  for (const char* suffix :
       {"_hours", "_months", "_gigabyte", "_gigabytes", "_cores", "_cost", "_gigabytes_in", "_gigabytes_out",
        "_amount", "_cost_blended", "_cost_savingsplan", "_cost_amortized", "_rate", "_factor"}) {
    if (EndsWith(column, suffix)) return ColumnKind::kNumber;
  }
  return ColumnKind::kText;
}

Table ParseCsv(const std::string& text) {
  // Cells are collected per record; `quoted` remembers whether a cell had quotes, which tells "" from NULL.
  std::vector<std::vector<Cell>> records;
  std::vector<Cell> record;
  std::string cell;
  bool quoted = false;
  bool in_quotes = false;
  bool any = false;  // anything seen in the current record
  size_t line = 1;
  auto end_cell = [&] {
    record.push_back(cell.empty() && !quoted ? Cell() : Cell(cell));
    cell.clear();
    quoted = false;
  };
  auto end_record = [&] {
    if (any) {
      end_cell();
      records.push_back(std::move(record));
    }
    record.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      if (!cell.empty())
        throw std::runtime_error("CSV line " + std::to_string(line) + ": quote inside a cell");
      in_quotes = quoted = any = true;
    } else if (c == ',') {
      any = true;
      end_cell();
    } else if (c == '\n') {
      end_record();
      ++line;
    } else if (c != '\r') {
      any = true;
      cell += c;
    }
  }
  if (in_quotes) throw std::runtime_error("CSV: unterminated quote");
  end_record();
  Table table;
  if (records.empty()) throw std::runtime_error("CSV: no header");
  for (const auto& name : records[0]) table.columns.push_back(name.value_or(""));
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.columns.size()) {
      throw std::runtime_error("CSV record " + std::to_string(r + 1) + ": " +
                               std::to_string(records[r].size()) + " cells, header has " +
                               std::to_string(table.columns.size()));
    }
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

bool CellsEqual(ColumnKind kind, const Cell& expected, const Cell& actual) {
  return PreparedEqual(kind, Prepare(kind, expected), Prepare(kind, actual));
}

Comparison CompareTables(const Table& expected, const Table& actual, const CompareOptions& options) {
  Comparison result;
  Prepared p;
  std::vector<size_t> expected_position, actual_position;
  for (size_t c = 0; c < expected.columns.size(); ++c) {
    const std::string& column = expected.columns[c];
    const auto& ignored = options.ignored_columns;
    if (std::find(ignored.begin(), ignored.end(), column) != ignored.end()) continue;
    auto it = std::find(actual.columns.begin(), actual.columns.end(), column);
    if (it == actual.columns.end()) {
      result.problems.push_back("actual rows lack column " + column);
      return result;
    }
    p.columns.push_back(column);
    const auto& json = options.json_columns;
    p.kinds.push_back(std::find(json.begin(), json.end(), column) != json.end() ? ColumnKind::kJson
                                                                                : KindOf(column));
    expected_position.push_back(c);
    actual_position.push_back(static_cast<size_t>(it - actual.columns.begin()));
    if (options.key_columns) {
      const auto& keys = *options.key_columns;
      p.is_key.push_back(std::find(keys.begin(), keys.end(), column) != keys.end());
    } else {
      p.is_key.push_back(p.kinds.back() != ColumnKind::kNumber);
    }
  }
  auto prepare = [&](const Table& table, const std::vector<size_t>& positions) {
    std::vector<std::vector<PreparedCell>> rows;
    rows.reserve(table.rows.size());
    for (const auto& row : table.rows) {
      std::vector<PreparedCell> cells;
      cells.reserve(positions.size());
      for (size_t c = 0; c < positions.size(); ++c) cells.push_back(Prepare(p.kinds[c], row[positions[c]]));
      rows.push_back(std::move(cells));
    }
    return rows;
  };
  p.expected = prepare(expected, expected_position);
  p.actual = prepare(actual, actual_position);

  // Rows are named by their key cells. With the generic key, columns that hold one value in every row of
  // both tables tell no row from another and are left out of the name.
  std::vector<bool> shown = p.is_key;
  if (!options.key_columns) {
    for (size_t c = 0; c < p.columns.size(); ++c) {
      if (!shown[c]) continue;
      const PreparedCell* first = nullptr;
      bool constant = true;
      for (const auto* rows : {&p.expected, &p.actual}) {
        for (const auto& row : *rows) {
          if (!first) first = &row[c];
          constant = constant && row[c].key == first->key && row[c].cell == first->cell;
        }
      }
      if (constant && p.expected.size() + p.actual.size() > 1) shown[c] = false;
    }
    if (std::none_of(shown.begin(), shown.end(), [](bool b) { return b; })) shown = p.is_key;
  }

  std::map<std::string, std::vector<size_t>> expected_by_key, actual_by_key;
  for (size_t i = 0; i < p.expected.size(); ++i)
    expected_by_key[RowKey(p.expected[i], p.is_key)].push_back(i);
  for (size_t i = 0; i < p.actual.size(); ++i) actual_by_key[RowKey(p.actual[i], p.is_key)].push_back(i);

  std::vector<size_t> unpaired_expected;
  std::vector<bool> actual_paired(p.actual.size(), false);
  for (const auto& [key, wanted] : expected_by_key) {
    std::vector<size_t> candidates;
    if (auto it = actual_by_key.find(key); it != actual_by_key.end()) candidates = it->second;
    // Rows sharing a key are paired closest first: every (expected, actual) pair of the group by distance.
    std::vector<std::tuple<Distance, size_t, size_t>> pairs;
    pairs.reserve(wanted.size() * candidates.size());
    for (size_t e : wanted) {
      for (size_t a : candidates) pairs.emplace_back(RowDistance(p, e, a), e, a);
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
      return std::tie(std::get<0>(x), std::get<1>(x), std::get<2>(x)) <
             std::tie(std::get<0>(y), std::get<1>(y), std::get<2>(y));
    });
    std::map<size_t, size_t> partner;  // expected row -> actual row
    for (const auto& [distance, e, a] : pairs) {
      if (partner.count(e) || actual_paired[a]) continue;
      partner[e] = a;
      actual_paired[a] = true;
    }
    for (size_t e : wanted) {
      auto it = partner.find(e);
      if (it == partner.end()) {
        unpaired_expected.push_back(e);
        result.problems.push_back("missing row: " + RowShown(p.expected[e], p.columns, shown));
        continue;
      }
      auto differing = DifferingColumns(p, e, it->second);
      if (!differing.empty()) ++result.mismatched_rows;
      for (size_t c : differing) {
        ++result.mismatches_by_column[p.columns[c]];
        result.problems.push_back("mismatch in row " + RowShown(p.expected[e], p.columns, shown) +
                                  ": column " + p.columns[c] + ": expected " + Show(p.expected[e][c].cell) +
                                  ", actual " + Show(p.actual[it->second][c].cell));
      }
    }
  }
  std::vector<size_t> unpaired_actual;
  for (size_t a = 0; a < p.actual.size(); ++a) {
    if (actual_paired[a]) continue;
    unpaired_actual.push_back(a);
    result.problems.push_back("extra row: " + RowShown(p.actual[a], p.columns, shown));
  }
  result.missing_rows = unpaired_expected.size();
  result.extra_rows = unpaired_actual.size();

  // A missing row is often an extra row with one wrong key cell: name the nearest row on the other side.
  if (!unpaired_expected.empty() && !unpaired_actual.empty() &&
      unpaired_expected.size() * unpaired_actual.size() <= kMaxNearestSearch) {
    auto hint = [&](size_t e, size_t a, const char* side) {
      auto differing = DifferingColumns(p, e, a);
      if (differing.size() * 2 > p.columns.size()) return std::string();
      std::string text = "; nearest " + std::string(side) + " row differs in ";
      for (size_t i = 0; i < differing.size() && i < kMaxHintColumns; ++i) {
        size_t c = differing[i];
        text += (i ? ", " : "") + p.columns[c] + " (expected " + Show(p.expected[e][c].cell) + ", actual " +
                Show(p.actual[a][c].cell) + ")";
      }
      if (differing.size() > kMaxHintColumns)
        text += " and " + std::to_string(differing.size() - kMaxHintColumns) + " more";
      return text;
    };
    auto nearest = [&](size_t from, const std::vector<size_t>& others, bool from_expected) {
      size_t best = others.front();
      Distance best_distance;
      bool first = true;
      for (size_t other : others) {
        Distance d = from_expected ? RowDistance(p, from, other) : RowDistance(p, other, from);
        if (first || d < best_distance) {
          best = other;
          best_distance = d;
          first = false;
        }
      }
      return best;
    };
    size_t missing_seen = 0;
    size_t extra_seen = 0;
    for (auto& problem : result.problems) {
      if (problem.rfind("missing row: ", 0) == 0) {
        size_t e = unpaired_expected[missing_seen++];
        problem += hint(e, nearest(e, unpaired_actual, true), "extra");
      } else if (problem.rfind("extra row: ", 0) == 0) {
        size_t a = unpaired_actual[extra_seen++];
        problem += hint(nearest(a, unpaired_expected, false), a, "missing");
      }
    }
  }
  return result;
}

std::vector<std::string> CompareRows(const Table& expected, const Table& actual) {
  CompareOptions options;
  options.key_columns.emplace();
  for (const auto& column : kLidsKeyColumns) {
    if (std::find(expected.columns.begin(), expected.columns.end(), column) != expected.columns.end()) {
      options.key_columns->push_back(column);
    }
  }
  return CompareTables(expected, actual, options).problems;
}

}  // namespace costagg::scenario
