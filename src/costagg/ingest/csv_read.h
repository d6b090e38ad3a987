#pragma once
/// Reading a CSV the way Koku's pandas does, with DuckDB (ocp.md §1.1.3, ocp_on_aws.md §1.2.3): every column
/// as text; pandas' default NA spellings (and empty cells) become NULL, which the converters then turn into
/// '' or 0.0; lines with too many fields are skipped and lines with too few are padded with NULL
/// (pandas `on_bad_lines="warn"`); blank lines are skipped. The header is read separately so that the
/// columns are declared explicitly and DuckDB never has to guess the dialect.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "costagg/engine/engine.h"

namespace costagg {

/// pandas' default NA spellings (pandas 2.x `STR_NA_VALUES`, matched exactly and case-sensitively).
const std::vector<std::string>& PandasNaValues();

/// Splits one CSV record (',' separated, '"' quoted, "" for a quote inside quotes).
std::vector<std::string> SplitCsvRecord(std::string_view line);

/// Column names as pandas gives them: a repeated name gets ".1", ".2", ... appended.
std::vector<std::string> PandasColumnNames(const std::vector<std::string>& raw_names);

/// The header of `path` (plain or .gz, by extension) as pandas names its columns; empty for an empty file.
/// Throws a DataError for a column name holding a NUL byte.
std::vector<std::string> ReadCsvHeader(Engine& engine, const std::string& path);

/// The name under which LoadCsv stores header column `index` ("c0", "c1", ...). Columns are positional
/// because DuckDB names are case-insensitive while CSV headers are not (tags `App` and `app` are two
/// columns).
std::string CsvColumnName(size_t index);

/// How long a line of a CSV read may be. DuckDB hands each thread a piece of its read buffer, so short lines
/// (at most 2 MiB, 16 MB buffers) let a file be read on every core; long lines (at most 100 MB, as pandas has
/// no limit) need 100 MB buffers, and a file smaller than that is read on one thread.
enum class CsvLines { kShort, kLong };

/// The `read_csv(...)` table function call that reads `path` (with `column_count` header columns) as LoadCsv
/// does: every column VARCHAR named by CsvColumnName, NA -> NULL. A converting SELECT can read it directly.
/// A short-line read records the lines it skips in a rejects table (ExecuteOnCsv checks it).
std::string CsvSourceSql(const std::string& path, size_t column_count, CsvLines lines);

/// Executes the statement `make_sql` makes of a CsvSourceSql read of `path`: with short lines, and again with
/// long lines when a line was too long for them, so that no line is lost for its length.
void ExecuteOnCsv(Engine& engine, const std::string& path, size_t column_count,
                  const std::function<std::string(const std::string& source)>& make_sql,
                  const std::string& step);

/// The column of a TypedStoreSql view that holds each row's position in the CSV (0-based).
constexpr const char* kCsvRowColumn = "__costagg_row";

/// Statements that write the rows of `select` (a converting SELECT over a CSV read, in CSV order) to the
/// parquet file `parquet_path` and make `view` a TEMP view of them with the CSV position in kCsvRowColumn.
/// Parquet instead of a TEMP table: the file's rows are streamed to disk compressed, so a large CSV needs
/// neither memory nor uncompressed spilling, and a filter on the position reads only its row groups.
std::string TypedStoreSql(const std::string& select, const std::string& view,
                          const std::string& parquet_path);

/// Loads `path` into TEMP table `table`: the header columns at `keep` (every column when empty), as VARCHAR
/// named by CsvColumnName, with NA -> NULL. The table's rowid follows the file's row order. Returns the row
/// count.
int64_t LoadCsv(Engine& engine, const std::string& path, const std::vector<std::string>& header,
                const std::string& table, const std::vector<size_t>& keep = {});

}  // namespace costagg
