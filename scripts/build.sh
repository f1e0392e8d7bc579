#!/usr/bin/env bash
# Configures and builds infra-flash into build/ (or $INFRA_FLASH_BUILD_DIR).
# Extra arguments are passed to cmake, e.g. -DINFRA_FLASH_SANITIZE=address,undefined.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INFRA_FLASH_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
ninja -C "$build" -j"${INFRA_FLASH_JOBS:-$(nproc)}"
