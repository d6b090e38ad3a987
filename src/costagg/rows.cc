#include "costagg/rows.h"

namespace costagg {

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kBool:
      return "BOOLEAN";
    case ValueType::kInt64:
      return "INTEGER";
    case ValueType::kDouble:
      return "DOUBLE";
    case ValueType::kText:
      return "TEXT";
    case ValueType::kDate:
      return "DATE";
    case ValueType::kTimestamp:
      return "TIMESTAMP";
  }
  return "?";
}

void ColumnData::Clear() {
  ints.clear();
  doubles.clear();
  texts.clear();
  valid.clear();
}

void ColumnData::AppendNull() {
  valid.push_back(0);
  switch (type) {
    case ValueType::kDouble:
      doubles.push_back(0);
      break;
    case ValueType::kText:
      texts.emplace_back();
      break;
    default:
      ints.push_back(0);
  }
}

void ColumnData::AppendInt(int64_t v) {
  valid.push_back(1);
  ints.push_back(v);
}

void ColumnData::AppendDouble(double v) {
  valid.push_back(1);
  doubles.push_back(v);
}

void ColumnData::AppendText(std::string v) {
  valid.push_back(1);
  texts.push_back(std::move(v));
}

void RowBatch::Reset(const std::vector<ColumnInfo>& infos) {
  columns.resize(infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    columns[i].type = infos[i].type;
    columns[i].Clear();
  }
  rows = 0;
}

bool MemoryRowSource::Next(RowBatch* batch) {
  if (next_ >= batches_.size()) return false;
  *batch = std::move(batches_[next_++]);
  return true;
}

}  // namespace costagg
