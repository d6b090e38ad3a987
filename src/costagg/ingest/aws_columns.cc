#include "costagg/ingest/aws_columns.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

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
/// Koku adds when a file lacks one ('' / 0.0 / NaT). resourceTags and costCategory always exist by then.
const std::vector<CurRequiredColumn> kRequired = {
    {"bill/BillingEntity", CurColumnKind::kText},
    {"lineItem/UsageStartDate", CurColumnKind::kTimestamp},
    {"lineItem/ProductCode", CurColumnKind::kText},
    {"product/productFamily", CurColumnKind::kText},
    {"product/ProductName", CurColumnKind::kText},
    {"lineItem/UsageAccountId", CurColumnKind::kText},
    {"lineItem/LegalEntity", CurColumnKind::kText},
    {"lineItem/LineItemDescription", CurColumnKind::kText},
    {"lineItem/LineItemType", CurColumnKind::kText},
    {"lineItem/AvailabilityZone", CurColumnKind::kText},
    {"product/region", CurColumnKind::kText},
    {"product/instanceType", CurColumnKind::kText},
    {"product/physicalCores", CurColumnKind::kText},
    {"product/vcpu", CurColumnKind::kText},
    {"product/memory", CurColumnKind::kText},
    {"product/operatingSystem", CurColumnKind::kText},
    {"pricing/unit", CurColumnKind::kText},
    {"lineItem/UsageAmount", CurColumnKind::kDouble},
    {"lineItem/NormalizationFactor", CurColumnKind::kDouble},
    {"lineItem/NormalizedUsageAmount", CurColumnKind::kDouble},
    {"lineItem/CurrencyCode", CurColumnKind::kText},
    {"lineItem/UnblendedRate", CurColumnKind::kDouble},
    {"lineItem/UnblendedCost", CurColumnKind::kDouble},
    {"lineItem/BlendedRate", CurColumnKind::kDouble},
    {"lineItem/BlendedCost", CurColumnKind::kDouble},
    {"savingsPlan/SavingsPlanEffectiveCost", CurColumnKind::kDouble},
    {"pricing/publicOnDemandCost", CurColumnKind::kDouble},
    {"pricing/publicOnDemandRate", CurColumnKind::kDouble},
    {"lineItem/ResourceId", CurColumnKind::kText},
};

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

std::string TranslatedCurColumn(const std::string& header) {
  if (header.find('/') != std::string::npos) return header;
  auto it = Translation().find(header);
  return it == Translation().end() ? header : std::string(it->second);
}

CurColumnKind CurColumnKindOf(std::string_view header) {
  std::string lower = Lower(header);
  if (kTimestampColumns.count(lower)) return CurColumnKind::kTimestamp;
  if (kDoubleColumns.count(lower)) return CurColumnKind::kDouble;
  return CurColumnKind::kText;
}

const std::vector<CurRequiredColumn>& TrinoRequiredCurColumns() { return kRequired; }

const std::vector<std::string_view>& AwsDailyKeys() { return kDailyKeys; }

const std::vector<std::pair<std::string_view, bool>>& AwsDailyAggregates() { return kDailyAggs; }

}  // namespace costagg
