#include "support/nise.h"

#include <cstdlib>
#include <filesystem>

namespace costagg::testing {

std::string NiseBinary() {
  if (const char* v = std::getenv("COSTAGG_NISE"); v && *v) return v;
  if (const char* venv = std::getenv("COSTAGG_VENV"); venv && *venv) return std::string(venv) + "/bin/nise";
  return std::string(COSTAGG_SOURCE_DIR) + "/.venv/bin/nise";
}

bool RunNise(const std::string& work, const std::string& cwd, const std::string& args, std::string* error) {
  std::string tmp = work + "/tmp";
  std::filesystem::create_directories(tmp);
  std::string command = "cd '" + cwd + "' && TMPDIR='" + tmp + "' PYTHONUTF8=1 '" + NiseBinary() + "' " +
                        args + " >> '" + work + "/nise.log' 2>&1";
  if (std::system(command.c_str()) != 0) {
    *error = "nise failed (" + args + "), see " + work + "/nise.log";
    return false;
  }
  return true;
}

}  // namespace costagg::testing
