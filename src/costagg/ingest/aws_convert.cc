#include "costagg/ingest/aws_convert.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "costagg/engine/engine.h"
#include "costagg/ingest/aws_columns.h"
#include "costagg/ingest/csv_read.h"
#include "costagg/ingest/daily_sql.h"
#include "costagg/ingest/json_sql.h"

namespace costagg {
namespace {

/// Python's str.replace(prefix, "") on a header.
std::string RemoveAll(std::string s, std::string_view what) {
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at)) s.erase(at, what.size());
  return s;
}

std::string Id(std::string_view name) { return SqlIdentifier(std::string(name)); }

/// A JSON object column from the headers containing `prefix` (`handle_user_defined_json_columns`): keys
/// ordered by full header name, empty values left out.
///
/// Koku builds a Python dict, so two headers that give the same key once every `prefix` is removed
/// (`resourceTags/user:a`, `resourceTags/user:resourceTags/user:a`, or `bill/resourceTags/user:a` and
/// `resourceTags/user:bill/a`) make one member: its value is the last non-empty cell in header order and its
/// position that of the first non-empty one, which depends on the row. Such columns go through
/// costagg_json_object (Python dict semantics); the rest are concatenated, which is cheaper.
std::string JsonColumnExpr(const std::vector<std::string>& kept, std::string_view prefix,
                           const std::function<std::string(const std::string&)>& src) {
  std::vector<std::pair<std::string, std::string>> columns;  // (translated name, original header)
  for (const auto& h : kept) {
    std::string t = TranslatedCurColumn(h);
    if (t.find(prefix) != std::string::npos) columns.push_back({t, h});
  }
  std::sort(columns.begin(), columns.end());
  if (columns.empty()) return "'{}'";
  std::set<std::string> keys;
  bool collide = false;
  for (const auto& column : columns) collide |= !keys.insert(RemoveAll(column.first, prefix)).second;
  std::string items;
  for (const auto& [name, header] : columns) {
    std::string key = RemoveAll(name, prefix);
    std::string value = "coalesce(" + src(header) + ", '')";
    items += items.empty() ? "" : ", ";
    if (collide) {
      items += "{'k': " + SqlLiteral(key) + ", 'v': " + value + "}";
    } else {
      items += "CASE WHEN " + value + " <> '' THEN " + SqlLiteral(PythonJsonString(key) + ": ") +
               " || costagg_json_string(" + value + ") END";
    }
  }
  if (!collide) return "'{' || concat_ws(', ', " + items + ") || '}'";
  std::string cells = "list_filter([" + items + "], lambda cell: cell.v <> '')";
  return "costagg_json_object(list_transform(" + cells + ", lambda cell: cell.k), list_transform(" + cells +
         ", lambda cell: cell.v))";
}

/// An ISO-8601 time with its zone, as pandas parses CUR times, in UTC, truncated to the millisecond. CUR
/// times are nearly all "YYYY-MM-DDTHH:MM:SSZ": for those the zone-free part is cast (the engine's time zone
/// is UTC, so the instant is the same), which is cheaper than DuckDB's zone-aware parse.
std::string ParsedTimestamp(const std::string& col) {
  return "CASE WHEN " + col + " LIKE '____-__-__T__:__:__Z' THEN CAST(TRY_CAST(left(" + col +
         ", 19) AS TIMESTAMP) AS TIMESTAMPTZ) ELSE date_trunc('millisecond', TRY_CAST(" + col +
         " AS TIMESTAMPTZ)) END";
}

constexpr const char* kDay = "__costagg_day";
constexpr int kBatchRows = 200000;

}  // namespace

AwsConversion::AwsConversion(CurColumns columns, std::vector<std::string> header)
    : columns_(std::move(columns)), header_(std::move(header)) {}

std::string AwsConversion::Src(const std::string& header) const {
  size_t index = std::find(header_.begin(), header_.end(), header) - header_.begin();
  return SqlIdentifier(CsvColumnName(index));
}

