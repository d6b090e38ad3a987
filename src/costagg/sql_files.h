#pragma once
/// costagg's SQL (the files under sql/), compiled into the binary so a run never depends on a source tree.

#include <map>
#include <string>
#include <vector>

namespace costagg {

/// Every file under sql/, keyed by its path relative to sql/ ("schema/010_reference.sql").
const std::map<std::string, std::string>& EmbeddedSqlFiles();

/// The text of one SQL file; throws RuntimeError when it does not exist.
const std::string& SqlFile(const std::string& relative_path);

/// The files of one folder ("schema/"), in name order, as (path, text).
std::vector<std::pair<std::string, std::string>> SqlFolder(const std::string& folder);

/// Replaces every `{{name}}` in `sql` with its value; a placeholder left without a value is an error.
std::string RenderSql(const std::string& sql, const std::map<std::string, std::string>& values,
                      const std::string& step);

}  // namespace costagg
