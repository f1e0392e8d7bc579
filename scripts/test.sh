#!/usr/bin/env bash
# The test command of README.md: installs what is missing, builds, and runs every test;
# then a sanitizer pass (AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer).
# INFRA_FLASH_SANITIZERS=0 skips the second pass.
#
# The sanitizer pass builds once, with clang (installed when missing), what runs our code
# in-process: the binary, the unit suites and the fuzz targets (instrumented for libFuzzer
# too, so scripts/fuzz-smoke.sh reuses the build: INFRA_FLASH_FUZZ_BUILD_DIR=build-sanitize).
# It runs those unit suites, then the first pass's end-to-end suites (CTest label
# `end-to-end`: they drive the binary from outside) against the sanitized binary, which is
# where they run: the first pass runs the unit suites, the shipped files' checks and the
# one end-to-end test whose check needs the plain binary (its memory bound). So every test
# runs, the unit suites twice, every line of infra-flash a test reaches runs sanitized, and
# nothing is compiled or run twice for nothing. Without the sanitizer pass, the first pass
# runs everything.
#
# Environment: INFRA_FLASH_BUILD_DIR (default build/; the sanitizer pass uses
# <it>-sanitize), INFRA_FLASH_JOBS, INFRA_FLASH_WERROR (CI=true sets it), and
# INFRA_FLASH_SANITIZERS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INFRA_FLASH_BUILD_DIR:-$root/build}
sanitize=$build-sanitize
jobs=${INFRA_FLASH_JOBS:-$(nproc)}
werror=${INFRA_FLASH_WERROR:-OFF}
test_debug_info=ON
if [[ "${CI:-}" == "true" ]]; then
  werror=ON
  test_debug_info=OFF  # a third less compile time for the suites; failures still name lines
fi

start=$(date +%s)
lap=$start
took() {  # took WHAT: prints how long WHAT took since the last call
  local now
  now=$(date +%s)
  echo "infra-flash: $1 in $((now - lap)) s" >&2
  lap=$now
}

INFRA_FLASH_BUILD_DIR=$build "$root/scripts/build.sh" -DINFRA_FLASH_WERROR="$werror" \
  -DINFRA_FLASH_TEST_DEBUG_INFO="$test_debug_info"
took "built"
sanitizers=${INFRA_FLASH_SANITIZERS:-1}
if [[ "$sanitizers" == "0" ]]; then
  ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 300
  took "ran every test"
else
  # The end-to-end suites run once, in the second pass, against the sanitized binary; here
  # only their one check that means nothing there: the plain binary's memory bound.
  # (That one streams 100 MiB through the binary for a minute or two: it runs beside the
  # unit suites rather than after them.)
  # As CTest would run it: from the source tree, the system's python3 first on PATH.
  memory_log=$(mktemp)
  (cd "$root" && PATH="$build/test-path:$PATH" timeout 600 "$build/tests/e2e/e2e_test" \
    --gtest_filter='ProcessesTest.HundredMegabytesOfOutputKeepMemoryBoundedAndTheCommentInBudget' \
    >"$memory_log" 2>&1) &
  memory_bound=$!
  unit_status=0
  ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 300 -LE end-to-end ||
    unit_status=$?
  if ! wait "$memory_bound"; then
    cat "$memory_log" >&2
    echo "infra-flash: the plain binary's memory bound failed" >&2
    exit 1
  fi
  grep -h "peak RSS" "$memory_log" >&2 || true
  rm -f "$memory_log"
  ((unit_status == 0)) || exit "$unit_status"
  took "ran the unit suites and the plain binary's memory bound"
fi
# The README's first command, on the build just made: it must print a decision.
INFRA_FLASH_BUILD_DIR=$build "$root/scripts/example.sh" | grep -q '"intent": "autoplan"' ||
  { echo "infra-flash: scripts/example.sh did not print the expected decision" >&2; exit 1; }

if [[ "$sanitizers" != "0" ]]; then
  echo "infra-flash: again under AddressSanitizer + UndefinedBehaviorSanitizer" >&2
  INFRA_FLASH_EXTRA_PACKAGES="clang libclang-rt-14-dev" "$root/scripts/install-deps.sh"
  # -O1: what the sanitizers' authors recommend (readable reports, tolerable speed).
  CC=clang CXX=clang++ cmake -S "$root" -B "$sanitize" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DINFRA_FLASH_FUZZ=ON -DINFRA_FLASH_END_TO_END_TESTS=OFF \
    -DINFRA_FLASH_WERROR="$werror" -DINFRA_FLASH_TEST_DEBUG_INFO="$test_debug_info" >/dev/null
  ninja -C "$sanitize" -j"$jobs"
  took "built the sanitizer pass"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir "$sanitize" --output-on-failure -j"$jobs" --timeout 300
  took "ran the unit suites sanitized"
  INFRA_FLASH_BINARY_UNDER_TEST=$sanitize/infra-flash \
    ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 300 -L end-to-end
  took "ran the end-to-end suites against the sanitized binary"
fi
echo "infra-flash: all tests passed in $(($(date +%s) - start)) s" >&2
