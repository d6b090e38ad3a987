#include "costagg/ingest/aws_convert.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "costagg/engine/engine.h"
#include "costagg/ingest/csv_read.h"
#include "costagg/ingest/json_sql.h"

namespace costagg {
namespace {

using NameSet = std::set<std::string_view>;

/// `RECOMMENDED_COLUMNS` (koku/masu/util/aws/common.py).
const NameSet kRecommended = {"bill/BillingEntity",
                              "bill/BillType",
                              "bill/PayerAccountId",
                              "bill/BillingPeriodStartDate",
                              "bill/BillingPeriodEndDate",
                              "bill/InvoiceId",
                              "identity/TimeInterval",
                              "lineItem/LineItemType",
                              "lineItem/LegalEntity",
                              "lineItem/LineItemDescription",
                              "lineItem/UsageAccountId",
                              "lineItem/UsageStartDate",
                              "lineItem/UsageEndDate",
                              "lineItem/ProductCode",
                              "lineItem/UsageType",
                              "lineItem/Operation",
                              "lineItem/AvailabilityZone",
                              "lineItem/ResourceId",
                              "lineItem/UsageAmount",
                              "lineItem/NormalizationFactor",
                              "lineItem/NormalizedUsageAmount",
                              "lineItem/CurrencyCode",
                              "lineItem/UnblendedRate",
                              "lineItem/UnblendedCost",
                              "lineItem/BlendedRate",
                              "lineItem/BlendedCost",
                              "savingsPlan/SavingsPlanEffectiveCost",
                              "lineItem/TaxType",
                              "pricing/publicOnDemandCost",
                              "pricing/publicOnDemandRate",
                              "reservation/AmortizedUpfrontFeeForBillingPeriod",
                              "reservation/AmortizedUpfrontCostForUsage",
                              "reservation/RecurringFeeForUsage",
                              "reservation/UnusedQuantity",
                              "reservation/UnusedRecurringFee",
                              "pricing/term",
                              "pricing/unit",
                              "product/sku",
                              "product/ProductName",
                              "product/productFamily",
                              "product/servicecode",
                              "product/region",
                              "reservation/NumberOfReservations",
                              "reservation/UnitsPerReservation",
                              "reservation/StartTime",
                              "reservation/EndTime"};

/// `RECOMMENDED_ALT_COLUMNS`.
const NameSet kRecommendedAlt = {"bill_billing_entity",
                                 "bill_bill_type",
                                 "bill_payer_account_id",
                                 "bill_billing_period_start_date",
                                 "bill_billing_period_end_date",
                                 "bill_invoice_id",
                                 "identity_time_interval",
                                 "line_item_legal_entity",
                                 "line_item_line_item_description",
                                 "line_item_line_item_type",
                                 "line_item_usage_account_id",
                                 "line_item_usage_start_date",
                                 "line_item_usage_end_date",
                                 "line_item_product_code",
                                 "line_item_usage_type",
                                 "line_item_operation",
                                 "line_item_availability_zone",
                                 "line_item_resource_id",
                                 "line_item_usage_amount",
                                 "line_item_normalization_factor",
                                 "line_item_normalized_usage_amount",
                                 "line_item_currency_code",
                                 "line_item_unblended_rate",
                                 "line_item_unblended_cost",
                                 "line_item_blended_rate",
                                 "line_item_blended_cost",
                                 "savings_plan_savings_plan_effective_cost",
                                 "line_item_tax_type",
                                 "pricing_public_on_demand_cost",
                                 "pricing_public_on_demand_rate",
                                 "reservation_amortized_upfront_fee_for_billing_period",
                                 "reservation_amortized_upfront_cost_for_usage",
                                 "reservation_recurring_fee_for_usage",
                                 "reservation_unused_quantity",
                                 "reservation_unused_recurring_fee",
                                 "pricing_term",
                                 "pricing_unit",
                                 "product_sku",
                                 "product_product_name",
                                 "product_product_family",
                                 "product_servicecode",
                                 "product_region",
                                 "reservation_number_of_reservations",
                                 "reservation_units_per_reservation",
                                 "reservation_start_time",
                                 "reservation_end_time"};

/// `OPTIONAL_COLS` and `OPTIONAL_ALT_COLS` (note `product_instancetype`, as Koku spells it).
const NameSet kOptional = {"product/physicalCores", "product/instanceType", "product/vcpu", "product/memory",
                           "product/operatingSystem"};
const NameSet kOptionalAlt = {"product_physical_cores", "product_instancetype", "product_vcpu",
                              "product_memory", "product_operating_system"};

/// `AWSPostProcessor.COL_TRANSLATION`: snake_case header -> legacy header (applied to names without '/').
const std::map<std::string_view, std::string_view>& Translation() {
  static const std::map<std::string_view, std::string_view> table = {
      {"bill_billing_entity", "bill/BillingEntity"},
      {"bill_bill_type", "bill/BillType"},
      {"bill_payer_account_id", "bill/PayerAccountId"},
      {"bill_billing_period_start_date", "bill/BillingPeriodStartDate"},
      {"bill_billing_period_end_date", "bill/BillingPeriodEndDate"},
      {"bill_invoice_id", "bill/InvoiceId"},
      {"line_item_line_item_type", "lineItem/LineItemType"},
      {"line_item_usage_account_id", "lineItem/UsageAccountId"},
      {"line_item_usage_start_date", "lineItem/UsageStartDate"},
      {"line_item_usage_end_date", "lineItem/UsageEndDate"},
      {"line_item_product_code", "lineItem/ProductCode"},
      {"line_item_usage_type", "lineItem/UsageType"},
      {"line_item_operation", "lineItem/Operation"},
      {"line_item_availability_zone", "lineItem/AvailabilityZone"},
      {"line_item_resource_id", "lineItem/ResourceId"},
      {"line_item_usage_amount", "lineItem/UsageAmount"},
      {"line_item_normalization_factor", "lineItem/NormalizationFactor"},
      {"line_item_normalized_usage_amount", "lineItem/NormalizedUsageAmount"},
      {"line_item_currency_code", "lineItem/CurrencyCode"},
      {"line_item_unblended_rate", "lineItem/UnblendedRate"},
      {"line_item_unblended_cost", "lineItem/UnblendedCost"},
      {"line_item_blended_rate", "lineItem/BlendedRate"},
      {"line_item_blended_cost", "lineItem/BlendedCost"},
      {"savings_plan_savings_plan_effective_cost", "savingsPlan/SavingsPlanEffectiveCost"},
      {"line_item_tax_type", "lineItem/TaxType"},
      {"pricing_public_on_demand_cost", "pricing/publicOnDemandCost"},
      {"pricing_public_on_demand_rate", "pricing/publicOnDemandRate"},
      {"reservation_amortized_upfront_fee_for_billing_period",
       "reservation/AmortizedUpfrontFeeForBillingPeriod"},
      {"reservation_amortized_upfront_cost_for_usage", "reservation/AmortizedUpfrontCostForUsage"},
      {"reservation_recurring_fee_for_usage", "reservation/RecurringFeeForUsage"},
      {"reservation_unused_quantity", "reservation/UnusedQuantity"},
      {"reservation_unused_recurring_fee", "reservation/UnusedRecurringFee"},
      {"pricing_term", "pricing/term"},
      {"pricing_unit", "pricing/unit"},
      {"product_sku", "product/sku"},
      {"product_product_name", "product/ProductName"},
      {"product_product_family", "product/productFamily"},
      {"product_servicecode", "product/servicecode"},
      {"product_region", "product/region"},
      {"product_instance_type", "product/instanceType"},
      {"product_memory", "product/memory"},
      {"product_vcpu", "product/vcpu"},
      {"reservation_number_of_reservations", "reservation/NumberOfReservations"},
      {"reservation_units_per_reservation", "reservation/UnitsPerReservation"},
      {"reservation_start_time", "reservation/StartTime"},
      {"reservation_end_time", "reservation/EndTime"},
      {"product_physical_cores", "product/physicalCores"},
      {"identity_time_interval", "identity/TimeInterval"},
      {"product_operating_system", "product/operatingSystem"},
  };
  return table;
}

/// Converters by lower-cased original header (`get_column_converters`): timestamps and `safe_float` columns.
const NameSet kTimestampColumns = {"bill/billingperiodstartdate",    "bill/billingperiodenddate",
                                   "lineitem/usagestartdate",        "lineitem/usageenddate",
                                   "bill_billing_period_start_date", "bill_billing_period_end_date",
                                   "line_item_usage_start_date",     "line_item_usage_end_date"};
const NameSet kDoubleColumns = {"lineitem/usageamount",
                                "lineitem/normalizationfactor",
                                "lineitem/normalizedusageamount",
                                "lineitem/unblendedrate",
                                "lineitem/unblendedcost",
                                "lineitem/blendedrate",
                                "lineitem/blendedcost",
                                "pricing/publicondemandcost",
                                "pricing/publicondemandrate",
                                "savingsplan/savingsplaneffectivecost",
                                "line_item_usage_amount",
                                "line_item_normalization_factor",
                                "line_item_normalized_usage_amount",
                                "line_item_unblended_rate",
                                "line_item_unblended_cost",
                                "line_item_blended_rate",
                                "line_item_blended_cost",
                                "pricing_public_on_demand_cost",
                                "pricing_public_on_demand_rate",
                                "savings_plan_savings_plan_effective_cost"};

/// `TRINO_REQUIRED_COLUMNS` (koku/reporting/provider/aws/models.py) in its order, with the kind of default
/// Koku adds when a file lacks one: 's' '' , 'd' 0.0, 't' NaT. resourceTags/costCategory always exist here.
const std::vector<std::pair<std::string_view, char>> kRequired = {
    {"bill/BillingEntity", 's'},
    {"lineItem/UsageStartDate", 't'},
    {"lineItem/ProductCode", 's'},
    {"product/productFamily", 's'},
    {"product/ProductName", 's'},
    {"lineItem/UsageAccountId", 's'},
    {"lineItem/LegalEntity", 's'},
    {"lineItem/LineItemDescription", 's'},
    {"lineItem/LineItemType", 's'},
    {"lineItem/AvailabilityZone", 's'},
    {"product/region", 's'},
    {"product/instanceType", 's'},
    {"product/physicalCores", 's'},
    {"product/vcpu", 's'},
    {"product/memory", 's'},
    {"product/operatingSystem", 's'},
    {"pricing/unit", 's'},
    {"lineItem/UsageAmount", 'd'},
    {"lineItem/NormalizationFactor", 'd'},
    {"lineItem/NormalizedUsageAmount", 'd'},
    {"lineItem/CurrencyCode", 's'},
    {"lineItem/UnblendedRate", 'd'},
    {"lineItem/UnblendedCost", 'd'},
    {"lineItem/BlendedRate", 'd'},
    {"lineItem/BlendedCost", 'd'},
    {"savingsPlan/SavingsPlanEffectiveCost", 'd'},
    {"pricing/publicOnDemandCost", 'd'},
    {"pricing/publicOnDemandRate", 'd'},
    {"lineItem/ResourceId", 's'},
};

constexpr std::string_view kTagPrefix = "resourceTags/user:";
constexpr std::string_view kCostCategoryPrefix = "costCategory/";

/// The daily aggregation (`_generate_daily_data`): group keys after the day, and (column, sum?) aggregates.
const std::vector<std::string_view> kDailyKeys = {"lineitem_resourceid",
                                                  "bill_payeraccountid",
                                                  "lineitem_usageaccountid",
                                                  "lineitem_legalentity",
                                                  "lineitem_lineitemdescription",
                                                  "bill_billingentity",
                                                  "lineitem_productcode",
                                                  "lineitem_availabilityzone",
                                                  "lineitem_lineitemtype",
                                                  "lineitem_usagetype",
                                                  "lineitem_operation",
                                                  "product_productfamily",
                                                  "product_operatingsystem",
                                                  "product_instancetype",
                                                  "product_region",
                                                  "pricing_unit",
                                                  "resourcetags",
                                                  "costcategory"};
const std::vector<std::pair<std::string_view, bool>> kDailyAggs = {
    {"lineitem_usageamount", true},
    {"lineitem_normalizationfactor", false},
    {"lineitem_normalizedusageamount", true},
    {"lineitem_currencycode", false},
    {"lineitem_unblendedrate", false},
    {"lineitem_unblendedcost", true},
    {"lineitem_blendedrate", false},
    {"lineitem_blendedcost", true},
    {"pricing_publicondemandcost", true},
    {"pricing_publicondemandrate", false},
    {"savingsplan_savingsplaneffectivecost", true},
    {"bill_invoiceid", false},
    {"product_productname", false},
    {"product_vcpu", false},
    {"product_memory", false}};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// Python's str.replace(prefix, "") on a header.
std::string RemoveAll(std::string s, std::string_view what) {
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at)) s.erase(at, what.size());
  return s;
}

