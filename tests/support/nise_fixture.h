#pragma once
/// The fixture of the end-to-end tests that run costagg on koku-nise's data against the real PostgreSQL: each
/// test gets PgServerTest's schema, the data the derived fixture generates once per process, a fresh root
/// directory, and the queries those tests share on its schema.
///
/// Use from a test:
///   class MyTest : public NiseDataTest {
///    protected:
///     MyTest() : NiseDataTest("my-root") {}
///     std::string Generate() override { data_ = &Generated(); return data_->error; }
///   };

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/pg_server.h"

namespace costagg::testing {

/// PgServerTest for tests on nise's data.
class NiseDataTest : public PgServerTest {
 protected:
  /// `root_stem` names the per-test directory root_ (see FreshDirectory).
  explicit NiseDataTest(std::string root_stem) : root_stem_(std::move(root_stem)) {}

  /// PgServerTest's SetUp; then skips without nise (as COSTAGG_REQUIRE_NISE), fails when Generate() does, and
  /// makes root_.
  void SetUp() override;
  /// Removes root_.
  void TearDown() override;

  /// Generates the test's data, once per process; returns why it failed, empty when it worked.
  virtual std::string Generate() = 0;

  /// Runs costagg and asserts exit code 0 (reported with its first two arguments and its stderr).
  static void Ok(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

  /// init-db on `output` (uri() or duckdb:<file>), then the tag keys Koku would have enabled there, as
  /// {key, provider_type}.
  void InitDb(const std::string& output, const std::vector<std::pair<std::string, std::string>>& tag_keys);

  /// `table` qualified with this test's schema.
  std::string Table(const std::string& table) const { return schema() + "." + table; }
  /// Rows of `table` matching `where`.
  int64_t Count(const std::string& table, const std::string& where = "true");
  /// Σ `expression` over the rows of `table` matching `where` (0 when none).
  double Sum(const std::string& expression, const std::string& table, const std::string& where = "true");
  /// Row count and md5 of the rows of `table` matching `where`, for "nothing changed" checks: every column
  /// but uuid and id, text[] sorted (Koku leaves the order of resource_ids unspecified).
  std::string Checksum(const std::string& table, const std::string& where = "true");

  std::string root_;

 private:
  std::string root_stem_;
};

}  // namespace costagg::testing
