#pragma once
/// Where parquet lives: a local directory or an S3 bucket and prefix, behind one small interface. DuckDB
/// reads the objects itself (a path, or an s3:// URL through httpfs); this interface is for what DuckDB
/// cannot do: checking access up front, listing, uploading finished files and removing objects.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "costagg/config/options.h"

namespace costagg {

/// One object under the store's root.
struct ObjectInfo {
  std::string key;  ///< relative to the store root, '/'-separated
  int64_t size = 0;
};

/// A root of objects (local directory or s3://bucket/prefix).
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  /// The root as the user wrote it (no credentials).
  virtual std::string Describe() const = 0;
  /// Fails with one clear line when the root cannot be used (no bucket, bad credentials, unreachable server).
  virtual void CheckAccess() = 0;
  /// Objects whose key starts with `prefix`, sorted by key.
  virtual std::vector<ObjectInfo> List(const std::string& prefix) = 0;
  /// True when at least one object's key starts with `prefix`. Stores override it with a cheap check (one
  /// short listing); the default lists everything.
  virtual bool HasAny(const std::string& prefix) { return !List(prefix).empty(); }
  /// Uploads (or copies) a finished local file to `key`, replacing any object there.
  virtual void Put(const std::string& key, const std::string& local_file) = 0;
  /// Removes `key`; a missing object is not an error.
  virtual void Delete(const std::string& key) = 0;
  /// What DuckDB reads for `key`: a file path or an s3:// URL.
  virtual std::string UrlFor(const std::string& key) const = 0;
  /// True for S3 (DuckDB then needs Engine::EnableS3).
  virtual bool IsS3() const = 0;
};

/// Opens `location` (a directory, or s3://bucket[/prefix]). Does not touch the network yet.
std::unique_ptr<ObjectStore> OpenObjectStore(const std::string& location, const S3Options& s3);

/// Splits s3://bucket/prefix; false if `url` is not an s3:// URL.
bool ParseS3Url(const std::string& url, std::string* bucket, std::string* prefix);

/// An in-memory store for unit tests: Put copies the file's bytes, UrlFor writes them back out to a temp
/// file.
std::unique_ptr<ObjectStore> NewMemoryObjectStore();

}  // namespace costagg