/// The header after COL_TRANSLATION.
std::string Translated(const std::string& header) {
  if (header.find('/') != std::string::npos) return header;
  auto it = Translation().find(header);
  return it == Translation().end() ? header : std::string(it->second);
}

std::string Id(std::string_view name) { return SqlIdentifier(std::string(name)); }

/// A JSON object column from the headers containing `prefix` (`handle_user_defined_json_columns`): keys
/// ordered by full header name, empty values left out.
std::string JsonColumnExpr(const std::vector<std::string>& kept, std::string_view prefix,
                           const std::function<std::string(const std::string&)>& src) {
  std::vector<std::pair<std::string, std::string>> columns;  // (translated name, original header)
  for (const auto& h : kept) {
    std::string t = Translated(h);
    if (t.find(prefix) != std::string::npos) columns.push_back({t, h});
  }
  std::sort(columns.begin(), columns.end());
  if (columns.empty()) return "'{}'";
  std::string items;
  for (const auto& [name, header] : columns) {
    std::string key = PythonJsonString(RemoveAll(name, prefix));
    std::string value = "coalesce(" + src(header) + ", '')";
    items += (items.empty() ? "" : ", ") + std::string("CASE WHEN ") + value + " <> '' THEN " +
             SqlLiteral(key + ": ") + " || costagg_json_string(" + value + ") END";
  }
  return "'{' || concat_ws(', ', " + items + ") || '}'";
}

