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

# --- Sanitizers and fuzzing (issue 5, item 5; fuzz/README.md) ---------------------------------------------------
# A second build of costagg and its tests with AddressSanitizer and UndefinedBehaviorSanitizer (gcc), running the
# same CTest suite, then a short libFuzzer run of every target in fuzz/. Either one finding fails the command.

echo "== sanitizer build (ASan + UBSan)"
asan_build=${COSTAGG_ASAN_BUILD_DIR:-build-asan}
cmake -S . -B "$asan_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCOSTAGG_SANITIZE=ON \
  -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C "$asan_build" costagg costagg_tests costagg_scenario costagg_scenario_tests

echo "== tests under the sanitizers"
# Reports go to files (printed below) and exit with 99: a test that expects costagg to fail (exit 1) must not
# mistake a sanitizer abort for that failure, so any report file fails the run. LeakSanitizer is on and needs
# no suppressions (libduckdb.so and libpq are not instrumented, but their allocations go through ASan's malloc
# and nothing of theirs is reported).
sanitizer_logs="$(cd "$asan_build" && pwd)/sanitizer-logs"
rm -rf "$sanitizer_logs" && mkdir -p "$sanitizer_logs"
export ASAN_OPTIONS="log_path=$sanitizer_logs/report:exitcode=99:detect_stack_use_after_return=1:strict_init_order=1"
export UBSAN_OPTIONS="log_path=$sanitizer_logs/report:exitcode=99:print_stacktrace=1:halt_on_error=1"
asan_status=0
# A default per-test timeout, so that a hang (a deadlock under ASan's timing) fails instead of blocking the run.
ctest --test-dir "$asan_build" --output-on-failure -j2 --timeout 600 "$@" || asan_status=$?
if compgen -G "$sanitizer_logs/*" >/dev/null; then
  for report in "$sanitizer_logs"/*; do echo "--- $report" && cat "$report"; done
  echo "sanitizer reports above (kept in $sanitizer_logs)" >&2
  exit 1
fi
[ "$asan_status" -eq 0 ] || exit "$asan_status"
unset ASAN_OPTIONS UBSAN_OPTIONS

echo "== fuzzing (libFuzzer + ASan + UBSan, ${COSTAGG_FUZZ_SECONDS:-30} s per target)"
fuzz_build=${COSTAGG_FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$fuzz_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DCOSTAGG_FUZZ=ON -DCOSTAGG_DUCKDB_ROOT="$COSTAGG_DUCKDB_ROOT" >/dev/null
ninja -C "$fuzz_build" fuzzers
for target in ocp_labels aws_tags ocp_csv_ingest; do
  # New inputs go to a scratch corpus; fuzz/corpus/<target> (the seeds) is only read.
  work="$(cd "$fuzz_build" && pwd)/fuzz-run/$target"
  rm -rf "$work" && mkdir -p "$work/corpus"
  if ! "$fuzz_build/fuzz/fuzz_$target" -max_total_time="${COSTAGG_FUZZ_SECONDS:-30}" -dict="fuzz/$target.dict" \
    -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" "fuzz/corpus/$target" >"$work/log" 2>&1; then
    tail -n 60 "$work/log"
    echo "fuzz_$target found a problem; the input is $work/crash-* (or leak-*, timeout-*, oom-*)," \
      "replay it with $fuzz_build/fuzz/fuzz_$target FILE" >&2
    exit 1
  fi
  grep -E '^Done' "$work/log" | sed "s/^/fuzz_$target: /"
done
