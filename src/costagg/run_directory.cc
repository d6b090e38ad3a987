#include "costagg/run_directory.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include "costagg/error.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

constexpr const char* kPrefix = "costagg-run-";
constexpr const char* kLockFile = "owner.lock";

/// An open file descriptor, closed with the object.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

 private:
  int fd_;
};

/// Bytes of the regular files under `dir`, for the log line; what cannot be read counts as 0.
uintmax_t SizeOf(const fs::path& dir) {
  uintmax_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      uintmax_t size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

/// Whether the run directory `dir` was left by a process that is gone. When it was, `*lock` keeps its lock
/// held (when it has one) until the caller has removed it, so two runs sweeping at once do not both work on
/// it.
bool Abandoned(const fs::path& dir, std::unique_ptr<Fd>* lock) {
  int fd = ::open((dir / kLockFile).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno != ENOENT) return false;  // another user's directory, or unreadable: not ours to judge
    std::error_code ec;
    auto modified = fs::last_write_time(dir, ec);
    return !ec && fs::file_time_type::clock::now() - modified > kUnlockedGrace;
  }
  *lock = std::make_unique<Fd>(fd);
  return ::flock(fd, LOCK_EX | LOCK_NB) == 0;
}

}  // namespace

OwnedRunDirectory::OwnedRunDirectory(const fs::path& parent) {
  std::error_code ec;
  RemoveAbandonedRunDirectories(parent);
  std::string pattern = (parent / (std::string(kPrefix) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) {
    throw RuntimeError("cannot create the run's temp directory under " + parent.string() + ": " +
                       std::strerror(errno) + " (check TMPDIR)");
  }
  path_ = pattern;
  // The lock file is locked under another name and then renamed: a run sweeping at this moment either finds
  // no owner.lock (a young directory, kept) or finds it locked.
  fs::path fresh = path_ / (std::string(kLockFile) + ".new");
  lock_fd_ = ::open(fresh.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0 ||
      ::rename(fresh.c_str(), (path_ / kLockFile).c_str()) != 0) {
    std::string reason = std::strerror(errno);
    if (lock_fd_ >= 0) ::close(lock_fd_);
    fs::remove_all(path_, ec);
    throw RuntimeError("cannot lock " + (path_ / kLockFile).string() + ": " + reason);
  }
}

OwnedRunDirectory::~OwnedRunDirectory() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  ::close(lock_fd_);
}

const fs::path& RunDirectory() {
  static OwnedRunDirectory directory([] {
    std::error_code ec;
    fs::path parent = fs::temp_directory_path(ec);
    if (ec) {
      const char* tmpdir = std::getenv("TMPDIR");
      throw RuntimeError("no temp directory for the run's files: " +
                         (tmpdir ? "TMPDIR " + std::string(tmpdir) + ": " : std::string()) + ec.message());
    }
    return parent;
  }());
  return directory.path();
}

std::vector<fs::path> RemoveAbandonedRunDirectories(const fs::path& parent) {
  std::vector<fs::path> removed;
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind(kPrefix, 0) != 0) continue;
    std::error_code status_ec;
    if (!it->is_directory(status_ec) || it->is_symlink(status_ec)) continue;
    std::unique_ptr<Fd> lock;
    if (!Abandoned(it->path(), &lock)) continue;
    uintmax_t bytes = SizeOf(it->path());
    std::error_code remove_ec;
    fs::remove_all(it->path(), remove_ec);
    if (remove_ec) {
      spdlog::warn("cannot remove {}, left by a costagg run that did not finish: {}", it->path().string(),
                   remove_ec.message());
      continue;
    }
    spdlog::info("removed {} ({:.1f} MiB), left by a costagg run that did not finish", it->path().string(),
                 static_cast<double>(bytes) / (1024.0 * 1024.0));
    removed.push_back(it->path());
  }
  return removed;
}

}  // namespace costagg
