#pragma once
/// The days a summary run covers.

#include <string>

#include "costagg/config/options.h"

namespace costagg {

/// The inclusive day range a run covers.
struct DayRange {
  std::string start;  ///< YYYY-MM-DD
  std::string end;    ///< YYYY-MM-DD, included
};

/// The range for `options` (start/end dates default to the first and last day of year/month).
DayRange RequestedRange(const Options& options);

}  // namespace costagg
