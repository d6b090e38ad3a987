#pragma once
/// `costagg summarize ocp-aws`: Koku's OCP-on-AWS steps (ocp_on_aws.md §3-4) for one (AWS source, OpenShift
/// source) pair and date range. AWS cost rows are matched to the cluster by resource id or tag, shared out to
/// its namespaces, disks and nodes, and written into reporting_ocpawscostlineitem_project_daily_summary_p and
/// the eight reporting_ocpaws_*_summary_p tables, replacing the pair's rows of the range in one transaction.
///
/// The OpenShift side is the cluster's daily summary as `summarize ocp` left it in the output (run that
/// first).

#include <memory>
#include <string>
#include <vector>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/modes/day_range.h"
#include "costagg/modes/tag_matcher.h"
#include "costagg/run_report.h"

namespace costagg {

/// Runs the OCP-on-AWS summary. Throws costagg::Error; nothing is written unless everything succeeds.
void SummarizeOcpAws(const Options& options, RunReport* report);

/// The markup factor Koku's OCP-on-AWS SQL uses (§3.13): the fraction cast to decimal(24,9), i.e. its decimal
/// text rounded half up to 9 decimals, then used as a double.
double NineDecimalMarkup(double markup);

/// A matched tag string as Koku builds it (§3.1): Python's json.dumps of {key: value} (ASCII only, `"` and
/// `\` escaped) with every `{` and `}` removed, e.g. `"app": "cost"`. Empty when the key or value is not
/// UTF-8.
std::string MatchedTagString(const std::string& key, const std::string& value);

/// Makes the SQL function costagg_matched_tags(text) (sql/ocp_aws/010_daily_temp.sql) give the strings of the
/// temp table matched_tags(tag, position) that `text` contains, joined by ',' in position order, or NULL. The
/// function reads the returned set: keep it until the next call.
std::unique_ptr<SubstringSet> RegisterMatchedTags(Engine& engine);

/// Makes the SQL function costagg_tie_needles(text) (sql/ocp_aws/036_needle_labels.sql) give the needles of
/// the temp table tie_needles(needle) that `text` contains, joined by ',' in needle order, or NULL. The
/// function reads the returned set: keep it until the next call.
std::unique_ptr<SubstringSet> RegisterTieNeedles(Engine& engine);

}  // namespace costagg
