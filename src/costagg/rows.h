#pragma once
/// Columnar batches of rows: how data crosses from the engine (DuckDB) to the writers (PostgreSQL, DuckDB
/// file) without either side seeing the other's headers.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace costagg {

/// The value types costagg moves between engine and writers. Encoders choose the PostgreSQL wire form from
/// the target column's type; these are only the in-memory forms.
enum class ValueType {
  kBool,       ///< stored in `ints` as 0/1
  kInt64,      ///< any integer width, stored in `ints`
  kDouble,     ///< stored in `doubles`
  kText,       ///< UTF-8, stored in `texts`
  kDate,       ///< days since 1970-01-01, stored in `ints`
  kTimestamp,  ///< microseconds since 1970-01-01 00:00:00 UTC, stored in `ints`
};

/// Name for messages ("DOUBLE", "TEXT", ...).
const char* ValueTypeName(ValueType type);

/// A column's name and in-memory type.
struct ColumnInfo {
  std::string name;
  ValueType type;
};

/// One column of a batch. Exactly one of the value vectors is used, per `type`; `valid[i] == 0` is NULL.
struct ColumnData {
  ValueType type = ValueType::kText;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string> texts;
  std::vector<uint8_t> valid;

  /// Empties the column, keeping capacity.
  void Clear();
  bool IsNull(size_t row) const { return valid[row] == 0; }
  /// Appends one value (or NULL) of the column's type.
  void AppendNull();
  void AppendInt(int64_t v);
  void AppendDouble(double v);
  void AppendText(std::string v);
};

/// A batch of rows, column by column.
struct RowBatch {
  std::vector<ColumnData> columns;
  size_t rows = 0;

  /// Resets to `infos` columns with no rows.
  void Reset(const std::vector<ColumnInfo>& infos);
};

/// A stream of batches (a query result read chunk by chunk, or rows built in memory).
class RowSource {
 public:
  virtual ~RowSource() = default;
  /// The columns of every batch.
  virtual const std::vector<ColumnInfo>& columns() const = 0;
  /// Fills `batch` with the next rows; false when there are none left. Throws costagg::Error on failure.
  virtual bool Next(RowBatch* batch) = 0;
};

/// A RowSource over batches held in memory (tests, small reference tables).
class MemoryRowSource : public RowSource {
 public:
  MemoryRowSource(std::vector<ColumnInfo> columns, std::vector<RowBatch> batches)
      : columns_(std::move(columns)), batches_(std::move(batches)) {}
  const std::vector<ColumnInfo>& columns() const override { return columns_; }
  bool Next(RowBatch* batch) override;

 private:
  std::vector<ColumnInfo> columns_;
  std::vector<RowBatch> batches_;
  size_t next_ = 0;
};

}  // namespace costagg
