#pragma once
/// Running a mode's SQL: the files of one folder under sql/ in name order, each a step of the summary.

#include <string>

#include "costagg/engine/engine.h"

namespace costagg {

/// Runs the files of `folder` ("ocp_aws/") whose names (without the folder) sort in [from, to), in name
/// order, with `params`; logs each file's time at debug level.
void RunSqlSteps(Engine& engine, const std::string& folder, const std::string& from, const std::string& to,
                 const SqlParams& params);

/// Defines the macros the summary modes share (sql/common/): run once on a new engine, before a mode's steps.
void DefineSqlMacros(Engine& engine);

}  // namespace costagg
