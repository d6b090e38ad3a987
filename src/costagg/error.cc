#include "costagg/error.h"

namespace costagg {

int ExitCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return 2;
    case ErrorKind::kData:
    case ErrorKind::kRuntime:
      return 1;
    case ErrorKind::kLockBusy:
      return 3;
    case ErrorKind::kTransient:
      return 4;
  }
  return 1;
}

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kData:
      return "data";
    case ErrorKind::kRuntime:
      return "runtime";
    case ErrorKind::kLockBusy:
      return "lock_busy";
    case ErrorKind::kTransient:
      return "transient";
  }
  return "runtime";
}

}  // namespace costagg
