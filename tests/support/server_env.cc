#include "support/server_env.h"

#include <cstdlib>
#include <fstream>

namespace costagg::testing {

std::optional<std::string> TestServerValue(const std::string& name) {
  if (const char* v = std::getenv(name.c_str()); v && *v) return std::string(v);
  const char* file = std::getenv("COSTAGG_TEST_SERVERS_FILE");
  if (!file || !*file) return std::nullopt;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + "=", 0) == 0) return line.substr(name.size() + 1);
  }
  return std::nullopt;
}

}  // namespace costagg::testing
