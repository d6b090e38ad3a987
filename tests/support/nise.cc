#include "support/nise.h"

#include <array>
#include <cstdlib>
#include <exception>
#include <fstream>

#include "costagg/engine/engine.h"

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

bool NiseAwsCur(const std::string& yaml, const std::string& start_date, const std::string& end_date,
                NiseOutput& out) {
  static const std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                      "May",       "June",     "July",     "August",
                                                      "September", "October",  "November", "December"};
  std::ofstream(out.dir + "/aws.yml") << yaml;
  out.aws = out.dir + "/aws";
  std::filesystem::create_directories(out.aws);
  // --write-monthly writes <Month>-<year>-None.csv into the working directory.
  if (!RunNise(out.dir, out.aws,
               "report aws --static-report-file ../aws.yml --start-date " + start_date + " --end-date " +
                   end_date + " --write-monthly",
               &out.error)) {
    return false;
  }
  out.aws_csv = out.aws + "/" + kMonths.at(std::stoi(start_date.substr(5, 2)) - 1) + "-" +
                start_date.substr(0, 4) + "-None.csv";
  if (!std::filesystem::exists(out.aws_csv)) {
    out.error = "nise wrote no " + out.aws_csv;
    return false;
  }
  return true;
}

bool EditCsv(const std::string& csv, const std::string& select, std::string* error) {
  std::string edited = csv + ".edited";
  try {
    Engine engine;
    engine.Execute("COPY (WITH cur AS (SELECT * FROM read_csv(" + SqlLiteral(csv) +
                       ", all_varchar = true, header = true)) " + select + ") TO " + SqlLiteral(edited) +
                       " (HEADER, DELIMITER ',')",
                   "edit the CUR");
    std::filesystem::rename(edited, csv);
  } catch (const std::exception& e) {
    *error = std::string("editing the CUR failed: ") + e.what();
    return false;
  }
  return true;
}

}  // namespace costagg::testing
