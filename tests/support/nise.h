#pragma once
/// koku-nise for end-to-end tests: where it is, running it so that parallel tests do not collide, and its AWS
/// CUR as the tests use it.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/s3_server.h"  // ServersRequired()

namespace costagg::testing {

/// The nise executable: $COSTAGG_NISE, else $COSTAGG_VENV/bin/nise, else the source tree's .venv/bin/nise.
std::string NiseBinary();

/// Runs `nise <args>` in `cwd`, with a private TMPDIR under `work` (nise stages payloads under $TMPDIR with
/// fixed names) and its output appended to `work`/nise.log. On failure fills `error` (naming the log) and
/// returns false.
bool RunNise(const std::string& work, const std::string& cwd, const std::string& args, std::string* error);

/// What nise generated for a test process, in a directory removed at exit. Tests derive their own with the
/// OpenShift upload directories they need.
struct NiseOutput {
  std::string dir;
  std::string aws;  ///< directory holding the (edited) CUR
  std::string aws_csv;
  std::string error;  ///< why generation failed; empty when it worked
  ~NiseOutput() {
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
};

/// nise's AWS CUR of the static report `yaml` (written to out.dir/aws.yml) from `start_date` to `end_date`
/// (YYYY-MM-DD, end exclusive): one month's CSV, written into out.aws = out.dir/aws by --write-monthly, its
/// path in out.aws_csv (nise names it <Month>-<year>-None.csv after the start date). On failure fills
/// out.error and returns false.
bool NiseAwsCur(const std::string& yaml, const std::string& start_date, const std::string& end_date,
                NiseOutput& out);

/// Replaces the CSV file `csv` by what `select` returns, with a header. `select` reads the CSV as the table
/// `cur`, every column as text. On failure fills `error` and returns false.
bool EditCsv(const std::string& csv, const std::string& select, std::string* error);

}  // namespace costagg::testing

/// Skips the current test (or fails it when ServersRequired(): env CI or COSTAGG_REQUIRE_SERVERS) when there
/// is no nise.
#define COSTAGG_REQUIRE_NISE()                                        \
  do {                                                                \
    if (!std::filesystem::exists(::costagg::testing::NiseBinary())) { \
      if (::costagg::testing::ServersRequired())                      \
        FAIL() << "no nise at " << ::costagg::testing::NiseBinary();  \
      GTEST_SKIP() << "skipped: no koku-nise (run scripts/setup.sh)"; \
    }                                                                 \
  } while (0)
