#pragma once
/// A throwaway MinIO server for tests: started once per test process on a free loopback port, with a fresh
/// data directory, stopped at exit. Without the MinIO binary the test is skipped, unless CI or
/// COSTAGG_REQUIRE_SERVERS is set, in which case it fails: in CI a missing server is never a silent skip.

#include <map>
#include <string>

#include "costagg/config/options.h"

namespace costagg::testing {

/// The running server.
class S3Server {
 public:
  /// Starts the server on first use; returns nullptr (after GTEST_SKIP/FAIL bookkeeping by the caller) when
  /// it cannot run. `why` says why.
  static S3Server* Get(std::string* why);

  /// Options that reach this server with valid credentials.
  S3Options Options() const;
  /// A new empty bucket with a unique name.
  std::string NewBucket(const std::string& stem);
  int port() const { return port_; }

 private:
  S3Server() = default;
  int port_ = 0;
  int pid_ = 0;
  std::string dir_;
  friend struct S3ServerStopper;
};

/// True when a missing server must fail the test instead of skipping it.
bool ServersRequired();

/// The environment that points the costagg binary at the server of `o` (S3_ENDPOINT, S3_ACCESS_KEY,
/// S3_SECRET_KEY), for RunCostagg.
std::map<std::string, std::string> S3Env(const S3Options& o);

}  // namespace costagg::testing

/// Gets the server or skips/fails the current test.
#define COSTAGG_REQUIRE_S3(server)                                       \
  std::string costagg_s3_why;                                            \
  auto* server = ::costagg::testing::S3Server::Get(&costagg_s3_why);     \
  if (!server) {                                                         \
    if (::costagg::testing::ServersRequired()) FAIL() << costagg_s3_why; \
    GTEST_SKIP() << "skipped: " << costagg_s3_why;                       \
  }