std::string ParsedTimestamp(const std::string& col) {
  return "date_trunc('millisecond', TRY_CAST(" + col + " AS TIMESTAMPTZ))";
}

constexpr const char* kDay = "__costagg_day";
constexpr const char* kBatch = "__costagg_batch";
constexpr const char* kOrder = "__costagg_order";
constexpr int kBatchRows = 200000;

}  // namespace

std::optional<CurColumns> SelectCurColumns(const std::vector<std::string>& header) {
  auto has = [&](std::string_view name) {
    return std::find(header.begin(), header.end(), name) != header.end();
  };
  CurColumns out;
  if (has("bill/InvoiceId")) {
    out.legacy = true;
    out.time_interval = "identity/TimeInterval";
  } else if (has("bill_invoice_id")) {
    out.legacy = false;
    out.time_interval = "identity_time_interval";
  } else {
    return std::nullopt;
  }
  for (const auto& h : header) {
    std::string lower = Lower(h);
    // Cutting the daily slices (`get_processing_date` + `fetch_optional_columns`).
    bool slice_keeps = out.legacy
                           ? kRecommended.count(h) || kOptional.count(h) ||
                                 StartsWith(lower, "resourcetags") || StartsWith(lower, "costcategory")
                           : kRecommendedAlt.count(h) || kOptionalAlt.count(h) ||
                                 StartsWith(lower, "resource_tags") || StartsWith(lower, "cost_category");
    // Converting a slice (`get_column_converters` usecols).
    bool convert_keeps =
        kRecommended.count(h) || kRecommendedAlt.count(h) || kOptional.count(h) || kOptionalAlt.count(h);
    for (std::string_view prefix :
         {"resourceTags/", "costCategory/", "bill/", "lineItem/", "pricing/", "discount/", "product/sku"}) {
      convert_keeps = convert_keeps || StartsWith(h, prefix);
    }
    if (slice_keeps && convert_keeps) out.kept.push_back(h);
  }
  return out;
}

