// libFuzzer target: the AWS tag and cost category JSON collapse (ocp_on_aws.md §1.2.4-5; Koku's
// handle_user_defined_json_columns): every kept CUR header containing `resourceTags/user:` (or
// `costCategory/`) becomes one key of a JSON text column, keys in Python `sorted` order of the full headers,
// empty cells left out, serialised by json.dumps. Runs src/costagg/ingest/aws_convert.cc's SQL (with the
// json_sql.cc macros) through costagg's Engine on a one-row table laid out as csv_read.cc's LoadCsv leaves
// it.
//
// Input: NUL-separated fields, taken in pairs (header, value) for up to 16 extra columns after
// identity/TimeInterval and bill/InvoiceId. The first byte of a header picks its prefix (% 4:
// resourceTags/user:, costCategory/, resourceTags/aws:, none); the rest is the name. Headers must be valid
// UTF-8 without line breaks (a CSV header is one physical line) and values valid UTF-8, as DuckDB's CSV
// reader only passes valid UTF-8; other inputs are ignored.
//
// Checks: both columns are byte for byte what Koku's dict comprehension + json.dumps gives for the headers
// costagg keeps (which headers are kept is SelectCurColumns' business, tested in aws_columns_test.cc), and
// parse as JSON objects of strings, also when two headers give the same key once the prefix is removed
// (Koku's dict keeps one member; seeds regression_*key_collision).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/ingest/aws_columns.h"
#include "costagg/ingest/aws_convert.h"
#include "costagg/ingest/csv_read.h"
#include "costagg/ingest/json_sql.h"
#include "fuzz_support.h"

namespace {

constexpr size_t kMaxExtraColumns = 16;
constexpr const char* kPrefixes[] = {"resourceTags/user:", "costCategory/", "resourceTags/aws:", ""};

costagg::Engine& TheEngine() {
  static costagg::Engine* engine = [] {
    costagg::EngineOptions options;
    options.threads = 1;
    options.memory_limit = "512MB";
    auto* e = new costagg::Engine(options);  // lives for the whole process (reachable, not a leak)
    costagg::InstallJsonMacros(*e);
    return e;
  }();
  return *engine;
}

std::vector<std::string> SplitOnNul(const uint8_t* data, size_t size) {
  std::vector<std::string> fields(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      fields.emplace_back();
    } else {
      fields.back() += static_cast<char>(data[i]);
    }
  }
  return fields;
}

bool ValidUtf8(const std::string& s) {
  std::vector<uint32_t> ignored;
  return costagg_fuzz::DecodeUtf8(s, &ignored);
}

/// Koku's handle_user_defined_json_columns for one row: `columns` sorted as Python sorts str (by code point,
/// which is UTF-8 byte order), `{column.replace(prefix, ""): value for column, value in row if value}`.
std::string KokuJson(std::vector<std::pair<std::string, std::string>> cells, const std::string& prefix) {
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    return std::lexicographical_compare(
        a.first.begin(), a.first.end(), b.first.begin(), b.first.end(),
        [](char x, char y) { return static_cast<unsigned char>(x) < static_cast<unsigned char>(y); });
  });
  costagg_fuzz::PyDict dict;
  for (const auto& [header, value] : cells) {
    if (header.find(prefix) == std::string::npos || value.empty()) continue;
    dict.Set(costagg_fuzz::PythonRemoveAll(header, prefix), value);
  }
  return dict.Dumps();
}

void CheckJsonObjectOfStrings(const std::string& text, const std::string& column) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!parsed.is_discarded() && parsed.is_object(), column + " is not a JSON object: " + text);
  for (const auto& member : parsed.items()) {
    FUZZ_CHECK(member.value().is_string(), column + " has a non-string member: " + text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> fields = SplitOnNul(data, size);
  std::vector<std::string> raw_header = {"identity/TimeInterval", "bill/InvoiceId"};
  std::vector<std::string> row = {"2025-03-01T00:00:00Z/2025-03-01T01:00:00Z", "inv-1"};
  for (size_t i = 0; i + 1 < fields.size() && raw_header.size() < 2 + kMaxExtraColumns; i += 2) {
    const std::string& spec = fields[i];
    std::string header =
        spec.empty() ? "" : kPrefixes[static_cast<unsigned char>(spec[0]) % 4] + spec.substr(1);
    if (!ValidUtf8(header) || header.find_first_of("\r\n") != std::string::npos) return 0;
    if (!ValidUtf8(fields[i + 1])) return 0;
    raw_header.push_back(header);
    row.push_back(fields[i + 1]);
  }
  // As ReadCsvHeader names the columns, and as IngestAws refuses a file before converting it.
  std::vector<std::string> header = costagg::PandasColumnNames(raw_header);
  std::optional<costagg::CurColumns> columns = costagg::SelectCurColumns(header);
  FUZZ_CHECK(columns.has_value(), "a header with bill/InvoiceId is not a CUR");
  if (std::find(columns->kept.begin(), columns->kept.end(), columns->time_interval) == columns->kept.end()) {
    return 0;
  }
  costagg::AwsConversion conversion(*columns, header);
  if (!conversion.DuplicateOutputColumn().empty()) return 0;

  costagg::Engine& engine = TheEngine();
  std::string select;
  costagg::SqlParams params;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = "v" + std::to_string(i);
    select += std::string(i ? ", " : "") + "$" + name + "::VARCHAR AS " + costagg::CsvColumnName(i);
    params[name] = row[i];
  }
  std::vector<costagg::RowBatch> batches;
  try {
    engine.Execute("CREATE OR REPLACE TEMP TABLE fuzz_csv AS SELECT " + select, "fuzz: csv row", params);
    static const costagg_fuzz::ScratchDir scratch("aws-tags");
    engine.Execute(
        conversion.CreateTypedTableSql("fuzz_csv", "fuzz_typed", (scratch.path() / "typed.parquet").string()),
        "fuzz: typed table");
    batches = engine.QueryAll(
        "SELECT resourcetags, costcategory FROM (" + conversion.RawSelectSql("fuzz_typed") + ")",
        "fuzz: raw rows", {{"day", std::string("2025-03-01")}, {"lo", int64_t{0}}, {"hi", int64_t{0}}});
  } catch (const costagg::Error& e) {
    costagg_fuzz::Fail(std::string("valid tag columns failed to convert: ") + e.what());
  }
  FUZZ_CHECK(batches.size() == 1 && batches[0].rows == 1, "the one row did not come back");
  const auto& out = batches[0];
  FUZZ_CHECK(!out.columns[0].IsNull(0) && !out.columns[1].IsNull(0), "NULL tag or cost category JSON");

  std::vector<std::pair<std::string, std::string>> kept_cells;
  for (const auto& h : columns->kept) {
    size_t index = std::find(header.begin(), header.end(), h) - header.begin();
    kept_cells.emplace_back(h, row[index]);
  }
  const char* prefixes[] = {"resourceTags/user:", "costCategory/"};
  const char* names[] = {"resourcetags", "costcategory"};
  for (int c = 0; c < 2; ++c) {
    std::string expected = KokuJson(kept_cells, prefixes[c]);
    FUZZ_CHECK(out.columns[c].texts[0] == expected,
               std::string(names[c]) + " = " + out.columns[c].texts[0] + ", Koku gives " + expected);
  }
  CheckJsonObjectOfStrings(out.columns[0].texts[0], "resourcetags");
  CheckJsonObjectOfStrings(out.columns[1].texts[0], "costcategory");
  return 0;
}
