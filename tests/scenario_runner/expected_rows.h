#pragma once
/// The rows a scenario expects (expected.csv) and their comparison with the rows PostgreSQL holds.
///
/// expected.csv is RFC 4180 CSV with a header naming LIDS columns (plus `cost_category`, the category NAME).
/// An unquoted empty cell is SQL NULL; a quoted empty cell ("") is the empty string. Rows are matched by the
/// key columns (cluster_id when present, data_source, usage_start, namespace, node, persistentvolumeclaim,
/// persistentvolume, pod_labels, volume_labels); JSON columns compare as parsed values, numbers with a
/// relative tolerance of 1e-9 (absolute 1e-12 near zero), everything else as text.

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

/// JSON for pod_labels, volume_labels, all_labels, infrastructure_usage_cost (and *_json columns), number for
/// the metric columns (*_hours, *_months, *_gigabyte(s), *_cores, *_cost, ...), text otherwise.
ColumnKind KindOf(const std::string& column);

/// Parses CSV text as described above. Throws std::runtime_error on malformed input (unterminated quote,
/// a row with a different number of cells than the header).
Table ParseCsv(const std::string& text);

/// True when two cells of a column are equal under the column's comparison.
bool CellsEqual(ColumnKind kind, const Cell& expected, const Cell& actual);

/// Every difference between the expected and the actual rows, one readable line each: a missing row, an extra
/// row, or a mismatch naming the row key, the column and both values. Empty when the tables agree. `actual`
/// must have every column of `expected`.
std::vector<std::string> CompareRows(const Table& expected, const Table& actual);

}  // namespace costagg::scenario
