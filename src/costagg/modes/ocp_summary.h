#pragma once
/// `costagg summarize ocp`: Koku's OpenShift daily summary (ocp.md §3) for one source and date range, written
/// into reporting_ocpusagelineitem_daily_summary and the cluster topology tables in one transaction.

#include "costagg/config/options.h"
#include "costagg/modes/day_range.h"
#include "costagg/run_report.h"

namespace costagg {

/// Runs the OCP summary. Throws costagg::Error; nothing is written unless everything succeeds.
void SummarizeOcp(const Options& options, RunReport* report);

}  // namespace costagg
