#include "costagg/ingest/staging.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "costagg/error.h"
#include "costagg/run_directory.h"

namespace costagg {
namespace fs = std::filesystem;

StagedOutput::StagedOutput(ObjectStore& target, const std::string& parent_dir) : target_(target) {
  std::error_code ec;
  fs::path parent = parent_dir.empty() ? RunDirectory() : fs::path(parent_dir);
  fs::create_directories(parent, ec);
  std::string pattern = (parent / "costagg-ingest-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) {
    throw RuntimeError("ingest: cannot create a staging directory under " + parent.string());
  }
  dir_ = pattern;
}

StagedOutput::~StagedOutput() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string StagedOutput::PathFor(const std::string& key) {
  fs::path path = fs::path(dir_) / key;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw RuntimeError(path.parent_path().string() + ": cannot create directory: " + ec.message());
  if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) keys_.push_back(key);
  return path.string();
}

std::string StagedOutput::WorkFile(const std::string& name) const {
  // Object keys are data/..., so a top-level "work" folder never holds one.
  fs::path dir = fs::path(dir_) / "work";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw RuntimeError(dir.string() + ": cannot create directory: " + ec.message());
  return (dir / name).string();
}

void StagedOutput::Drop(const std::string& key) {
  keys_.erase(std::remove(keys_.begin(), keys_.end(), key), keys_.end());
  std::error_code ec;
  fs::remove(fs::path(dir_) / key, ec);
}

std::vector<std::string> StagedOutput::keys() const {
  std::vector<std::string> sorted = keys_;
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

void StagedOutput::Commit() {
  std::vector<std::string> put;
  // The abort path of the commit: undo this run's puts, then let the error continue to main.
  try {
    for (const auto& key : keys()) {
      target_.Put(key, (fs::path(dir_) / key).string());
      put.push_back(key);
    }
  } catch (...) {
    for (const auto& key : put) {
      try {
        target_.Delete(key);
      } catch (...) {  // best effort: the original error is the one to report
      }
    }
    throw;
  }
}

}  // namespace costagg
