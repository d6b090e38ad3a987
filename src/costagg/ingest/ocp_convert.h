#pragma once
/// One OCP operator CSV -> Koku's raw and daily parquet rows, as DuckDB SQL over the CSV loaded as text
/// (csv_read.h). Implements ocp.md §1.1.2 (type detection), §1.1.3 (sanitizing), §1.2 (conversion, anomaly
/// filter, GPU normalisation, effective usage) and §1.4 (daily aggregation); koku@768be825:
/// koku/masu/util/ocp/common.py, ocp_post_processor.py, ocp_data_validator.py.
///
/// The work happens in a typed table, streamed straight from the CSV into a parquet work file (csv_read.h
/// TypedStoreSql: one compressed copy of the file, in bounded memory), holding every converted column plus
/// bookkeeping: the daily piece (`__costagg_day`, the first 10 characters of the raw interval_start, as Koku
/// splits) and the anomaly flag; its `__costagg_row` (kCsvRowColumn) is the CSV order. Label columns hold
/// their text; the JSON comes from a run-wide table of converted texts (AddOcpLabels: each distinct text
/// converted once per run), read by a lookup function that keeps the row order. Raw and daily SELECTs then
/// read one chunk of one piece: the rows of day $day with CSV row in [$lo, $hi] (OcpChunk), which is what
/// Koku converts and aggregates as one pandas frame. The parquet reader skips the row groups outside the
/// range, so a chunk's scan is proportional to the chunk, not to the file.

#include <cstdint>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/ingest/daily_sql.h"
#include "costagg/ingest/ocp_columns.h"

namespace costagg {

/// A daily piece's rows in the typed table: CSV rows from `first` to `last`, `rows` of them.
struct OcpDay {
  std::string day;
  int64_t first = 0;
  int64_t last = 0;
  int64_t rows = 0;
};

/// One chunk Koku converts as a frame: the rows of `day` with CSV row in [lo, hi].
struct OcpChunk {
  std::string day;
  int64_t lo = 0;
  int64_t hi = 0;
};

class Engine;
class OcpConversion;

/// Adds the label texts of `typed_table` that `labels` does not hold yet, with their JSON, to `labels`: the
/// table the conversion's lookup function (OcpConversion::kLabelLookup) must read for its chunk SELECTs.
/// `step` names the work in errors.
void AddOcpLabels(Engine& engine, const OcpConversion& conversion, const std::string& typed_table,
                  TextLookup* labels, const std::string& step);

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

  /// Creates the typed table (a view of the parquet file `parquet_path`) from `source`: a table of the
  /// loaded CSV or a CsvSourceSql read (csv_read.h).
  std::string CreateTypedTableSql(const std::string& source, const std::string& typed_table,
                                  const std::string& parquet_path) const;

  /// The number of rows of the typed table that FindBadTimestampSql or FindBadDaySql would report (0 = the
  /// file converts); those two word the error from the CSV text.
  std::string BadRowsSql(const std::string& typed_table) const;

  /// The SQL function (Engine::RegisterTextLookup) through which the chunk SELECTs read each label text's
  /// JSON from the run's table of converted texts.
  static constexpr const char* kLabelLookup = "costagg_ocp_label_json";

  /// (text, JSON) of every label text of the file that the run's table does not hold yet, converted as Koku
  /// does. Needs the JSON macros (json_sql.h) and the lookup function.
  std::string NewLabelsSql(const std::string& typed_table) const;

  /// (day, first CSV row, last CSV row, rows) per daily piece, ordered by day.
  std::string DaysSql(const std::string& typed_table) const;

  /// The chunks of `days` when each day's rows are contiguous (operator files are written hour by hour);
  /// empty when some day is interleaved with another (then ChunkRangesSql).
  static std::vector<OcpChunk> ContiguousChunks(const std::vector<OcpDay>& days);

  /// (day, lo, hi) of every chunk, ordered by day and chunk, for any row order (a window over the file).
  std::string ChunkRangesSql(const std::string& typed_table) const;

  /// Whether a chunk has rows with a MIG profile (GPU only: Koku then appends the derived MIG columns).
  std::string ChunkHasMigSql(const std::string& typed_table) const;

  /// The raw parquet rows of chunk ($day, $lo, $hi), in CSV order, anomalies removed.
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
  /// The columns of the daily parquet (daily_sql.h).
  std::vector<DailyOutput> DailyOutputs(bool mig_columns) const;
  /// Every typed column of the chunk's rows that are not anomalies, labels as JSON (kLabelLookup), with the
  /// CSV order.
  std::string ChunkRowsSql(const std::string& typed_table) const;
  /// The raw rows of a chunk in CSV order (a scan and projections of the typed table keep its order, which
  /// the engine preserves); with `with_order`, also the CSV order column (the daily sums sort by it).
  std::string SelectRows(const std::string& typed_table, bool mig_columns, bool with_order) const;
  bool Has(const std::string& column) const;
  /// The loaded-CSV column (csv_read.h CsvColumnName) holding header column `column`.
  std::string Src(const std::string& column) const;
  char KindOf(const std::string& column) const;

  std::string report_type_;
  std::vector<std::string> header_;
};

}  // namespace costagg
