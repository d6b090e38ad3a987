#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing (scripts/setup.sh), checks formatting,
# builds with warnings as errors, and runs every test under CTest. The tests start their own PostgreSQL 15 and
# MinIO on loopback ports (the `servers` CTest fixture). Under CI (CI=true) a missing server fails the run.
#   scripts/test.sh [extra ctest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
# shellcheck disable=SC1091
source "${COSTAGG_CACHE:-$HOME/.cache/costagg}/env.sh"
export COSTAGG_MINIO_BIN

echo "== format check (clang-format)"
mapfile -t sources < <(git ls-files '*.cc' '*.h')
clang-format --dry-run --Werror "${sources[@]}"

echo "== build (warnings are errors)"
build=${COSTAGG_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSTAGG_WERROR=ON \
  -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C "$build"

echo "== tests"
if [ -n "${CI:-}" ] && [ "${CI}" != false ]; then export COSTAGG_REQUIRE_SERVERS=1; fi
ctest --test-dir "$build" --output-on-failure -j2 "$@"
