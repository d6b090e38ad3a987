#include "costagg/modes/day_range.h"

#include <chrono>
#include <cstdio>

namespace costagg {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

std::string DateText(int year, unsigned month, unsigned day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

sys_days ParseDay(const std::string& text) {
  using namespace std::chrono;
  return sys_days{year{std::stoi(text.substr(0, 4))} /
                  month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))} /
                  day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
}

std::string DayText(sys_days day) {
  year_month_day ymd{day};
  return DateText(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
}

}  // namespace

int DaysInMonth(int year, int month) {
  using namespace std::chrono;
  return static_cast<int>(static_cast<unsigned>(
      (year_month{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)}} / last).day()));
}

std::string MonthStart(int year, int month) { return DateText(year, static_cast<unsigned>(month), 1); }

std::string NextMonthStart(int year, int month) {
  return month == 12 ? MonthStart(year + 1, 1) : MonthStart(year, month + 1);
}

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

std::string DaysFilter(const std::string& column, const DayRange& range) {
  return column + " >= DATE '" + range.start + "' AND " + column + " < DATE '" + range.end +
         "' + INTERVAL 1 DAY";
}

std::vector<DayRange> Days(const DayRange& range) {
  std::vector<DayRange> days;
  for (sys_days day = ParseDay(range.start); day <= ParseDay(range.end); day += std::chrono::days{1}) {
    days.push_back({DayText(day), DayText(day)});
  }
  return days;
}

std::vector<DayRange> KokuChunks(const DayRange& range) {
  constexpr int kStep = 5;  // Koku's TRINO_DATE_STEP
  sys_days start = ParseDay(range.start), end = ParseDay(range.end);
  std::vector<DayRange> chunks;
  sys_days from = start;
  for (sys_days cut = start + std::chrono::days{kStep}; cut <= end; cut += std::chrono::days{kStep}) {
    chunks.push_back({DayText(from), DayText(cut)});
    from = cut + std::chrono::days{1};
  }
  if (from <= end) chunks.push_back({DayText(from), DayText(end)});
  return chunks;
}

}  // namespace costagg
