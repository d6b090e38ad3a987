#pragma once
/// The rows a scenario expects (expected.csv, expected/<table>.csv) and their comparison with the rows
/// PostgreSQL holds.
///
/// The CSV is RFC 4180 with a header of column names. An unquoted empty cell is SQL NULL; a quoted empty cell
/// ("") is the empty string. JSON columns compare as parsed values, numbers with a relative tolerance of 1e-9
/// (absolute 1e-12 near zero), everything else as text. Rows are a multiset: they are first grouped by key
/// columns (the OCP mode's LIDS key, or every column that is not a number), then paired inside a group by the
/// fewest differing columns.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace costagg::scenario {

/// A cell: nullopt is SQL NULL.
using Cell = std::optional<std::string>;

/// Rows of text cells under named columns.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

/// How a column's cells are compared.
enum class ColumnKind { kText, kJson, kNumber };

/// JSON for the label and tag columns (pod_labels, volume_labels, all_labels, tags, aws_cost_category),
/// infrastructure_usage_cost and *_json columns; number for the metric and cost columns (*_hours, *_months,
/// *_gigabyte(s), *_cores, *_cost, *_amount, *_factor, markup_cost_*, ...); text otherwise (ids, dates,
/// names).
ColumnKind KindOf(const std::string& column);

/// Parses CSV text as described above. Throws std::runtime_error on malformed input (unterminated quote,
/// a row with a different number of cells than the header).
Table ParseCsv(const std::string& text);

/// True when two cells of a column are equal under the column's comparison.
bool CellsEqual(ColumnKind kind, const Cell& expected, const Cell& actual);

/// How CompareTables matches rows.
struct CompareOptions {
  /// Columns rows are grouped on before pairing. nullopt: every compared column that is not a number (JSON
  /// columns take part with the numbers inside them masked, so those still compare with tolerance).
  std::optional<std::vector<std::string>> key_columns;
  /// Columns never compared even when the expected file has them (Koku's own ids).
  std::vector<std::string> ignored_columns;
  /// Columns compared as JSON whatever KindOf says (the AWS tables' cost_category).
  std::vector<std::string> json_columns;
};

/// The outcome of a comparison.
struct Comparison {
  /// One readable line per difference: a missing row, an extra row (each with the columns in which the
  /// nearest unpaired row on the other side differs, when there is one), or a mismatch naming the row, the
  /// column, the expected and the actual value. Empty when the tables agree.
  std::vector<std::string> problems;
  size_t missing_rows = 0;
  size_t extra_rows = 0;
  size_t mismatched_rows = 0;
  std::map<std::string, size_t> mismatches_by_column;

  bool Equal() const { return problems.empty(); }
};

/// Compares two tables as multisets of rows. `actual` must have every compared column of `expected`
/// (otherwise the comparison is one problem naming the column).
Comparison CompareTables(const Table& expected, const Table& actual, const CompareOptions& options);

/// The OCP mode's comparison of LIDS rows: grouped by cluster_id (when present), data_source, usage_start,
/// namespace, node, persistentvolumeclaim, persistentvolume, pod_labels, volume_labels.
std::vector<std::string> CompareRows(const Table& expected, const Table& actual);

}  // namespace costagg::scenario
