#!/usr/bin/env bash
# A short fuzz run for CI: builds the libFuzzer targets of fuzz/ with clang (installing
# clang and libFuzzer, Debian's libclang-rt-14-dev, when missing) and runs each target
# for INFRA_FLASH_FUZZ_SECONDS (default 30) from a copy of its committed corpus. Fails on
# any crash, leak, timeout, out-of-memory, UB or broken invariant, and says where the
# input that caused it was saved. The long runs and their figures: docs/reliability.md.
#
# Environment: INFRA_FLASH_FUZZ_BUILD_DIR (default build-fuzz/; a build already configured
# with -DINFRA_FLASH_FUZZ=ON, such as scripts/test.sh's build-sanitize/, is reused), INFRA_FLASH_FUZZ_SECONDS,
# INFRA_FLASH_FUZZ_JOBS (targets run at once, default 2), INFRA_FLASH_FUZZ_TARGETS
# (default: all), INFRA_FLASH_JOBS (build jobs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INFRA_FLASH_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${INFRA_FLASH_FUZZ_SECONDS:-30}
parallel=${INFRA_FLASH_FUZZ_JOBS:-2}
targets=(${INFRA_FLASH_FUZZ_TARGETS:-event comment config glob decision help hcl leg_result})

INFRA_FLASH_EXTRA_PACKAGES="clang libclang-rt-14-dev" "$root/scripts/install-deps.sh"
# A build configured for fuzzing already (scripts/test.sh's sanitizer pass) is reused as it is.
if ! grep -qs '^INFRA_FLASH_FUZZ:BOOL=ON$' "$build/CMakeCache.txt"; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINFRA_FLASH_FUZZ=ON -DINFRA_FLASH_TESTS=OFF >/dev/null
fi
ninja -C "$build" -j"${INFRA_FLASH_JOBS:-$(nproc)}" "${targets[@]/%/_fuzzer}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

max_len() {  # payloads and configs are large; comments and globs are short
  case $1 in event | config | decision | help) echo 65536 ;; *) echo 8192 ;; esac
}
dictionary() {
  case $1 in
    comment) echo "-dict=$root/fuzz/comment.dict" ;;
    config | help) echo "-dict=$root/fuzz/config.dict" ;;
  esac
}

run_target() {  # run_target NAME: one target from a scratch copy of its corpus
  local target=$1
  local artifacts="$build/fuzz-artifacts/$target"
  mkdir -p "$artifacts" "$work/$target"
  cp "$root/fuzz/corpus/$target/"* "$work/$target/"
  # shellcheck disable=SC2046  # dictionary expands to zero or one argument
  if "$build/fuzz/${target}_fuzzer" "$work/$target" -max_total_time="$seconds" \
    -max_len="$(max_len "$target")" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    $(dictionary "$target") -artifact_prefix="$artifacts/" >"$work/$target.log" 2>&1; then
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")
    echo "fuzz-smoke: $target ok, ${runs:-?} executions in ${seconds} s"
    return 0
  fi
  tail -n 40 "$work/$target.log" >&2
  echo "fuzz-smoke: $target FAILED; the input is in $artifacts/. Fix the bug, then keep the" \
    "input as a test: cp $artifacts/<file> fuzz/corpus/$target/" >&2
  return 1
}

start=$(date +%s)
failed=0
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if ((running >= parallel)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
((failed == 0)) || { echo "fuzz-smoke: failed" >&2; exit 1; }
echo "fuzz-smoke: ${#targets[@]} targets, no crash, in $(($(date +%s) - start)) s" >&2
