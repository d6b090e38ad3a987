#include "costagg/sql_files.h"

#include "costagg/error.h"

namespace costagg {

const std::string& SqlFile(const std::string& relative_path) {
  const auto& files = EmbeddedSqlFiles();
  auto it = files.find(relative_path);
  if (it == files.end()) throw RuntimeError("SQL file sql/" + relative_path + " is not built into costagg");
  return it->second;
}

std::vector<std::pair<std::string, std::string>> SqlFolder(const std::string& folder) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, text] : EmbeddedSqlFiles()) {
    if (path.rfind(folder, 0) == 0) out.emplace_back(path, text);
  }
  return out;
}

std::string RenderSql(const std::string& sql, const std::map<std::string, std::string>& values,
                      const std::string& step) {
  std::string out;
  out.reserve(sql.size());
  size_t pos = 0;
  while (true) {
    size_t open = sql.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = sql.find("}}", open);
    if (close == std::string::npos) throw RuntimeError(step + ": unterminated {{ placeholder");
    std::string name = sql.substr(open + 2, close - open - 2);
    auto it = values.find(name);
    if (it == values.end()) throw RuntimeError(step + ": no value for placeholder {{" + name + "}}");
    out.append(sql, pos, open - pos);
    out += it->second;
    pos = close + 2;
  }
  out.append(sql, pos, std::string::npos);
  return out;
}

}  // namespace costagg
