#pragma once
/// A minimal S3 client (HEAD bucket, list, put, delete) over libcurl's built-in AWS SigV4 signing. DuckDB's
/// httpfs does the reading; this covers what httpfs cannot. Transient failures (connection errors, 5xx, 429)
/// are retried with exponential backoff within a bounded total time; the rest become one-line errors that
/// name the bucket or object and never the keys.

#include <cstdint>
#include <string>
#include <vector>

#include "costagg/config/options.h"

namespace costagg {

/// One listed object.
struct S3Object {
  std::string key;
  int64_t size = 0;
};

/// How transient failures are retried: exponential backoff from `initial_backoff_ms`, at most `max_attempts`
/// tries and `max_total_seconds` in all. An attempt that moves no byte for `stall_timeout_seconds` (a server
/// that accepts the request and never answers) is abandoned and counts as a transient failure.
struct RetryPolicy {
  int max_attempts = 6;
  int initial_backoff_ms = 200;
  int max_total_seconds = 60;
  int stall_timeout_seconds = 30;
};

/// Talks to one S3 endpoint with one set of credentials.
class S3Client {
 public:
  explicit S3Client(const S3Options& options, RetryPolicy retry = {});

  /// Fails with DataError for a missing bucket or refused credentials, RuntimeError/transient otherwise.
  void HeadBucket(const std::string& bucket);
  /// Every object under `prefix` (ListObjectsV2, all pages), sorted by key; with `max_keys` > 0, at most that
  /// many (one page).
  std::vector<S3Object> ListObjects(const std::string& bucket, const std::string& prefix, int max_keys = 0);
  void PutObject(const std::string& bucket, const std::string& key, const std::string& local_file);
  void DeleteObject(const std::string& bucket, const std::string& key);
  /// Creates a bucket (tests and demo only); an existing bucket owned by us is fine.
  void CreateBucket(const std::string& bucket);

  /// The endpoint as a base URL, e.g. http://127.0.0.1:9000 (scheme added when missing).
  const std::string& base_url() const { return base_url_; }

 private:
  struct Response {
    long status = 0;
    std::string body;
  };
  Response Request(const std::string& method, const std::string& path, const std::string& query,
                   const std::string& upload_file, const std::string& what);

  S3Options options_;
  RetryPolicy retry_;
  std::string base_url_;
};

/// Percent-encodes `text` for an S3 path (keeps '/' when `keep_slash`) or query value.
std::string S3Encode(const std::string& text, bool keep_slash);

/// Extracts (key, size) pairs and the continuation token from a ListObjectsV2 response body.
std::vector<S3Object> ParseListObjects(const std::string& xml, std::string* next_token);

}  // namespace costagg
