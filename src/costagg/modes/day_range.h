#pragma once
/// The days a summary run covers.

#include <string>
#include <vector>

#include "costagg/config/options.h"

namespace costagg {

/// The inclusive day range a run covers.
struct DayRange {
  std::string start;  ///< YYYY-MM-DD
  std::string end;    ///< YYYY-MM-DD, included
};

/// The range for `options` (start/end dates default to the first and last day of year/month).
DayRange RequestedRange(const Options& options);

/// Koku's chunks of a window (ocp_on_aws.md, notation: `date_range_pair` with a step of 5 days): the cut
/// points are start + 5, start + 10, ... up to end; chunks run from the day after one cut point to the next,
/// the first from start, the last to end.
std::vector<DayRange> KokuChunks(const DayRange& range);

/// SQL keeping the rows whose time `column` falls on a day of `range`: DATE constants, so that the condition
/// reaches a parquet reader on the stored column (TIMESTAMP or TIMESTAMPTZ, read in UTC).
std::string DaysFilter(const std::string& column, const DayRange& range);

/// Every day of a range, each as a range of one day.
std::vector<DayRange> Days(const DayRange& range);

/// The number of days of a month.
int DaysInMonth(int year, int month);

/// "YYYY-MM-01" of a month, and of the month after it.
std::string MonthStart(int year, int month);
std::string NextMonthStart(int year, int month);

}  // namespace costagg
