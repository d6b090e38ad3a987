#include "costagg/input/object_store.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "costagg/error.h"
#include "costagg/input/s3_client.h"
#include "costagg/run_directory.h"

namespace costagg {
namespace fs = std::filesystem;

bool ParseS3Url(const std::string& url, std::string* bucket, std::string* prefix) {
  if (url.rfind("s3://", 0) != 0) return false;
  std::string rest = url.substr(5);
  auto slash = rest.find('/');
  *bucket = rest.substr(0, slash);
  *prefix = slash == std::string::npos ? "" : rest.substr(slash + 1);
  while (!prefix->empty() && prefix->back() == '/') prefix->pop_back();
  return true;
}

namespace {

class LocalObjectStore : public ObjectStore {
 public:
  explicit LocalObjectStore(std::string root) : root_(std::move(root)) {}

  std::string Describe() const override { return root_; }

  void CheckAccess() override {
    std::error_code ec;
    if (!fs::is_directory(root_, ec)) throw DataError(root_ + ": no such directory");
  }

  std::vector<ObjectInfo> List(const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    fs::path base(root_);
    // Start at the deepest existing directory of the prefix, then filter by the full prefix.
    fs::path start = base / prefix;
    std::error_code ec;
    while (!fs::is_directory(start, ec) && start != base) start = start.parent_path();
    if (!fs::is_directory(start, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(start, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string key = fs::relative(it->path(), base).generic_string();
      if (key.rfind(prefix, 0) == 0) out.push_back({key, static_cast<int64_t>(it->file_size())});
    }
    if (ec) throw DataError(start.string() + ": cannot list: " + ec.message());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return out;
  }

  bool HasAny(const std::string& prefix) override {
    if (prefix.empty() || prefix.back() != '/') return !List(prefix).empty();
    // A folder prefix: stop at the first file instead of listing them all.
    std::error_code ec;
    fs::path dir = fs::path(root_) / prefix;
    if (!fs::is_directory(dir, ec)) return false;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file()) return true;
    }
    return false;
  }

  void Put(const std::string& key, const std::string& local_file) override {
    fs::path target = fs::path(root_) / key;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw RuntimeError(target.parent_path().string() + ": cannot create directory: " + ec.message());
    // Copy to a temporary name in the same directory, then rename: readers never see half a file.
    fs::path tmp = target;
    tmp += ".tmp-" + std::to_string(::getpid());
    fs::copy_file(local_file, tmp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(tmp, target, ec);
    if (ec) {
      fs::remove(tmp);
      throw RuntimeError(target.string() + ": cannot write: " + ec.message());
    }
  }

  void Delete(const std::string& key) override {
    std::error_code ec;
    fs::remove(fs::path(root_) / key, ec);
  }

  std::string UrlFor(const std::string& key) const override { return (fs::path(root_) / key).string(); }
  bool IsS3() const override { return false; }

 private:
  std::string root_;
};

class S3ObjectStore : public ObjectStore {
 public:
  S3ObjectStore(std::string bucket, std::string prefix, const S3Options& s3)
      : bucket_(std::move(bucket)), prefix_(std::move(prefix)), client_(s3) {}

  std::string Describe() const override { return "s3://" + bucket_ + (prefix_.empty() ? "" : "/" + prefix_); }

  void CheckAccess() override { client_.HeadBucket(bucket_); }

  std::vector<ObjectInfo> List(const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (auto& o : client_.ListObjects(bucket_, Full(prefix))) {
      out.push_back({Relative(o.key), o.size});
    }
    return out;
  }

  bool HasAny(const std::string& prefix) override {
    return !client_.ListObjects(bucket_, Full(prefix), 1).empty();
  }

  void Put(const std::string& key, const std::string& local_file) override {
    client_.PutObject(bucket_, Full(key), local_file);
  }

  void Delete(const std::string& key) override { client_.DeleteObject(bucket_, Full(key)); }

  std::string UrlFor(const std::string& key) const override { return "s3://" + bucket_ + "/" + Full(key); }
  bool IsS3() const override { return true; }

 private:
  std::string Full(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "/" + key; }
  std::string Relative(const std::string& key) const {
    return prefix_.empty() ? key : key.substr(std::min(key.size(), prefix_.size() + 1));
  }

  std::string bucket_;
  std::string prefix_;
  S3Client client_;
};

class MemoryObjectStore : public ObjectStore {
 public:
  std::string Describe() const override { return "memory:"; }
  void CheckAccess() override {}
  std::vector<ObjectInfo> List(const std::string& prefix) override {
    std::vector<ObjectInfo> out;
    for (const auto& [key, bytes] : objects_) {
      if (key.rfind(prefix, 0) == 0) out.push_back({key, static_cast<int64_t>(bytes.size())});
    }
    return out;
  }
  void Put(const std::string& key, const std::string& local_file) override {
    std::ifstream in(local_file, std::ios::binary);
    if (!in) throw RuntimeError(local_file + ": cannot read");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    objects_[key] = bytes.str();
  }
  void Delete(const std::string& key) override { objects_.erase(key); }
  std::string UrlFor(const std::string& key) const override {
    fs::path dir = RunDirectory() / "memory-store";
    fs::path file = dir / key;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << objects_.at(key);
    return file.string();
  }
  bool IsS3() const override { return false; }

 private:
  std::map<std::string, std::string> objects_;
};

}  // namespace

std::unique_ptr<ObjectStore> OpenObjectStore(const std::string& location, const S3Options& s3) {
  std::string bucket, prefix;
  if (ParseS3Url(location, &bucket, &prefix)) {
    if (bucket.empty()) throw UsageError("'" + location + "' names no bucket (s3://bucket/prefix)");
    return std::make_unique<S3ObjectStore>(bucket, prefix, s3);
  }
  if (location.find("://") != std::string::npos) {
    throw UsageError("'" + location + "': only local directories and s3:// URLs are supported");
  }
  return std::make_unique<LocalObjectStore>(location);
}

std::unique_ptr<ObjectStore> NewMemoryObjectStore() { return std::make_unique<MemoryObjectStore>(); }

}  // namespace costagg
