#include "costagg/ingest/csv_read.h"

#include <unordered_map>

#include "costagg/error.h"

namespace costagg {

namespace {

/// Where a short-line read records the lines it skips (DuckDB's store_rejects tables).
constexpr const char* kRejects = "costagg_csv_rejects";
constexpr const char* kRejectScans = "costagg_csv_reject_scans";

/// read_csv's line and buffer sizes for `lines`.
std::string LineSizes(CsvLines lines) {
  return lines == CsvLines::kShort ? "max_line_size = 2097152, buffer_size = 16777216"
                                   : "max_line_size = 100000000, buffer_size = 100000000";
}

}  // namespace

/// An explicit dialect, no sniffing.
std::string CsvSourceSql(const std::string& path, size_t column_count, CsvLines lines) {
  std::string columns = "{";
  for (size_t i = 0; i < column_count; ++i) {
    if (i) columns += ", ";
    columns += SqlLiteral(CsvColumnName(i)) + ": 'VARCHAR'";
  }
  columns += "}";
  std::string na = "[";
  for (size_t i = 0; i < PandasNaValues().size(); ++i) {
    if (i) na += ", ";
    na += SqlLiteral(PandasNaValues()[i]);
  }
  na += "]";
  return "read_csv(" + SqlLiteral(path) + ", header = true, auto_detect = false, columns = " + columns +
         ", delim = ',', quote = '\"', escape = '\"', nullstr = " + na +
         ", null_padding = true, ignore_errors = true, " + LineSizes(lines) +
         (lines == CsvLines::kShort
              ? std::string(", store_rejects = true, rejects_table = ") + SqlLiteral(kRejects) +
                    ", rejects_scan = " + SqlLiteral(kRejectScans)
              : std::string()) +
         ")";
}

void ExecuteOnCsv(Engine& engine, const std::string& path, size_t column_count,
                  const std::function<std::string(const std::string& source)>& make_sql,
                  const std::string& step) {
  std::string drop_rejects =
      std::string("DROP TABLE IF EXISTS ") + kRejects + "; DROP TABLE IF EXISTS " + kRejectScans;
  // Dropped first too: a failed earlier read may have left its rejects behind.
  engine.Execute(drop_rejects + "; " + make_sql(CsvSourceSql(path, column_count, CsvLines::kShort)), step);
  // Lines skipped for too many fields are skipped by the long read too; one skipped for its length is not.
  int64_t too_long = engine.QueryInt(
      std::string("SELECT count(*) FROM ") + kRejects + " WHERE error_type = 'LINE SIZE OVER MAXIMUM'", step);
  engine.Execute(drop_rejects, step);
  if (too_long > 0) engine.Execute(make_sql(CsvSourceSql(path, column_count, CsvLines::kLong)), step);
}

const std::vector<std::string>& PandasNaValues() {
  static const std::vector<std::string> values = {
      "",     "#N/A", "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
      "<NA>", "N/A",  "NA",       "NULL", "NaN",     "None",     "n/a",  "nan",  "null"};
  return values;
}

std::vector<std::string> SplitCsvRecord(std::string_view line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

std::vector<std::string> PandasColumnNames(const std::vector<std::string>& raw_names) {
  // pandas' own deduplication: a repeated name takes the next free ".<n>" suffix, counting per name.
  std::vector<std::string> names;
  std::unordered_map<std::string, int> counts;
  for (const auto& raw : raw_names) {
    std::string name = raw;
    int count = counts[name];
    while (count > 0) {
      counts[name] = count + 1;
      name += "." + std::to_string(count);
      count = counts[name];
    }
    counts[name] = count + 1;
    names.push_back(name);
  }
  return names;
}

std::vector<std::string> ReadCsvHeader(Engine& engine, const std::string& path) {
  // The first line as one text column ('\x01' never separates, no quoting), then split here. Short lines
  // first (a 16 MB read instead of 100 MB); a header too long for them fails that read and takes the long
  // one.
  auto first_line = [&](CsvLines lines) {
    return engine.QueryAll("SELECT line FROM read_csv(" + SqlLiteral(path) +
                               ", header = false, auto_detect = false, columns = {'line': 'VARCHAR'}, delim ="
                               " '\x01', quote = '', escape = '', " +
                               LineSizes(lines) + ") LIMIT 1",
                           "read CSV header of " + path);
  };
  std::vector<RowBatch> batches;
  try {
    batches = first_line(CsvLines::kShort);
  } catch (const Error&) {
    batches = first_line(CsvLines::kLong);
  }
  if (batches.empty() || batches[0].rows == 0 || batches[0].columns[0].IsNull(0)) return {};
  std::string line = batches[0].columns[0].texts[0];
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte order mark
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return {};
  std::vector<std::string> names = PandasColumnNames(SplitCsvRecord(line));
  for (size_t i = 0; i < names.size(); ++i) {
    // Column names go into SQL text, which ends at a NUL byte: refused here, naming the column.
    if (names[i].find('\0') != std::string::npos)
      throw DataError("read CSV header of " + path + ": column " + std::to_string(i + 1) +
                      " has a NUL byte in its name");
  }
  return names;
}

std::string TypedStoreSql(const std::string& select, const std::string& view,
                          const std::string& parquet_path) {
  std::string file = SqlLiteral(parquet_path);
  return "COPY (" + select + ") TO " + file + " (FORMAT parquet); CREATE OR REPLACE TEMP VIEW " +
         SqlIdentifier(view) + " AS SELECT * EXCLUDE (file_row_number), file_row_number AS " + kCsvRowColumn +
         " FROM read_parquet(" + file + ", file_row_number = true)";
}

std::string CsvColumnName(size_t index) { return "c" + std::to_string(index); }

int64_t LoadCsv(Engine& engine, const std::string& path, const std::vector<std::string>& header,
                const std::string& table, const std::vector<size_t>& keep) {
  std::string select;
  for (size_t i = 0; i < (keep.empty() ? header.size() : keep.size()); ++i) {
    if (i) select += ", ";
    select += CsvColumnName(keep.empty() ? i : keep[i]);
  }
  ExecuteOnCsv(
      engine, path, header.size(),
      [&](const std::string& source) {
        return "CREATE OR REPLACE TEMP TABLE " + SqlIdentifier(table) + " AS SELECT " + select + " FROM " +
               source;
      },
      "read CSV " + path);
  return engine.QueryInt("SELECT count(*) FROM " + SqlIdentifier(table), "count rows of " + path);
}

}  // namespace costagg
