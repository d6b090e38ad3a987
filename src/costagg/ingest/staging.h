#pragma once
/// Parquet files are written to a local staging directory first and put into the target store only once
/// every file of the run converted, so a failed conversion never touches the target (ingest.h).

#include <string>
#include <vector>

#include "costagg/input/object_store.h"

namespace costagg {

/// A staging directory for one run; removed (with whatever is left in it) on destruction.
class StagedOutput {
 public:
  /// Creates a fresh directory `costagg-ingest-XXXXXX` under `parent_dir` (empty: the system temp directory).
  StagedOutput(ObjectStore& target, const std::string& parent_dir);
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  /// The local file to write for object `key` (its folders are created). Staging a key twice is allowed
  /// (the later file wins).
  std::string PathFor(const std::string& key);

  /// A local file `name` for the run's own work (not an object: never put into the target), removed with the
  /// staging directory.
  std::string WorkFile(const std::string& name) const;

  /// Forgets `key` and removes its staged file (an empty result Koku would not write).
  void Drop(const std::string& key);

  /// Puts every staged file into the target, in key order. If a put fails, the objects this commit already
  /// put are deleted again (best effort) and the error is rethrown.
  void Commit();

  /// The keys staged, sorted.
  std::vector<std::string> keys() const;

 private:
  ObjectStore& target_;
  std::string dir_;
  std::vector<std::string> keys_;
};

}  // namespace costagg