std::vector<size_t> AwsConversion::KeptIndexes() const {
  std::vector<size_t> indexes;
  for (const auto& h : columns_.kept) {
    indexes.push_back(std::find(header_.begin(), header_.end(), h) - header_.begin());
  }
  return indexes;
}

std::string AwsConversion::DuplicateOutputColumn() const {
  std::set<std::string> names;
  for (const auto& c : RawColumns()) {
    if (!names.insert(c.name).second) return c.name;
  }
  return "";
}

std::vector<AwsConversion::OutputColumn> AwsConversion::RawColumns() const {
  std::vector<OutputColumn> out;
  std::set<std::string> present;  // translated names
  for (const auto& h : columns_.kept) {
    std::string t = TranslatedCurColumn(h);
    present.insert(t);
    // The single tag and cost category columns are dropped once folded into JSON.
    if (t.find("resourceTags/") != std::string::npos || t.find("costCategory/") != std::string::npos)
      continue;
    std::string id = Src(h);
    CurColumnKind kind = CurColumnKindOf(h);
    std::string expr;
    if (kind == CurColumnKind::kTimestamp) {
      expr = ParsedTimestamp(id);
    } else if (kind == CurColumnKind::kDouble) {
      // NaN -> NULL: pyarrow writes NaN of a float column as null, and pandas aggregates skip it.
      expr = "nullif(coalesce(TRY_CAST(" + id + " AS DOUBLE), 0.0), 'NaN'::DOUBLE)";
    } else {
      expr = "coalesce(" + id + ", '')";
    }
    out.push_back({NormalizeCurColumnName(t), expr, kind});
  }
  auto src = [this](const std::string& h) { return Src(h); };
  out.push_back({"resourcetags", JsonColumnExpr(columns_.kept, kCurTagPrefix, src), CurColumnKind::kText});
  out.push_back(
      {"costcategory", JsonColumnExpr(columns_.kept, kCurCostCategoryPrefix, src), CurColumnKind::kText});
  for (const auto& required : TrinoRequiredCurColumns()) {
    if (present.count(std::string(required.name))) continue;
    std::string expr = required.kind == CurColumnKind::kDouble      ? "0.0::DOUBLE"
                       : required.kind == CurColumnKind::kTimestamp ? "NULL::TIMESTAMPTZ"
                                                                    : "''";
    out.push_back({NormalizeCurColumnName(required.name), expr, required.kind, true});
  }
  return out;
}

std::string AwsConversion::FindBadValueSql(const std::string& csv_table) const {
  std::string sql;
  auto add = [&](const std::string& header, const std::string& bad_condition) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "(SELECT " + SqlLiteral(header) + " AS column_name, coalesce(" + Src(header) +
           ", '') AS value, rowid AS r FROM " + Id(csv_table) + " WHERE " + bad_condition +
           " ORDER BY rowid LIMIT 1)";
  };
  for (const auto& h : columns_.kept) {
    if (CurColumnKindOf(h) == CurColumnKind::kTimestamp) add(h, ParsedTimestamp(Src(h)) + " IS NULL");
  }
  add(columns_.time_interval, "try_strptime(split_part(coalesce(" + Src(columns_.time_interval) +
                                  ", ''), 'T', 1), '%Y-%m-%d') IS NULL");
  return "SELECT column_name, value FROM (" + sql + ") ORDER BY r, column_name LIMIT 1";
}

bool AwsConversion::HasColumn(const std::string& name) const {
  for (const auto& c : RawColumns()) {
    if (c.name == name && !c.constant) return true;
  }
  return false;
}

std::vector<std::string> AwsConversion::MissingForDaily() const {
  std::set<std::string> names;
  for (const auto& c : RawColumns()) names.insert(c.name);
  std::vector<std::string> missing;
  for (std::string_view key : AwsDailyKeys()) {
    if (!names.count(std::string(key))) missing.emplace_back(key);
  }
  for (const auto& [col, sum] : AwsDailyAggregates()) {
    if (!names.count(std::string(col))) missing.emplace_back(col);
  }
  return missing;
}

