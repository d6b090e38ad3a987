#pragma once
/// `costagg summarize aws`: Koku's AWS daily summary (ocp_on_aws.md §5) for one AWS source and date range,
/// and with --ec2-compute its EC2 compute summary of the month (§5.1). The source's daily line items are
/// grouped per day into reporting_awscostentrylineitem_daily_summary, replacing the rows of the source's bill
/// in the range; the month's EC2 rows replace the source's from the first of the month to the end date (as
/// Koku's delete). One transaction for both.

#include "costagg/config/options.h"
#include "costagg/run_report.h"

namespace costagg {

/// Runs the AWS summary. Throws costagg::Error; nothing is written unless everything succeeds.
void SummarizeAws(const Options& options, RunReport* report);

}  // namespace costagg