std::string NormalizeCurColumnName(std::string_view name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    bool word = std::isalnum(u) || c == '_' || u >= 0x80;
    if (word) {
      out += static_cast<char>(std::tolower(u));
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  return out;
}

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
    std::string t = Translated(h);
    present.insert(t);
    if (t.find("resourceTags/") != std::string::npos || t.find("costCategory/") != std::string::npos)
      continue;
    std::string lower = Lower(h);
    std::string id = Src(h);
    if (kTimestampColumns.count(lower)) {
      out.push_back({NormalizeCurColumnName(t), ParsedTimestamp(id), 't'});
    } else if (kDoubleColumns.count(lower)) {
      // NaN -> NULL: pyarrow writes NaN of a float column as null, and pandas aggregates skip it.
      out.push_back({NormalizeCurColumnName(t),
                     "nullif(coalesce(TRY_CAST(" + id + " AS DOUBLE), 0.0), 'NaN'::DOUBLE)", 'd'});
    } else {
      out.push_back({NormalizeCurColumnName(t), "coalesce(" + id + ", '')", 's'});
    }
  }
  out.push_back({"resourcetags",
                 JsonColumnExpr(columns_.kept, kTagPrefix, [this](const std::string& h) { return Src(h); }),
                 's'});
  out.push_back(
      {"costcategory",
       JsonColumnExpr(columns_.kept, kCostCategoryPrefix, [this](const std::string& h) { return Src(h); }),
       's'});
  for (const auto& [name, kind] : kRequired) {
    if (present.count(std::string(name))) continue;
    std::string expr = kind == 'd' ? "0.0::DOUBLE" : kind == 't' ? "NULL::TIMESTAMPTZ" : "''";
    out.push_back({NormalizeCurColumnName(name), expr, kind});
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
    if (kTimestampColumns.count(Lower(h))) add(h, ParsedTimestamp(Src(h)) + " IS NULL");
  }
  add(columns_.time_interval, "try_strptime(split_part(coalesce(" + Src(columns_.time_interval) +
                                  ", ''), 'T', 1), '%Y-%m-%d') IS NULL");
  return "SELECT column_name, value FROM (" + sql + ") ORDER BY r, column_name LIMIT 1";
}

