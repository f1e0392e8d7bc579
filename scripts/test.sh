#!/usr/bin/env bash
# The test command of README.md: installs what is missing, builds, and runs every
# test; then builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# the tests there too. INFRA_FLASH_SANITIZERS=0 skips the second pass.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INFRA_FLASH_BUILD_DIR:-$root/build}
jobs=${INFRA_FLASH_JOBS:-$(nproc)}
werror=${INFRA_FLASH_WERROR:-OFF}
[[ "${CI:-}" == "true" ]] && werror=ON

run_suite() {  # run_suite BUILD_DIR [cmake args...]
  local dir=$1
  shift
  INFRA_FLASH_BUILD_DIR=$dir "$root/scripts/build.sh" -DINFRA_FLASH_WERROR=$werror "$@"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" --timeout 300
}

start=$(date +%s)
run_suite "$build"
# The README's first command, on the build just made: it must print a decision.
INFRA_FLASH_BUILD_DIR=$build "$root/scripts/example.sh" | grep -q '"intent": "autoplan"' ||
  { echo "infra-flash: scripts/example.sh did not print the expected decision" >&2; exit 1; }
if [[ "${INFRA_FLASH_SANITIZERS:-1}" != "0" ]]; then
  echo "infra-flash: again under AddressSanitizer + UndefinedBehaviorSanitizer" >&2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite "$build-asan" -DINFRA_FLASH_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug
fi
echo "infra-flash: all tests passed in $(( $(date +%s) - start )) s" >&2
