#pragma once
/// One OCP operator CSV -> Koku's raw and daily parquet rows, as DuckDB SQL over the CSV loaded as text
/// (csv_read.h). Implements ocp.md §1.1.2 (type detection), §1.1.3 (sanitizing), §1.2 (conversion, anomaly
/// filter, GPU normalisation, effective usage) and §1.4 (daily aggregation); koku@768be825:
/// koku/masu/util/ocp/common.py, ocp_post_processor.py, ocp_data_validator.py.
///
/// The work happens in a typed TEMP table holding every converted column plus bookkeeping: the daily piece
/// (`__costagg_day`, the first 10 characters of the raw interval_start, as Koku splits), the CSV order, the
/// 200,000-row chunk within the piece and the anomaly flag. Raw and daily SELECTs then read one chunk of one
/// piece (parameters $day and $chunk), which is what Koku converts and aggregates as one pandas frame.

#include <string>
#include <vector>

#include "costagg/ingest/ocp_columns.h"

namespace costagg {

/// The SQL for one CSV of one report type.
class OcpConversion {
 public:
  /// `header` as read by ReadCsvHeader; `report_type` from DetectOcpReportType.
  OcpConversion(std::string report_type, std::vector<std::string> header);

  /// A query over the loaded CSV returning (column, value) of the first timestamp Koku could not parse
  /// (empty or not ISO-8601 after removing " +0000 UTC"), or no row.
  std::string FindBadTimestampSql(const std::string& csv_table) const;

  /// A query returning ("interval_start", value) for a row whose interval_start does not start with a
  /// YYYY-MM-DD day (Koku names and partitions the daily pieces by it), or no row.
  std::string FindBadDaySql(const std::string& csv_table) const;

  /// Creates the typed table from the loaded CSV.
  std::string CreateTypedTableSql(const std::string& csv_table, const std::string& typed_table) const;

  /// (day, number of chunks) per daily piece, ordered by day.
  std::string PiecesSql(const std::string& typed_table) const;

  /// Whether a chunk has rows with a MIG profile (GPU only: Koku then appends the derived MIG columns).
  std::string ChunkHasMigSql(const std::string& typed_table) const;

  /// The raw parquet rows of chunk $chunk of piece $day, in CSV order, anomalies removed.
  std::string RawSelectSql(const std::string& typed_table, bool mig_columns) const;

  /// The daily parquet rows of the same chunk.
  std::string DailySelectSql(const std::string& typed_table, bool mig_columns) const;

  const std::string& report_type() const { return report_type_; }

 private:
  /// A raw output column: its name, the expression over the typed table, and whether it is a double.
  struct OutputColumn {
    std::string name;
    std::string expr;
    char kind;  ///< 't' timestamp, 'd' double, 'i' integer, 's' text
  };
  std::vector<OutputColumn> RawColumns(bool mig_columns) const;
  /// The raw rows of a chunk in CSV order; or, when `with_order`, unordered with the CSV order column (for
  /// the daily sums, which sort by it themselves).
  std::string SelectRows(const std::string& typed_table, bool mig_columns, bool with_order) const;
  bool Has(const std::string& column) const;
  /// The loaded-CSV column (csv_read.h CsvColumnName) holding header column `column`.
  std::string Src(const std::string& column) const;
  char KindOf(const std::string& column) const;

  std::string report_type_;
  std::vector<std::string> header_;
};

}  // namespace costagg
