#include "costagg/modes/day_range.h"

#include <gtest/gtest.h>

namespace costagg {
namespace {

std::vector<std::pair<std::string, std::string>> Pairs(const std::vector<DayRange>& ranges) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : ranges) out.emplace_back(r.start, r.end);
  return out;
}

TEST(DayRangeTest, DaysListsEveryDayAcrossMonthEnds) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Pairs(Days({"2024-02-28", "2024-03-01"})),
            (std::vector<P>{
                {"2024-02-28", "2024-02-28"}, {"2024-02-29", "2024-02-29"}, {"2024-03-01", "2024-03-01"}}));
  EXPECT_EQ(Pairs(Days({"2026-10-04", "2026-10-04"})), (std::vector<P>{{"2026-10-04", "2026-10-04"}}));
}

TEST(DayRangeTest, MonthArithmetic) {
  EXPECT_EQ(MonthStart(2026, 3), "2026-03-01");
  EXPECT_EQ(NextMonthStart(2026, 12), "2027-01-01");
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 2), 28);
  EXPECT_EQ(DaysInMonth(2026, 10), 31);
}

}  // namespace
}  // namespace costagg