std::string AwsConversion::CreateTypedTableSql(const std::string& source, const std::string& typed_table,
                                               const std::string& parquet_path) const {
  std::string select;
  for (const auto& c : RawColumns()) {
    if (!c.constant) select += c.expr + " AS " + Id(c.name) + ", ";
  }
  select += "split_part(" + Src(columns_.time_interval) + ", 'T', 1) AS " + kDay;
  return TypedStoreSql("SELECT " + select + " FROM " + source, typed_table, parquet_path);
}

std::string AwsConversion::BadRowsSql(const std::string& typed_table) const {
  std::string bad = "try_strptime(" + std::string(kDay) + ", '%Y-%m-%d') IS NULL";
  for (const auto& h : columns_.kept) {
    std::string t = TranslatedCurColumn(h);
    if (t.find("resourceTags/") != std::string::npos || t.find("costCategory/") != std::string::npos)
      continue;
    if (CurColumnKindOf(h) == CurColumnKind::kTimestamp)
      bad += " OR " + Id(NormalizeCurColumnName(t)) + " IS NULL";
  }
  return "SELECT count(*) FROM " + Id(typed_table) + " WHERE " + bad;
}

std::string AwsConversion::SlicesSql(const std::string& typed_table) const {
  return "SELECT DISTINCT " + std::string(kDay) + ", " + kCsvRowColumn + " // " + std::to_string(kBatchRows) +
         " AS b FROM " + Id(typed_table) + " ORDER BY b, " + kDay;
}

int64_t AwsConversion::BatchRows() { return kBatchRows; }

std::string AwsConversion::RawSelectSql(const std::string& typed_table) const {
  std::string select;
  for (const auto& c : RawColumns()) select += (select.empty() ? "" : ", ") + Id(c.name);
  return "SELECT " + select + " FROM (" + SliceSql(typed_table) + ")";
}

std::string AwsConversion::SliceSql(const std::string& typed_table) const {
  std::string select = "SELECT *";
  for (const auto& c : RawColumns()) {
    if (c.constant) select += ", " + c.expr + " AS " + Id(c.name);
  }
  return select + " FROM " + Id(typed_table) + " WHERE " + kDay + " = $day AND " + kCsvRowColumn +
         " BETWEEN $lo AND $hi";
}

std::vector<DailyOutput> AwsConversion::DailyOutputs() const {
  std::map<std::string, CurColumnKind> kinds;
  for (const auto& c : RawColumns()) kinds[c.name] = c.kind;
  std::vector<DailyOutput> outputs = {
      {"lineitem_resourceid", "lineitem_resourceid", DailyKind::kKey},
      {"lineitem_usagestartdate", "date_trunc('day', lineitem_usagestartdate)", DailyKind::kKey}};
  for (std::string_view key : AwsDailyKeys()) {
    if (key != "lineitem_resourceid") outputs.push_back({std::string(key), Id(key), DailyKind::kKey});
  }
  for (const auto& [col, sum] : AwsDailyAggregates()) {
    // pandas' sum of a double is a Kahan sum in CSV order (daily_sql.h).
    bool is_double = kinds[std::string(col)] == CurColumnKind::kDouble;
    DailyKind kind = !sum ? DailyKind::kMax : is_double ? DailyKind::kOrderedSum : DailyKind::kSum;
    outputs.push_back({std::string(col), Id(col), kind});
  }
  outputs.push_back({"row_uuid", "CAST(uuid() AS VARCHAR)", DailyKind::kConstant});
  return outputs;
}

std::string AwsConversion::DailySelectSql(const std::string& typed_table) const {
  return DailyAggregateSql(DailyOutputs(), SliceSql(typed_table), kCsvRowColumn);
}

}  // namespace costagg
