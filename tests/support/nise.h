#pragma once
/// koku-nise for end-to-end tests: where it is, and running it so that parallel tests do not collide.

#include <string>

namespace costagg::testing {

/// The nise executable: $COSTAGG_NISE, else $COSTAGG_VENV/bin/nise, else the source tree's .venv/bin/nise.
std::string NiseBinary();

/// Runs `nise <args>` in `cwd`, with a private TMPDIR under `work` (nise stages payloads under $TMPDIR with
/// fixed names) and its output appended to `work`/nise.log. On failure fills `error` (naming the log) and
/// returns false.
bool RunNise(const std::string& work, const std::string& cwd, const std::string& args, std::string* error);

}  // namespace costagg::testing
