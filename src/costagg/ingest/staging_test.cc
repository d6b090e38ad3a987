#include "costagg/ingest/staging.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "costagg/error.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

/// A store that records puts and deletes and fails the put of one key.
class FlakyStore : public ObjectStore {
 public:
  explicit FlakyStore(std::string fail_key) : fail_key_(std::move(fail_key)) {}
  std::string Describe() const override { return "flaky:"; }
  void CheckAccess() override {}
  std::vector<ObjectInfo> List(const std::string&) override {
    std::vector<ObjectInfo> out;
    for (const auto& k : objects_) out.push_back({k, 0});
    return out;
  }
  void Put(const std::string& key, const std::string& local_file) override {
    if (key == fail_key_) throw RuntimeError(key + ": put refused");
    EXPECT_TRUE(fs::exists(local_file));
    objects_.push_back(key);
  }
  void Delete(const std::string& key) override {
    objects_.erase(std::find(objects_.begin(), objects_.end(), key));
  }
  std::string UrlFor(const std::string& key) const override { return key; }
  bool IsS3() const override { return true; }
  std::vector<std::string> objects_;

 private:
  std::string fail_key_;
};

void Stage(StagedOutput& staged, const std::string& key) { std::ofstream(staged.PathFor(key)) << key; }

TEST(IngestStagingTest, CommitPutsEveryFileThenCleansUp) {
  FlakyStore store("");
  std::string dir;
  {
    StagedOutput staged(store, "");
    Stage(staged, "data/b.parquet");
    Stage(staged, "data/a.parquet");
    Stage(staged, "data/empty.parquet");
    staged.Drop("data/empty.parquet");
    dir = fs::path(staged.PathFor("x")).parent_path().string();
    staged.Drop("x");
    staged.Commit();
  }
  EXPECT_EQ(store.objects_, (std::vector<std::string>{"data/a.parquet", "data/b.parquet"}));
  EXPECT_FALSE(fs::exists(dir));
}

TEST(IngestStagingTest, FailedPutRemovesWhatThisCommitPut) {
  FlakyStore store("data/c.parquet");
  StagedOutput staged(store, "");
  for (const char* key : {"data/a.parquet", "data/b.parquet", "data/c.parquet", "data/d.parquet"})
    Stage(staged, key);
  EXPECT_THROW(staged.Commit(), Error);
  EXPECT_TRUE(store.objects_.empty());
}

}  // namespace
}  // namespace costagg
