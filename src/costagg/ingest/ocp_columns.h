#pragma once
/// What Koku knows about the columns of the operator's CSV files (koku@768be825: koku/masu/util/ocp/common.py
/// `*_COLUMNS`, `OCP_REPORT_TYPES`, `THRESHOLDS`; ocp_post_processor.py `get_column_converters`;
/// ocp_data_validator.py `FIELDS_TO_VALIDATE`), as tables for ocp_convert.cc to build its SQL from.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace costagg {

using ColumnList = std::vector<std::string_view>;

/// Koku's report type for a CSV header: the first of kOcpReportTypes whose required columns are all in the
/// header (exact, case-sensitive names), or "" when none matches (Koku's UNKNOWN: the file is skipped).
std::string DetectOcpReportType(const std::vector<std::string>& header);

/// How Koku's converter treats a column (chosen by the lower-cased header name).
enum class OcpColumnKind {
  kTimestamp,       ///< " +0000 UTC" removed, ISO-8601 parsed; a failure fails the file
  kDouble,          ///< safe_float: unparsable or empty -> 0.0
  kNullableInt,     ///< safe_int_or_none (MIG counts)
  kNullableDouble,  ///< safe_float_or_none (MIG memory)
  kLabels,          ///< operator label text -> JSON text
  kText,            ///< str: empty -> ''
};
OcpColumnKind OcpColumnKindOf(std::string_view header);

/// True for the user-controlled string fields Koku sanitizes (exact names).
bool IsOcpSanitizedColumn(std::string_view header);

/// A row is an anomaly when any of these (present) columns is above 1e18.
const ColumnList& OcpAnomalyColumns();

/// The derived MIG columns Koku appends to a GPU frame with MIG data (`_ensure_mig_columns`), in its order.
const ColumnList& OcpMigDerivedColumns();

/// How the daily frame is built per report type (`group_by`, `agg`, `new_required_columns`).
struct OcpDailySpec {
  ColumnList group_by;                                          ///< plus the day of interval_start
  std::vector<std::pair<std::string_view, bool>> aggs;          ///< (column, true = sum / false = max)
  std::vector<std::pair<std::string_view, char>> new_required;  ///< appended as NULL: 's' text, 'i' integer
};
const OcpDailySpec& OcpDailySpecFor(std::string_view report_type);

}  // namespace costagg
