#include "costagg/modes/sql_steps.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "costagg/sql_files.h"

namespace costagg {

void RunSqlSteps(Engine& engine, const std::string& folder, const std::string& from, const std::string& to,
                 const SqlParams& params) {
  for (const auto& [path, text] : SqlFolder(folder)) {
    std::string name = path.substr(folder.size());
    if (name < from || name >= to) continue;
    auto started = std::chrono::steady_clock::now();
    engine.Execute(text, "sql/" + path, params);
    spdlog::debug("sql/{} took {:.3f} s", path,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
}

void DefineSqlMacros(Engine& engine) { RunSqlSteps(engine, "common/", "", "~", {}); }

}  // namespace costagg
