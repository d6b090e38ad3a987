#pragma once
/// The run's private directory for its temporary files: DuckDB's spill, the OpenShift rows fetched from
/// PostgreSQL, ingest's staged parquet. One directory per process, `costagg-run-XXXXXX` under the system temp
/// directory (TMPDIR), made on first use and removed when the process exits normally.
///
/// A run killed outright (SIGKILL, the kernel's OOM killer, a container stopped) cannot remove it, and its
/// spill can be gigabytes. So the directory holds `owner.lock`, locked (flock) for as long as the process
/// lives; the kernel drops that lock when the process dies, however it dies. Each run, before making its own
/// directory, removes the directories beside it whose lock nobody holds. A lock is seen across PID
/// namespaces, so runs in two containers that share a temp directory never remove each other's live files.

#include <chrono>
#include <filesystem>
#include <vector>

namespace costagg {

/// A run directory under `parent`, made (after RemoveAbandonedRunDirectories on `parent`) and locked on
/// construction, removed with everything in it on destruction. Throws RuntimeError when it cannot be made.
class OwnedRunDirectory {
 public:
  explicit OwnedRunDirectory(const std::filesystem::path& parent);
  ~OwnedRunDirectory();
  OwnedRunDirectory(const OwnedRunDirectory&) = delete;
  OwnedRunDirectory& operator=(const OwnedRunDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int lock_fd_ = -1;
};

/// This process's run directory (an OwnedRunDirectory under the system temp directory), made on first call
/// (after RemoveAbandonedRunDirectories on its parent). Throws RuntimeError when it cannot be made.
const std::filesystem::path& RunDirectory();

/// Removes the run directories directly under `parent` that were left by processes that are gone: those whose
/// `owner.lock` can be locked, and those older than `kUnlockedGrace` that have no lock file at all (a run
/// killed between making the directory and locking it). Anything else, other names and symbolic links
/// included, is left alone. Never throws: what cannot be removed is logged and kept. Returns what it removed.
std::vector<std::filesystem::path> RemoveAbandonedRunDirectories(const std::filesystem::path& parent);

/// How old a run directory without a lock file must be before it counts as abandoned.
inline constexpr std::chrono::minutes kUnlockedGrace{5};

}  // namespace costagg
