#pragma once
/// A costagg run: the phases of one command, each a named function under a scoped timer
/// (discover inputs -> load -> compute -> write -> report). main() only parses options, calls Run and maps
/// the outcome to an exit code.

#include "costagg/config/options.h"
#include "costagg/run_report.h"

namespace costagg {

/// Runs `options.command`. Throws costagg::Error on failure; `report` holds what was done up to then.
void Run(const Options& options, RunReport* report);

}  // namespace costagg
