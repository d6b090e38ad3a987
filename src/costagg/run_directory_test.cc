#include "costagg/run_directory.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "support/cli.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

/// A run directory as a run makes it: the lock file and some spill.
fs::path MakeRunDirectory(const fs::path& parent, const std::string& name) {
  fs::path dir = parent / name;
  fs::create_directories(dir / "spill-0");
  std::ofstream(dir / "owner.lock");
  std::ofstream(dir / "spill-0" / "block.tmp") << std::string(4096, 'x');
  return dir;
}

/// Holds the exclusive lock of `dir`'s owner.lock, as a live run does, until destroyed.
class HeldLock {
 public:
  explicit HeldLock(const fs::path& dir) : fd_(::open((dir / "owner.lock").c_str(), O_RDWR | O_CLOEXEC)) {
    locked_ = fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  ~HeldLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;
  bool locked() const { return locked_; }

 private:
  int fd_;
  bool locked_ = false;
};

TEST(RunDirectoryTest, RemovesOnlyTheDirectoriesWhoseOwnerIsGone) {
  fs::path parent = testing::FreshDirectory("run-dirs");
  fs::path dead = MakeRunDirectory(parent, "costagg-run-dead01");
  fs::path live = MakeRunDirectory(parent, "costagg-run-live01");
  HeldLock owner(live);
  ASSERT_TRUE(owner.locked());

  std::vector<fs::path> removed = RemoveAbandonedRunDirectories(parent);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0], dead);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live / "spill-0" / "block.tmp"));
}

TEST(RunDirectoryTest, ADirectoryIsRemovedOnceItsOwnerLetsGo) {
  fs::path parent = testing::FreshDirectory("run-dirs");
  fs::path dir = MakeRunDirectory(parent, "costagg-run-abc123");
  {
    HeldLock owner(dir);
    ASSERT_TRUE(owner.locked());
    EXPECT_TRUE(RemoveAbandonedRunDirectories(parent).empty());
  }
  EXPECT_EQ(RemoveAbandonedRunDirectories(parent).size(), 1u);
  EXPECT_FALSE(fs::exists(dir));
}

TEST(RunDirectoryTest, ADirectoryWithoutLockIsRemovedOnlyWhenOld) {
  fs::path parent = testing::FreshDirectory("run-dirs");
  fs::path young = parent / "costagg-run-young1";
  fs::path old = parent / "costagg-run-old001";
  fs::create_directories(young);
  fs::create_directories(old);
  fs::last_write_time(old, fs::file_time_type::clock::now() - kUnlockedGrace - std::chrono::minutes(1));

  std::vector<fs::path> removed = RemoveAbandonedRunDirectories(parent);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0], old);
  EXPECT_TRUE(fs::exists(young));
}

TEST(RunDirectoryTest, OtherNamesFilesAndLinksAreLeftAlone) {
  fs::path parent = testing::FreshDirectory("run-dirs");
  fs::path elsewhere = testing::FreshDirectory("run-dirs-target");
  fs::path target = MakeRunDirectory(elsewhere, "costagg-run-target");
  fs::create_directory_symlink(target, parent / "costagg-run-link01");
  MakeRunDirectory(parent, "costagg-scenario-x");
  MakeRunDirectory(parent, "other-run-abc123");
  std::ofstream(parent / "costagg-run-file01") << "not a directory";

  EXPECT_TRUE(RemoveAbandonedRunDirectories(parent).empty());
  EXPECT_TRUE(fs::exists(target / "spill-0" / "block.tmp"));
  EXPECT_TRUE(fs::is_symlink(parent / "costagg-run-link01"));
  EXPECT_TRUE(fs::exists(parent / "costagg-scenario-x" / "owner.lock"));
  EXPECT_TRUE(fs::exists(parent / "other-run-abc123" / "owner.lock"));
  EXPECT_TRUE(fs::exists(parent / "costagg-run-file01"));
}

TEST(RunDirectoryTest, RunsStartingTogetherNeverRemoveEachOthersDirectory) {
  fs::path parent = testing::FreshDirectory("run-dirs");
  std::vector<pid_t> children;
  for (int c = 0; c < 6; ++c) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {  // each child makes, uses and drops run directories while the others sweep
      int status = 0;
      try {
        for (int i = 0; i < 50 && status == 0; ++i) {
          OwnedRunDirectory dir(parent);
          std::ofstream(dir.path() / "work") << i;
          if (!fs::exists(dir.path() / "owner.lock") || !fs::exists(dir.path() / "work")) status = 1;
        }
      } catch (...) {
        status = 2;
      }
      ::_exit(status);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = -1;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  }
  EXPECT_TRUE(fs::is_empty(parent)) << "every run removes its own directory";
}

TEST(RunDirectoryTest, TheProcessDirectoryIsLockedWhileItLives) {
  const fs::path& dir = RunDirectory();
  EXPECT_EQ(&dir, &RunDirectory());  // one per process
  EXPECT_EQ(dir.parent_path(), fs::temp_directory_path());
  EXPECT_EQ(dir.filename().string().rfind("costagg-run-", 0), 0u) << dir;
  EXPECT_TRUE(fs::is_directory(dir));
  HeldLock other(dir);  // another open file description, as another process would have
  EXPECT_FALSE(other.locked());
  // A sweep by another run keeps it.
  for (const auto& removed : RemoveAbandonedRunDirectories(dir.parent_path())) EXPECT_NE(removed, dir);
  EXPECT_TRUE(fs::is_directory(dir));
}

}  // namespace
}  // namespace costagg
