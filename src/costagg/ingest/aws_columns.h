#pragma once
/// What Koku knows about the columns of an AWS Cost and Usage Report (koku@768be825:
/// koku/masu/util/aws/common.py `RECOMMENDED_COLUMNS`, `OPTIONAL_COLS` and their snake_case twins;
/// koku/masu/util/aws/aws_post_processor.py `COL_TRANSLATION`, `get_column_converters`,
/// `_generate_daily_data`; koku/reporting/provider/aws/models.py `TRINO_REQUIRED_COLUMNS`), as tables for
/// aws_convert.cc.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace costagg {

/// Which CUR columns Koku reads, and in which header format.
struct CurColumns {
  bool legacy = true;             ///< `bill/InvoiceId` style; false for snake_case (Athena / CUR 2.0) headers
  std::vector<std::string> kept;  ///< header columns Koku keeps, in CSV order
  std::string time_interval;      ///< the identity/TimeInterval header the slices are cut by
};

/// The columns Koku keeps from `header`, or nothing when the header has neither `bill/InvoiceId` nor
/// `bill_invoice_id` (not a CUR). Koku selects twice: when cutting the daily slices (recommended and optional
/// columns of the detected format plus resourceTags/costCategory headers) and when converting a slice
/// (recommended and optional columns of both formats plus the resourceTags/, costCategory/, bill/, lineItem/,
/// pricing/, discount/, product/sku prefixes); a column survives only if both keep it.
std::optional<CurColumns> SelectCurColumns(const std::vector<std::string>& header);

/// Koku's `strip_characters_from_column_name`: every run of non-word characters becomes '_', then lower
/// case (`lineItem/UnblendedCost` -> `lineitem_unblendedcost`). Bytes >= 0x80 count as word characters
/// (Python's \w is Unicode-aware; only ASCII letters are lowered).
std::string NormalizeCurColumnName(std::string_view name);

/// A snake_case header after COL_TRANSLATION (`line_item_usage_start_date` -> `lineItem/UsageStartDate`);
/// other headers unchanged.
std::string TranslatedCurColumn(const std::string& header);

/// How Koku's converter treats a column (by the lower-cased original header).
enum class CurColumnKind {
  kTimestamp,  ///< ciso8601: a failure fails the file
  kDouble,     ///< safe_float: unparsable or empty -> 0.0
  kText,       ///< str: empty -> ''
};
CurColumnKind CurColumnKindOf(std::string_view header);

/// A column Koku adds with a default ('' / 0.0 / NaT) when a file lacks it, in `TRINO_REQUIRED_COLUMNS`
/// order.
struct CurRequiredColumn {
  std::string_view name;
  CurColumnKind kind;
};
const std::vector<CurRequiredColumn>& TrinoRequiredCurColumns();

/// Header prefixes that fold into the resourceTags and costCategory JSON columns.
inline constexpr std::string_view kCurTagPrefix = "resourceTags/user:";
inline constexpr std::string_view kCurCostCategoryPrefix = "costCategory/";

/// The daily aggregation: group keys (after lineitem_resourceid comes the day of lineitem_usagestartdate) and
/// (column, true = sum / false = max) aggregates, in Koku's order.
const std::vector<std::string_view>& AwsDailyKeys();
const std::vector<std::pair<std::string_view, bool>>& AwsDailyAggregates();

}  // namespace costagg