std::vector<std::string> AwsConversion::MissingForDaily() const {
  std::set<std::string> names;
  for (const auto& c : RawColumns()) names.insert(c.name);
  std::vector<std::string> missing;
  for (std::string_view key : kDailyKeys) {
    if (!names.count(std::string(key))) missing.emplace_back(key);
  }
  for (const auto& [col, sum] : kDailyAggs) {
    if (!names.count(std::string(col))) missing.emplace_back(col);
  }
  return missing;
}

std::string AwsConversion::CreateTypedTableSql(const std::string& csv_table,
                                               const std::string& typed_table) const {
  std::string select;
  for (const auto& c : RawColumns()) select += c.expr + " AS " + Id(c.name) + ", ";
  select += "split_part(" + Src(columns_.time_interval) + ", 'T', 1) AS " + kDay + ", rowid // " +
            std::to_string(kBatchRows) + " AS " + kBatch + ", rowid AS " + kOrder;
  return "CREATE OR REPLACE TEMP TABLE " + Id(typed_table) + " AS SELECT " + select + " FROM " +
         Id(csv_table);
}

std::string AwsConversion::SlicesSql(const std::string& typed_table) const {
  return "SELECT DISTINCT " + std::string(kDay) + ", " + kBatch + " FROM " + Id(typed_table) + " ORDER BY " +
         kBatch + ", " + kDay;
}

std::string AwsConversion::RawSelectSql(const std::string& typed_table) const {
  std::string select;
  for (const auto& c : RawColumns()) select += (select.empty() ? "" : ", ") + Id(c.name);
  return "SELECT " + select + " FROM " + Id(typed_table) + " WHERE " + kDay + " = $day AND " + kBatch +
         " = $batch ORDER BY " + kOrder;
}

std::string AwsConversion::SliceWithOrderSql(const std::string& typed_table) const {
  return "SELECT * FROM " + Id(typed_table) + " WHERE " + kDay + " = $day AND " + kBatch + " = $batch";
}

std::string AwsConversion::DailySelectSql(const std::string& typed_table) const {
  std::map<std::string, char> kinds;
  for (const auto& c : RawColumns()) kinds[c.name] = c.kind;
  std::string day = "date_trunc('day', lineitem_usagestartdate)";
  std::string select = "lineitem_resourceid, " + day + " AS lineitem_usagestartdate";
  std::string group = "lineitem_resourceid, " + day;
  for (std::string_view key : kDailyKeys) {
    if (key == "lineitem_resourceid") continue;
    select += ", " + Id(key);
    group += ", " + Id(key);
  }
  for (const auto& [col, sum] : kDailyAggs) {
    std::string id = Id(col);
    std::string expr;
    if (kinds[std::string(col)] == 'd' && sum) {
      expr = "coalesce(fsum(" + id + " ORDER BY " + kOrder + "), 0.0)";  // pandas' Kahan sum, in CSV order
    } else {
      expr = std::string(sum ? "sum(" : "max(") + id + ")";
    }
    select += ", " + expr + " AS " + id;
  }
  select += ", CAST(uuid() AS VARCHAR) AS row_uuid";
  return "SELECT " + select + " FROM (" + SliceWithOrderSql(typed_table) + ") GROUP BY " + group +
         " ORDER BY ALL";
}

}  // namespace costagg
