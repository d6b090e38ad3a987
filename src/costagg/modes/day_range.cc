#include "costagg/modes/day_range.h"

#include <chrono>
#include <cstdio>

namespace costagg {
namespace {

std::string DateText(int year, unsigned month, unsigned day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

}  // namespace

DayRange RequestedRange(const Options& options) {
  using namespace std::chrono;
  year_month ym{year{options.year}, month{static_cast<unsigned>(options.month)}};
  unsigned last_day = static_cast<unsigned>((ym / std::chrono::last).day());
  DayRange range;
  range.start = options.start_date.empty() ? DateText(options.year, ym.month().operator unsigned(), 1)
                                           : options.start_date;
  range.end = options.end_date.empty() ? DateText(options.year, ym.month().operator unsigned(), last_day)
                                       : options.end_date;
  return range;
}

}  // namespace costagg
