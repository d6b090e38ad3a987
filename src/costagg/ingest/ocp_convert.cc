#include "costagg/ingest/ocp_convert.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "costagg/engine/engine.h"
#include "costagg/ingest/csv_read.h"
#include "costagg/ingest/daily_sql.h"
#include "costagg/ingest/ocp_columns.h"
#include "costagg/input/koku_layout.h"

namespace costagg {
namespace {

bool Contains(const ColumnList& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string Id(std::string_view name) { return SqlIdentifier(std::string(name)); }

/// Python's float() -> 0.0 on failure. DuckDB's DOUBLE cast accepts what float() accepts (surrounding
/// whitespace, inf/infinity/nan in any case, '_' between digits, overflow to inf) except non-ASCII digits.
/// A NaN becomes NULL: pandas skips NaN in every aggregate and pyarrow writes NaN of a float column as null.
std::string SafeFloat(const std::string& col) {
  return "nullif(coalesce(TRY_CAST(" + col + " AS DOUBLE), 0.0), 'NaN'::DOUBLE)";
}

/// NUL removal, then html.escape(value, quote=True). Values without any of those characters (nearly all)
/// skip the six replaces. The test is six contains(), which cost half of one regexp_matches() with the
/// character class (0.06 s against 0.11 s for four columns of 250,000 pod rows).
std::string Sanitized(const std::string& col) {
  std::string special;
  for (const char* c : {"'&'", "'<'", "'>'", "'\"'", "''''", "chr(0)"}) {
    special += (special.empty() ? "contains(" : " OR contains(") + col + ", " + c + ")";
  }
  return "CASE WHEN NOT (" + special + ") THEN " + col +
         " ELSE replace(replace(replace(replace(replace(replace(" + col +
         ", chr(0), ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), '''', '&#x27;') END";
}

/// The timestamp Koku's converter produces: " +0000 UTC" removed, ISO-8601 parsed; NULL when it cannot.
std::string ParsedTimestamp(const std::string& col) {
  return "date_trunc('millisecond', TRY_CAST(replace(" + col + ", ' +0000 UTC', '') AS TIMESTAMP))";
}

/// Hidden bookkeeping columns of the typed table.
constexpr const char* kDay = "__costagg_day";
constexpr const char* kAnomaly = "__costagg_anomaly";
constexpr const char* kHasMig = "__costagg_has_mig";

/// Koku reads each daily CSV piece in chunks of this many rows (PARQUET_PROCESSING_BATCH_SIZE).
constexpr int kChunkRows = 200000;

}  // namespace

OcpConversion::OcpConversion(std::string report_type, std::vector<std::string> header)
    : report_type_(std::move(report_type)), header_(std::move(header)) {}

bool OcpConversion::Has(const std::string& column) const {
  return std::find(header_.begin(), header_.end(), column) != header_.end();
}

std::string OcpConversion::Src(const std::string& column) const {
  size_t index = std::find(header_.begin(), header_.end(), column) - header_.begin();
  return SqlIdentifier(CsvColumnName(index));
}

char OcpConversion::KindOf(const std::string& column) const {
  switch (OcpColumnKindOf(column)) {
    case OcpColumnKind::kTimestamp:
      return 't';
    case OcpColumnKind::kDouble:
    case OcpColumnKind::kNullableDouble:
      return 'd';
    case OcpColumnKind::kNullableInt:
      return 'i';
    default:
      return 's';
  }
}

std::string OcpConversion::FindBadTimestampSql(const std::string& csv_table) const {
  std::string sql;
  for (const auto& col : header_) {
    if (KindOf(col) != 't') continue;
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "(SELECT " + SqlLiteral(col) + " AS column_name, coalesce(" + Src(col) +
           ", '') AS value, rowid AS r FROM " + Id(csv_table) + " WHERE " + ParsedTimestamp(Src(col)) +
           " IS NULL ORDER BY rowid LIMIT 1)";
  }
  return "SELECT column_name, value FROM (" + sql + ") ORDER BY r, column_name LIMIT 1";
}

std::string OcpConversion::FindBadDaySql(const std::string& csv_table) const {
  std::string interval_start = Src("interval_start");
  return "SELECT 'interval_start' AS column_name, " + interval_start + " AS value FROM " + Id(csv_table) +
         " WHERE try_strptime(left(" + interval_start + ", 10), '%Y-%m-%d') IS NULL ORDER BY rowid LIMIT 1";
}

std::string OcpConversion::CreateTypedTableSql(const std::string& source, const std::string& typed_table,
                                               const std::string& parquet_path) const {
  // Level 1: every CSV column converted as Koku's converters do (ocp.md §1.2). Label columns keep their text
  // ('' for NULL, which converts alike); it is converted once per distinct text (AddOcpLabels).
  std::string converted;
  for (const auto& col : header_) {
    std::string id = Src(col);
    std::string expr;
    switch (OcpColumnKindOf(col)) {
      case OcpColumnKind::kTimestamp:
        expr = ParsedTimestamp(id);
        break;
      case OcpColumnKind::kNullableInt:  // safe_int_or_none: int(float(value)), NULL when empty or not finite
        expr = "CASE WHEN isfinite(TRY_CAST(" + id + " AS DOUBLE)) THEN CAST(trunc(TRY_CAST(" + id +
               " AS DOUBLE)) AS BIGINT) END";
        break;
      case OcpColumnKind::kNullableDouble:  // safe_float_or_none
        expr = "nullif(TRY_CAST(" + id + " AS DOUBLE), 'NaN'::DOUBLE)";
        break;
      case OcpColumnKind::kDouble:
        expr = SafeFloat(id);
        break;
      case OcpColumnKind::kLabels:
        expr = "coalesce(" + id + ", '')";
        break;
      case OcpColumnKind::kText:
        expr = "coalesce(" + id + ", '')";
        if (IsOcpSanitizedColumn(col)) expr = Sanitized(expr);
        break;
    }
    converted += expr + " AS " + Id(col) + ", ";
  }
  converted += "left(" + Src("interval_start") + ", 10) AS " + std::string(kDay);

  // Level 2: anomaly flag, effective usage (pod), vendor/model normalisation (GPU) (ocp.md §1.2, steps 1-4).
  std::string anomaly = "false";
  for (std::string_view col : OcpAnomalyColumns()) {
    if (Has(std::string(col))) anomaly += " OR coalesce(" + Id(col) + " > 1e18, false)";
  }
  std::string level2 = "SELECT *";
  bool gpu = report_type_ == "gpu_usage";
  if (gpu) {
    level2 =
        "SELECT * REPLACE (CASE WHEN gpu_vendor_name = 'nvidia_com_gpu' THEN 'nvidia' ELSE gpu_vendor_name "
        "END"
        " AS gpu_vendor_name, trim(regexp_replace(gpu_model_name, '[^a-zA-Z0-9]+', ' ', 'g')) AS "
        "gpu_model_name)";
  }
  level2 += ", (" + anomaly + ") AS " + kAnomaly;
  if (report_type_ == "pod_usage") {
    // DataFrame.max(axis=1) skips NaN (NULL here), as greatest() skips NULL.
    level2 +=
        ", greatest(pod_usage_cpu_core_seconds, pod_request_cpu_core_seconds) AS "
        "pod_effective_usage_cpu_core_seconds"
        ", greatest(pod_usage_memory_byte_seconds, pod_request_memory_byte_seconds)"
        " AS pod_effective_usage_memory_byte_seconds";
  }
  std::string sql = level2 + " FROM (SELECT " + converted + " FROM " + source + ")";

  if (gpu) {
    // Level 3: MIG fields from mig_profile "<n>g.<m>gb" (ocp.md §1.2 step 3;
    // `_populate_mig_fields_from_profile`). Rows of an unknown GPU model lose all MIG fields; derived columns
    // the CSV lacks are kept under hidden names and only written for chunks with MIG data, as Koku appends
    // them only then.
    std::string has_mig = Has("mig_profile") ? "coalesce(mig_profile, '') <> ''" : "false";
    std::string profile = Has("mig_profile") ? "lower(trim(mig_profile, ' \t\n\r\x0b\x0c'))" : "''";
    std::string pattern = "'^([+-]?[0-9]+)[ \t]*g\\.[ \t]*([+-]?[0-9]+)[ \t]*gb$'";
    std::string model_slices =
        "CASE WHEN coalesce(gpu_model_name, '') = '' THEN NULL"
        " WHEN contains(upper(gpu_model_name), 'A30') THEN 4 WHEN contains(upper(gpu_model_name), 'A100') "
        "THEN 7"
        " WHEN contains(upper(gpu_model_name), 'H100') THEN 7 WHEN contains(upper(gpu_model_name), 'H200') "
        "THEN 7"
        " WHEN contains(upper(gpu_model_name), 'B200') THEN 7"
        " WHEN contains(upper(gpu_model_name), 'RTX PRO 6000') THEN 4"
        " WHEN contains(upper(gpu_model_name), 'RTX PRO 5000') THEN 2 END::BIGINT";
    std::string mig_parsed = "SELECT *, " + has_mig + " AS " + kHasMig + ", TRY_CAST(regexp_extract(" +
                             profile + ", " + pattern +
                             ", 1) AS BIGINT) AS __costagg_mig_n, TRY_CAST(regexp_extract(" + profile + ", " +
                             pattern + ", 2) AS BIGINT) AS __costagg_mig_m, " + model_slices +
                             " AS __costagg_model_slices FROM (" + sql + ")";
    auto existing = [&](const char* col, const char* null_type) {
      return Has(col) ? std::string(col) : std::string("NULL::") + null_type;
    };
    std::string parsed =
        std::string(kHasMig) + " AND __costagg_mig_n IS NOT NULL AND __costagg_mig_m IS NOT NULL";
    std::string max_given = existing("gpu_max_slices", "BIGINT");
    std::string clear =
        "(" + std::string(kHasMig) + " AND " + max_given + " IS NULL AND __costagg_model_slices IS NULL)";
    std::string mem_type = Has("mig_memory_capacity_mib") ? "DOUBLE" : "BIGINT";
    std::vector<std::pair<std::string, std::string>> mig = {
        {"mig_slice_count", "CASE WHEN " + clear + " THEN NULL WHEN " + parsed +
                                " THEN __costagg_mig_n ELSE " + existing("mig_slice_count", "BIGINT") +
                                " END"},
        {"mig_memory_capacity_mib", "CASE WHEN " + clear + " THEN NULL WHEN " + parsed +
                                        " THEN CAST(__costagg_mig_m * 1024 AS " + mem_type + ") ELSE " +
                                        existing("mig_memory_capacity_mib", mem_type.c_str()) + " END"},
        {"gpu_max_slices", "CASE WHEN " + clear + " THEN NULL WHEN " + std::string(kHasMig) + " AND " +
                               max_given + " IS NULL THEN __costagg_model_slices ELSE " + max_given + " END"},
        {"mig_strategy",
         "CASE WHEN " + clear + " THEN NULL ELSE " + existing("mig_strategy", "VARCHAR") + " END"},
        {"mig_profile",
         "CASE WHEN " + clear + " THEN NULL ELSE " + existing("mig_profile", "VARCHAR") + " END"},
        {"mig_instance_id",
         "CASE WHEN " + clear + " THEN NULL ELSE " + existing("mig_instance_id", "VARCHAR") + " END"},
    };
    std::string replace, added;
    for (const auto& [col, expr] : mig) {
      if (Has(col)) {
        replace += (replace.empty() ? "" : ", ") + expr + " AS " + Id(col);
      } else if (Contains(OcpMigDerivedColumns(), col)) {
        added += ", " + expr + " AS " + Id("__costagg_" + col);
      }
    }
    sql = "SELECT * " + (replace.empty() ? "" : "REPLACE (" + replace + ")") + added + " FROM (" +
          mig_parsed + ")";
  }
  return TypedStoreSql(sql, typed_table, parquet_path);
}

std::string OcpConversion::BadRowsSql(const std::string& typed_table) const {
  std::string bad = "try_strptime(" + std::string(kDay) + ", '%Y-%m-%d') IS NULL";
  for (const auto& col : header_) {
    if (KindOf(col) == 't') bad += " OR " + Id(col) + " IS NULL";
  }
  return "SELECT count(*) FROM " + Id(typed_table) + " WHERE " + bad;
}

std::string OcpConversion::NewLabelsSql(const std::string& typed_table) const {
  std::string texts;
  for (const auto& col : header_) {
    if (OcpColumnKindOf(col) != OcpColumnKind::kLabels) continue;
    texts += (texts.empty() ? "" : " UNION ") + std::string("SELECT ") + Id(col) + " FROM " + Id(typed_table);
  }
  if (texts.empty()) return "SELECT ''::VARCHAR, ''::VARCHAR LIMIT 0";
  return "SELECT t, costagg_ocp_labels(t) FROM (SELECT DISTINCT t FROM (" + texts + ") AS u(t) WHERE " +
         kLabelLookup + "(t) IS NULL)";
}

void AddOcpLabels(Engine& engine, const OcpConversion& conversion, const std::string& typed_table,
                  TextLookup* labels, const std::string& step) {
  for (const auto& b : engine.QueryAll(conversion.NewLabelsSql(typed_table), step)) {
    for (size_t r = 0; r < b.rows; ++r) {
      std::optional<std::string> json;
      if (!b.columns[1].IsNull(r)) json = b.columns[1].texts[r];
      labels->emplace(b.columns[0].texts[r], std::move(json));
    }
  }
}

std::string OcpConversion::DaysSql(const std::string& typed_table) const {
  return "SELECT " + std::string(kDay) + ", min(" + kCsvRowColumn + "), max(" + kCsvRowColumn +
         "), count(*) FROM " + Id(typed_table) + " GROUP BY " + kDay + " ORDER BY " + kDay;
}

std::string OcpConversion::ChunkRangesSql(const std::string& typed_table) const {
  return "SELECT " + std::string(kDay) + ", min(r), max(r) FROM (SELECT " + kDay + ", " + kCsvRowColumn +
         " AS r, " + "(row_number() OVER (PARTITION BY " + kDay + " ORDER BY " + kCsvRowColumn +
         ") - 1) // " + std::to_string(kChunkRows) + " AS c FROM " + Id(typed_table) + ") GROUP BY " + kDay +
         ", c ORDER BY " + kDay + ", c";
}

std::vector<OcpChunk> OcpConversion::ContiguousChunks(const std::vector<OcpDay>& days) {
  std::vector<OcpChunk> chunks;
  for (const auto& d : days) {
    if (d.last - d.first + 1 != d.rows) return {};  // interleaved with another day
    for (int64_t lo = d.first; lo <= d.last; lo += kChunkRows) {
      chunks.push_back({d.day, lo, std::min<int64_t>(d.last, lo + kChunkRows - 1)});
    }
  }
  return chunks;
}

std::string OcpConversion::ChunkHasMigSql(const std::string& typed_table) const {
  if (report_type_ != "gpu_usage") return "SELECT 0";
  return "SELECT count(*) FROM " + Id(typed_table) + " WHERE " + kDay + " = $day AND " + kCsvRowColumn +
         " BETWEEN $lo AND " + "$hi AND NOT " + kAnomaly + " AND " + kHasMig;
}

std::string OcpConversion::ChunkRowsSql(const std::string& typed_table) const {
  std::string replace;
  for (const auto& col : header_) {
    if (OcpColumnKindOf(col) != OcpColumnKind::kLabels) continue;
    replace += (replace.empty() ? "" : ", ") + std::string(kLabelLookup) + "(" + Id(col) + ") AS " + Id(col);
  }
  return "SELECT *" + (replace.empty() ? "" : " REPLACE (" + replace + ")") + " FROM " + Id(typed_table) +
         " WHERE " + kDay + " = $day AND " + kCsvRowColumn + " BETWEEN $lo AND $hi AND NOT " + kAnomaly;
}

std::vector<OcpConversion::OutputColumn> OcpConversion::RawColumns(bool mig_columns) const {
  std::vector<OutputColumn> out;
  for (const auto& col : header_) {
    char kind = KindOf(col);
    std::string expr = kind == 't' ? "CAST(" + Id(col) + " AS TIMESTAMP_MS)" : Id(col);
    out.push_back({col, expr, kind});
  }
  if (report_type_ == "pod_usage") {
    out.push_back({"pod_effective_usage_cpu_core_seconds", "pod_effective_usage_cpu_core_seconds", 'd'});
    out.push_back(
        {"pod_effective_usage_memory_byte_seconds", "pod_effective_usage_memory_byte_seconds", 'd'});
  }
  if (report_type_ == "gpu_usage" && mig_columns) {
    for (std::string_view col : OcpMigDerivedColumns()) {
      std::string name(col);
      if (Has(name)) continue;
      char kind = name == "mig_strategy" ? 's' : 'i';
      out.push_back({name, Id("__costagg_" + name), kind});
    }
  }
  return out;
}

std::string OcpConversion::RawSelectSql(const std::string& typed_table, bool mig_columns) const {
  return SelectRows(typed_table, mig_columns, false);
}

std::string OcpConversion::SelectRows(const std::string& typed_table, bool mig_columns,
                                      bool with_order) const {
  std::string select;
  for (const auto& c : RawColumns(mig_columns)) {
    select += (select.empty() ? "" : ", ") + c.expr + " AS " + Id(c.name);
  }
  if (with_order) select += std::string(", ") + kCsvRowColumn;
  return "SELECT " + select + " FROM (" + ChunkRowsSql(typed_table) + ")";
}

std::vector<DailyOutput> OcpConversion::DailyOutputs(bool mig_columns) const {
  std::vector<OutputColumn> raw = RawColumns(mig_columns);
  auto find = [&](std::string_view name) -> const OutputColumn* {
    for (const auto& c : raw) {
      if (c.name == name) return &c;
    }
    return nullptr;
  };
  const OcpDailySpec& spec = OcpDailySpecFor(report_type_);
  std::vector<DailyOutput> outputs;
  for (std::string_view col : spec.group_by) {
    if (find(col)) outputs.push_back({std::string(col), Id(col), DailyKind::kKey});
  }
  // pandas Grouper(key="interval_start", freq="D"): the day, as a timestamp at midnight.
  outputs.push_back({"interval_start",
                     "CAST(date_trunc('day', CAST(interval_start AS TIMESTAMP)) AS TIMESTAMP_MS)",
                     DailyKind::kKey});
  for (const auto& [col, sum] : spec.aggs) {
    const OutputColumn* c = find(col);
    if (!c) continue;
    // pandas' group sum of a double is 0.0 for a group without values (NaN is NULL here), Kahan-compensated
    // in row order (daily_sql.h).
    DailyKind kind = !sum ? DailyKind::kMax : c->kind == 'd' ? DailyKind::kOrderedSum : DailyKind::kSum;
    outputs.push_back({std::string(col), Id(col), kind});
  }
  for (const auto& [col, type] : spec.new_required) {
    if (find(col)) continue;
    outputs.push_back({std::string(col), std::string("NULL::") + (type == 'i' ? "BIGINT" : "VARCHAR"),
                       DailyKind::kConstant});
  }
  return outputs;
}

std::string OcpConversion::DailySelectSql(const std::string& typed_table, bool mig_columns) const {
  return DailyAggregateSql(DailyOutputs(mig_columns), SelectRows(typed_table, mig_columns, true),
                           kCsvRowColumn);
}

}  // namespace costagg
