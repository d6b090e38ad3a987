#include "expected_rows.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace costagg::scenario {
namespace {

const std::vector<std::string> kKeyColumns = {"cluster_id",       "data_source", "usage_start",
                                              "namespace",        "node",        "persistentvolumeclaim",
                                              "persistentvolume", "pod_labels",  "volume_labels"};

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

/// A cell as it goes into a row key: JSON re-serialised with sorted keys, NULL distinct from every text.
std::string KeyText(const std::string& column, const Cell& cell) {
  if (!cell) return std::string("\x01NULL");
  if (KindOf(column) == ColumnKind::kJson) {
    if (auto json = ParseJson(*cell)) return json->dump();
  }
  return *cell;
}

std::string Show(const Cell& cell) { return cell ? "'" + *cell + "'" : "NULL"; }

struct KeyedRow {
  std::string key;    ///< canonical, for grouping
  std::string shown;  ///< readable
  size_t index = 0;
};

std::vector<KeyedRow> KeyRows(const Table& table, const std::vector<std::string>& key_columns) {
  std::vector<size_t> positions;
  for (const auto& column : key_columns) {
    positions.push_back(std::find(table.columns.begin(), table.columns.end(), column) -
                        table.columns.begin());
  }
  std::vector<KeyedRow> keyed;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    KeyedRow row;
    row.index = i;
    for (size_t k = 0; k < key_columns.size(); ++k) {
      const Cell& cell = table.rows[i][positions[k]];
      row.key += KeyText(key_columns[k], cell) + '\x1f';
      row.shown += (row.shown.empty() ? "" : ", ") + key_columns[k] + "=" + Show(cell);
    }
    keyed.push_back(std::move(row));
  }
  return keyed;
}

}  // namespace

ColumnKind KindOf(const std::string& column) {
  if (column == "pod_labels" || column == "volume_labels" || column == "all_labels" ||
      column == "infrastructure_usage_cost" || EndsWith(column, "_json") || EndsWith(column, "_usage_cost")) {
    return ColumnKind::kJson;
  }
  for (const char* suffix : {"_hours", "_months", "_gigabyte", "_gigabytes", "_cores", "_cost",
                             "_gigabytes_in", "_gigabytes_out"}) {
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
  if (!expected || !actual) return !expected && !actual;
  switch (kind) {
    case ColumnKind::kJson: {
      auto a = ParseJson(*expected);
      auto b = ParseJson(*actual);
      if (!a || !b) return *expected == *actual;
      return JsonEqual(*a, *b);
    }
    case ColumnKind::kNumber: {
      auto a = ParseNumber(*expected);
      auto b = ParseNumber(*actual);
      if (!a || !b) return *expected == *actual;
      return NumbersClose(*a, *b);
    }
    case ColumnKind::kText:
      return *expected == *actual;
  }
  return false;
}

std::vector<std::string> CompareRows(const Table& expected, const Table& actual) {
  std::vector<std::string> problems;
  std::vector<std::string> key_columns;
  for (const auto& column : kKeyColumns) {
    if (std::find(expected.columns.begin(), expected.columns.end(), column) != expected.columns.end()) {
      key_columns.push_back(column);
    }
  }
  // Position of every expected column in the actual table.
  std::vector<size_t> actual_position;
  for (const auto& column : expected.columns) {
    auto it = std::find(actual.columns.begin(), actual.columns.end(), column);
    if (it == actual.columns.end()) return {"actual rows lack column " + column};
    actual_position.push_back(it - actual.columns.begin());
  }
  auto mismatches = [&](size_t e, size_t a) {
    std::vector<size_t> columns;
    for (size_t c = 0; c < expected.columns.size(); ++c) {
      if (!CellsEqual(KindOf(expected.columns[c]), expected.rows[e][c], actual.rows[a][actual_position[c]])) {
        columns.push_back(c);
      }
    }
    return columns;
  };
  Table actual_view;  // the actual rows re-ordered to the expected columns, for keying
  actual_view.columns = expected.columns;
  for (const auto& row : actual.rows) {
    std::vector<Cell> cells;
    for (size_t p : actual_position) cells.push_back(row[p]);
    actual_view.rows.push_back(std::move(cells));
  }
  std::map<std::string, std::vector<KeyedRow>> expected_by_key, actual_by_key;
  for (auto& row : KeyRows(expected, key_columns)) expected_by_key[row.key].push_back(row);
  for (auto& row : KeyRows(actual_view, key_columns)) actual_by_key[row.key].push_back(row);

  for (auto& [key, wanted] : expected_by_key) {
    std::vector<KeyedRow> candidates = actual_by_key[key];
    for (const auto& row : wanted) {
      // Pair with the candidate that differs in the fewest columns (rows may share a key, e.g. Q12, Q25).
      size_t best = candidates.size();
      std::vector<size_t> best_diff;
      for (size_t i = 0; i < candidates.size(); ++i) {
        auto diff = mismatches(row.index, candidates[i].index);
        if (best == candidates.size() || diff.size() < best_diff.size()) {
          best = i;
          best_diff = std::move(diff);
          if (best_diff.empty()) break;
        }
      }
      if (best == candidates.size()) {
        problems.push_back("missing row: " + row.shown);
        continue;
      }
      for (size_t c : best_diff) {
        problems.push_back("mismatch in row " + row.shown + ": column " + expected.columns[c] +
                           ": expected " + Show(expected.rows[row.index][c]) + ", actual " +
                           Show(actual.rows[candidates[best].index][actual_position[c]]));
      }
      candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(best));
    }
    actual_by_key[key] = std::move(candidates);
  }
  for (const auto& [key, rest] : actual_by_key) {
    for (const auto& row : rest) problems.push_back("extra row: " + row.shown);
  }
  return problems;
}

}  // namespace costagg::scenario
