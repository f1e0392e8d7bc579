#!/usr/bin/env bash
# The main job on the bundled example: builds infra-flash, then shows what it decides
# for a pull request that touches the platform layer of examples/monorepo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INFRA_FLASH_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" >/dev/null
example=$root/examples/monorepo
cd "$example"
"$build/infra-flash" explain \
  --event-name pull_request \
  --event-path "$root/examples/events/pull_request.json" \
  --config "$example/.infra-flash.yml" \
  --changed-files "$root/examples/events/pull_request.changed-files.txt"
