#pragma once
/// One AWS Cost and Usage Report CSV -> Koku's raw and daily parquet rows, as DuckDB SQL over the CSV loaded
/// as text (csv_read.h). Implements ocp_on_aws.md §1.1 (daily slices), §1.2 (column selection, tag and cost
/// category JSON, defaults, name normalisation, casts) and §1.3 (daily aggregation); koku@768be825:
/// koku/masu/util/aws/aws_post_processor.py, koku/masu/util/aws/common.py,
/// koku/masu/external/downloader/aws/aws_report_downloader.py.
///
/// Timestamps: CUR times carry a zone ("...Z", "+00:00"), so pandas writes them as UTC-adjusted parquet
/// timestamps in milliseconds. DuckDB cannot write an adjusted timestamp in milliseconds; costagg writes
/// TIMESTAMPTZ (UTC-adjusted, microseconds, values truncated to the millisecond). Readers see the same
/// instants; DuckDB reads both Koku's files and these as TIMESTAMP WITH TIME ZONE.
///
/// Koku first cuts the CUR into daily CSV slices (by the date of identity/TimeInterval, per 200,000-row read
/// batch of the whole file) and then converts each slice as one pandas frame. Here the typed table, streamed
/// straight from the CSV into a parquet work file (csv_read.h TypedStoreSql), keeps the day of every row and
/// its CSV position (kCsvRowColumn); the raw and daily SELECTs read one slice: the rows of day `$day` with
/// CSV row in [`$lo`, `$hi`] (one read batch).

#include <cstdint>
#include <string>
#include <vector>

#include "costagg/ingest/aws_columns.h"
#include "costagg/ingest/daily_sql.h"

namespace costagg {

/// The SQL for one CUR file.
class AwsConversion {
 public:
  /// `header` as read by ReadCsvHeader, `columns` from SelectCurColumns(header).
  AwsConversion(CurColumns columns, std::vector<std::string> header);

  /// The header positions to load (csv_read.h LoadCsv `keep`).
  std::vector<size_t> KeptIndexes() const;

  /// An output column name two kept columns share after normalisation, or "" (Koku's parquet write fails
  /// on such a file).
  std::string DuplicateOutputColumn() const;

  /// A query over the loaded CSV returning (column, value) of the first value Koku could not parse: a
  /// timestamp that is not ISO-8601, or a time interval whose date part is not YYYY-MM-DD. No row = fine.
  std::string FindBadValueSql(const std::string& csv_table) const;

  /// Whether the file has a column that becomes output column `name` (normalised; not one added empty).
  bool HasColumn(const std::string& name) const;

  /// Columns the daily aggregation needs that this file lacks (Koku fails such a file).
  std::vector<std::string> MissingForDaily() const;

  /// Creates the typed table (a view of the parquet file `parquet_path`) from `source`: a table of the
  /// loaded CSV or a CsvSourceSql read (csv_read.h). Columns the CSV lacks are not stored (the slice SELECTs
  /// add them).
  std::string CreateTypedTableSql(const std::string& source, const std::string& typed_table,
                                  const std::string& parquet_path) const;

  /// The number of rows of the typed table that FindBadValueSql would report (0 = the file converts); that
  /// query words the error from the CSV text.
  std::string BadRowsSql(const std::string& typed_table) const;

  /// (day, batch) of every slice, ordered. Batch b holds the CSV rows [b, b + 1) * BatchRows().
  std::string SlicesSql(const std::string& typed_table) const;
  static int64_t BatchRows();

  /// The raw parquet rows of slice ($day, $lo, $hi), in CSV order.
  std::string RawSelectSql(const std::string& typed_table) const;

  /// The daily parquet rows of the same slice, each with a random row_uuid.
  std::string DailySelectSql(const std::string& typed_table) const;

 private:
  struct OutputColumn {
    std::string name;  ///< normalised
    std::string expr;  ///< over the loaded CSV
    CurColumnKind kind;
    bool constant = false;  ///< a column the CSV lacks: added by the slice SELECT, not stored per row
  };
  std::vector<OutputColumn> RawColumns() const;
  /// The columns of the daily parquet (daily_sql.h).
  std::vector<DailyOutput> DailyOutputs() const;
  /// Every column of the slice (the typed table's, its CSV position kCsvRowColumn included, and the constant
  /// ones).
  std::string SliceSql(const std::string& typed_table) const;
  /// The loaded-CSV column holding header column `header`.
  std::string Src(const std::string& header) const;

  CurColumns columns_;
  std::vector<std::string> header_;
};

}  // namespace costagg
