#!/usr/bin/env bash
# Builds the infra-flash container image on this machine without a Docker daemon (buildah),
# then runs it the way GitHub runs a container action's step: the bundled example copied to
# /github/workspace and owned by another user, the event under /github/workflow, HOME at
# /github/home, GITHUB_* and INPUT_* set. It checks the image's entrypoint, that the binary
# and git work there (git in a checkout owned by someone else, git's HTTPS helper), that the
# command on the example succeeds, and that the binary and the image stay within their size
# goals; then prints the figures. Slow (minutes): run it when the image's inputs change
# (--if-changed does that check itself), not on every test run.
#
# Usage: scripts/container-smoke.sh [options] [-- COMMAND [ARG...]]
#   -- COMMAND...        run this in the image instead of `infra-flash explain` on the
#                        example, with the same environment (e.g. -- infra-flash run);
#                        it must exit 0, and its GITHUB_OUTPUT and step summary are shown
#   --event-name NAME    GITHUB_EVENT_NAME (default: pull_request)
#   --event-path FILE    event payload (default: examples/events/pull_request.json)
#   --changed-files FILE changed paths, one a line (default: examples/events/pull_request.changed-files.txt)
#   --workspace DIR      the repository checkout to copy to /github/workspace (default: examples/monorepo)
#   --env NAME=VALUE     one more environment variable for the command (repeatable)
#   --base IMAGE         base image to use if present or pullable (default: the Dockerfile's);
#                        otherwise a local stand-in is built from Debian packages
#   --refresh-base       rebuild the local stand-in base (new Debian updates) before building
#   --tools              download terraform, terragrunt, tflint, conftest into the image
#                        (needs internet)
#   --no-tests           skip ctest in the image's build stage (quicker; never for releases)
#   --if-changed         do nothing when none of the image's packaging inputs changed since
#                        the last run that passed
#   --clean              delete everything this script stored (images, cache) and exit
# Environment: INFRA_FLASH_SMOKE_STORAGE (buildah storage, default /var/tmp/infra-flash-smoke),
#   INFRA_FLASH_SMOKE_JOBS (compile/test parallelism in the build, default 2),
#   INFRA_FLASH_SMOKE_MIRROR (Debian mirror for the local base, default: this machine's).
# Needs root, buildah, python3; debootstrap when no base image can be pulled.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
storage=${INFRA_FLASH_SMOKE_STORAGE:-/var/tmp/infra-flash-smoke}
jobs=${INFRA_FLASH_SMOKE_JOBS:-2}
image=localhost/infra-flash:smoke
local_base=localhost/infra-flash-base:bookworm
binary_goal=8000000   # bytes, stripped
image_goal=120000000  # bytes, uncompressed, without terraform/terragrunt/tofu/conftest

# The files whose change can change how the image is built (--if-changed).
packaging_inputs=(Dockerfile .dockerignore action.yml scripts/install-deps.sh
  scripts/container-smoke.sh scripts/container CMakeLists.txt cmake)

event_name=pull_request
event_path=$root/examples/events/pull_request.json
changed_files=$root/examples/events/pull_request.changed-files.txt
workspace=$root/examples/monorepo
base=""
install_tools=false
refresh_base=false
run_tests=true
if_changed=false
extra_env=()
command=()

say() { echo "container-smoke: $*" >&2; }
fail() {
  say "FAILED: $*"
  exit 1
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --event-name) event_name=${2:?--event-name needs a value}; shift 2 ;;
    --event-path) event_path=$(realpath "${2:?--event-path needs a file}"); shift 2 ;;
    --changed-files) changed_files=$(realpath "${2:?--changed-files needs a file}"); shift 2 ;;
    --workspace) workspace=$(realpath "${2:?--workspace needs a directory}"); shift 2 ;;
    --env) [[ ${2:-} == *=* ]] || fail "--env needs NAME=VALUE"; extra_env+=("$2"); shift 2 ;;
    --base) base=${2:?--base needs an image}; shift 2 ;;
    --refresh-base) refresh_base=true; shift ;;
    --tools) install_tools=true; shift ;;
    --no-tests) run_tests=false; shift ;;
    --if-changed) if_changed=true; shift ;;
    --clean) clean=true; shift ;;
    --) shift; command=("$@"); break ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done

requested_base=$base

[[ $(id -u) -eq 0 ]] || fail "buildah without a daemon needs root here; run as root (or sudo)"
command -v buildah >/dev/null || fail "buildah is missing: apt-get install -y buildah"
command -v python3 >/dev/null || fail "python3 is missing: apt-get install -y python3"
buildah=(buildah --root "$storage/storage" --runroot "$storage/run")
export BUILDAH="${buildah[*]}"   # for scripts/container/make-local-base.sh
mkdir -p "$storage/logs"

if [[ ${clean:-false} == true ]]; then
  "${buildah[@]}" rm --all >/dev/null 2>&1 || true
  "${buildah[@]}" rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$storage"
  say "removed $storage"
  exit 0
fi

# The packaging inputs' contents and the options that change what is built or checked.
fingerprint() {
  local existing=() path
  for path in "${packaging_inputs[@]}"; do [[ ! -e $root/$path ]] || existing+=("$path"); done
  (cd "$root" && {
    find "${existing[@]}" -type f -print0 | sort -z | xargs -0 sha256sum
    echo "tests=$run_tests tools=$install_tools base=$requested_base"
  } | sha256sum | cut -d' ' -f1)
}
stamp=$storage/last-pass.sha256
if [[ $if_changed == true && -f $stamp && $(cat "$stamp") == "$(fingerprint)" ]]; then
  say "skipped: Dockerfile, dependencies and container scripts unchanged since the last pass"
  exit 0
fi

for file in "$event_path" "$changed_files"; do
  [[ -f $file ]] || fail "$file does not exist (see --event-path / --changed-files)"
done
[[ -d $workspace ]] || fail "$workspace is not a directory (see --workspace)"

started=$SECONDS
phase_start=$SECONDS
elapsed() { echo "$((SECONDS - phase_start)) s"; }

# --- 1. base image ---------------------------------------------------------------------
# The Dockerfile's default base (a digest-pinned debian:bookworm-slim) when it is stored or
# pullable; otherwise the local stand-in, built once and reused.
if [[ -z $base ]]; then
  base=$(sed -n 's/^ARG BASE_IMAGE=//p' "$root/Dockerfile")
fi
base_note=""
if "${buildah[@]}" inspect --type image "$base" >/dev/null 2>&1; then
  base_note="(stored)"
elif timeout 60 "${buildah[@]}" pull --quiet "$base" >"$storage/logs/pull.log" 2>&1; then
  base_note="(pulled)"
else
  base_note="(stand-in: $base could not be pulled, see $storage/logs/pull.log)"
  if [[ $refresh_base == true ]]; then
    "${buildah[@]}" rmi --force "$local_base" >/dev/null 2>&1 || true
  fi
  if ! "${buildah[@]}" inspect --type image "$local_base" >/dev/null 2>&1; then
    say "building $local_base from Debian packages (once)"
    "$root/scripts/container/make-local-base.sh" "$local_base" bookworm
  fi
  base=$local_base
fi
say "base image $base $base_note ($(elapsed))"

# --- 2. build ----------------------------------------------------------------------------
phase_start=$SECONDS
build_log=$storage/logs/build.log
say "building $image (tests: $run_tests, tools: $install_tools; log: $build_log)"
# A snapshot of the tree is built, not the tree itself: people keep editing while a build
# runs for minutes, and the three buds below must see the same files.
built_fingerprint=$(fingerprint)
context=$storage/context
rm -rf "$context"
mkdir -p "$context"
tar -C "$root" --exclude-vcs --exclude=./build --exclude='./build-*' -cf - . | tar -C "$context" -xf -

# The build and tools stages are tagged too (localhost/infra-flash:smoke-build, -tools):
# their cached layers (the apt-get of the build dependencies, above all) then survive the
# pruning of what earlier runs left behind, which keeps the store from growing by a build
# tree per run. The second and third bud reuse the first one's layers.
: >"$build_log"
for target in build tools final; do
  tag=$image-$target
  target_args=(--target "$target")
  if [[ $target == final ]]; then tag=$image; target_args=(); fi
  if ! "${buildah[@]}" bud --isolation chroot --layers --pull=false --force-rm "${target_args[@]}" \
    --build-arg BASE_IMAGE="$base" \
    --build-arg INSTALL_TOOLS="$install_tools" \
    --build-arg RUN_TESTS="$run_tests" \
    --build-arg BUILD_JOBS="$jobs" \
    -f "$context/Dockerfile" -t "$tag" "$context" >>"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    fail "the image did not build (last lines above, all of it in $build_log)"
  fi
done
"${buildah[@]}" rmi --prune >/dev/null 2>&1 || true
build_time=$(elapsed)
say "built in $build_time"

# --- 3. the image's configuration ----------------------------------------------------------
"${buildah[@]}" inspect --type image "$image" >"$storage/logs/inspect.json"
python3 - "$storage/logs/inspect.json" <<'EOF' || fail "the image's configuration is not what GitHub needs (above)"
import json, sys
config = json.load(open(sys.argv[1]))["OCIv1"]["config"]
problems = []
if config.get("Entrypoint") != ["/usr/local/bin/infra-flash"]:
    problems.append(f"Entrypoint is {config.get('Entrypoint')}, want ['/usr/local/bin/infra-flash']")
if config.get("Cmd") != ["run"]:
    problems.append(f"Cmd is {config.get('Cmd')}, want ['run'] (what a step without args runs)")
if config.get("User", "") not in ("", "root", "0", "0:0"):
    problems.append(f"User is {config['User']!r}: GitHub runs container actions as root (docs/action.md)")
for problem in problems:
    print("container-smoke:", problem, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

# --- 4. a container laid out as GitHub lays out a container action's step ----------------
phase_start=$SECONDS
container=$("${buildah[@]}" from --pull=false "$image")
cleanup() { "${buildah[@]}" rm "$container" >/dev/null 2>&1 || true; }
trap cleanup EXIT
mount=$("${buildah[@]}" mount "$container")
mkdir -p "$mount/github/workspace" "$mount/github/workflow" "$mount/github/home" "$mount/github/file_commands"
cp -a "$workspace/." "$mount/github/workspace/"
cp "$event_path" "$mount/github/workflow/event.json"
cp "$changed_files" "$mount/github/workflow/changed-files.txt"
: >"$mount/github/file_commands/set_output"
: >"$mount/github/file_commands/step_summary"

# in_image [buildah run options...] -- COMMAND...: runs COMMAND chrooted in the image, in
# the workspace, with the variables a container action's step gets (no token: none exists).
step_env=(
  HOME=/github/home CI=true GITHUB_ACTIONS=true
  GITHUB_WORKSPACE=/github/workspace
  GITHUB_EVENT_NAME="$event_name" GITHUB_EVENT_PATH=/github/workflow/event.json
  GITHUB_OUTPUT=/github/file_commands/set_output
  GITHUB_STEP_SUMMARY=/github/file_commands/step_summary
  GITHUB_REPOSITORY=example/monorepo GITHUB_REPOSITORY_OWNER=example
  GITHUB_SERVER_URL=https://github.com GITHUB_API_URL=https://api.github.com
  GITHUB_RUN_ID=1 GITHUB_ACTOR=smoke-test
  INPUT_CONFIG=.infra-flash.yml INPUT_WORKING-DIRECTORY=.
  "${extra_env[@]}"
)
in_image() {
  local options=(--isolation chroot --workingdir /github/workspace)
  while [[ $1 != -- ]]; do options+=("$1"); shift; done
  shift
  local env_args=()
  local pair
  for pair in "${step_env[@]}"; do env_args+=(--env "$pair"); done
  "${buildah[@]}" run "${options[@]}" "${env_args[@]}" "$container" -- "$@"
}

# The version the build stamped must be the project's.
want_version=$(sed -n 's/^project(infra_flash VERSION \([0-9.]*\).*/\1/p' "$context/CMakeLists.txt")
got_version=$(in_image -- infra-flash --version) || fail "infra-flash --version did not run in the image (missing library?)"
[[ $got_version == "infra-flash $want_version" ]] ||
  fail "infra-flash --version printed '$got_version', want 'infra-flash $want_version'"
say "infra-flash --version: $got_version"
# libcrypto is loaded at the first digest, so `ldd` and --version cannot tell it is missing:
# an HMAC whose value is known (RFC 2104, computed by Python's hmac) must verify.
in_image --env SMOKE_SECRET=smoke-secret -- sh -c 'printf hello | infra-flash verify-signature \
  --secret-env SMOKE_SECRET \
  --header sha256=c0a17d090141228ddbc6a8dcf4ac86fcdeaabb4e3113b20930bd68f255737d52' >/dev/null ||
  fail "infra-flash could not verify an HMAC-SHA256 in the image (libcrypto missing?)"

# git in a checkout that belongs to another user, as /github/workspace does on GitHub.
in_image -- sh -c 'git init -q && git add -A &&
  git -c user.name=smoke -c user.email=smoke@example.invalid commit -qm smoke' ||
  fail "git could not commit the example in the image"
chown -R 1001:1001 "$mount/github/workspace"
head=$(in_image -- git rev-parse HEAD) ||
  fail "git refuses the workspace owned by uid 1001: safe.directory is not set system-wide in the image"
if in_image -- env GIT_CONFIG_NOSYSTEM=1 git rev-parse HEAD >/dev/null 2>&1; then
  fail "git accepted a workspace owned by another user without safe.directory: this check proves nothing here"
fi
say "git: reads the workspace owned by uid 1001 (HEAD ${head:0:12}), thanks to safe.directory"

# git's HTTPS helper (git fetch) is in the image: a refused connection, not a missing helper.
https_probe=$(in_image -- git ls-remote https://127.0.0.1:9/none.git 2>&1 || true)
[[ $https_probe == *"127.0.0.1"* && $https_probe != *"remote helper"* && $https_probe != *"not a git command"* ]] ||
  fail "git has no working HTTPS helper in the image: $https_probe"
in_image -- test -s /etc/ssl/certs/ca-certificates.crt || fail "the image has no CA bundle (ca-certificates)"

if [[ $install_tools == true ]]; then
  in_image -- terraform version || fail "terraform does not run in the image"
  in_image -- terragrunt --version || fail "terragrunt does not run in the image"
  in_image -- conftest --version || fail "conftest does not run in the image"
fi

# The command: explain on the example by default, or the caller's (-- infra-flash run).
output=$storage/logs/command.out
if [[ ${#command[@]} -eq 0 ]]; then
  command=(infra-flash explain --event-name "$event_name" --event-path /github/workflow/event.json
    --config /github/workspace/.infra-flash.yml --changed-files /github/workflow/changed-files.txt)
  check_explain=true
else
  check_explain=false
fi
say "running in the image: ${command[*]}"
if ! in_image -- "${command[@]}" >"$output" 2>"$output.err"; then
  cat "$output" "$output.err" >&2
  fail "'${command[*]}' failed in the image (output above)"
fi
cat "$output"
[[ ! -s $output.err ]] || { echo "--- stderr" >&2; cat "$output.err" >&2; }
if [[ $check_explain == true ]]; then
  python3 - "$output" "$event_name" "$event_path" "$root/examples/events/pull_request.json" <<'EOF' ||
import json, os, sys
path, event_name, event_path, bundled = sys.argv[1:5]
decision = json.load(open(path))
assert isinstance(decision, dict), "explain did not print a JSON object"
assert decision.get("trigger"), f"no trigger in {decision}"
if event_name == "pull_request" and os.path.samefile(event_path, bundled):
    # The bundled PR changes platform/main.tf: platform and both data layers are affected.
    layers = decision.get("layers")
    assert layers and "platform" in layers, f"platform is not among the affected layers {layers}"
    assert decision["trigger"] == "pull_request", f"trigger is {decision['trigger']}"
EOF
    fail "explain's answer on the example is not the expected one (output above)"
  # One `infra-flash run`, as the Action's entrypoint runs it, on a bundled event that
  # needs no GitHub: a labelled PR is ignored, says so, and exits 0.
  cp "$root/tests/fixtures/events/pull_request.labeled.8.json" "$mount/github/workflow/event.json"
  : >"$mount/github/file_commands/set_output"
  say "running in the image: infra-flash run (a labelled pull_request)"
  in_image --env GITHUB_EVENT_NAME=pull_request -- infra-flash run >"$output.run" 2>&1 ||
    { cat "$output.run" >&2; fail "infra-flash run failed in the image (output above)"; }
  grep -q '^ignored$' "$mount/github/file_commands/set_output" ||
    { cat "$output.run" "$mount/github/file_commands/set_output" >&2;
      fail "infra-flash run did not write trigger=ignored to GITHUB_OUTPUT"; }
else
  for file in set_output step_summary; do
    echo "--- /github/file_commands/$file ($(stat -c %s "$mount/github/file_commands/$file") bytes)" >&2
    head -c 2000 "$mount/github/file_commands/$file" >&2
  done
fi
check_time=$(elapsed)

# --- 5. sizes --------------------------------------------------------------------------------
# Measured on a pristine copy of the image, not the container the checks wrote into.
"${buildah[@]}" rm "$container" >/dev/null
container=$("${buildah[@]}" from --pull=false "$image")
mount=$("${buildah[@]}" mount "$container")
binary_bytes=$(stat -c %s "$mount/usr/local/bin/infra-flash")
files_bytes=$(du -sb "$mount" | cut -f1)
tools_bytes=0
for tool in terraform terragrunt tofu conftest; do
  [[ ! -f $mount/usr/local/bin/$tool ]] || tools_bytes=$((tools_bytes + $(stat -c %s "$mount/usr/local/bin/$tool")))
done
# The sum of the image's layers, uncompressed, as container storage counts them (a file
# that a later layer changes counts twice, as it is shipped twice): the figure the goal is
# about, and the one `buildah images` rounds.
layer_bytes=$(python3 - "$storage/storage" "$image" <<'EOF'
import glob, json, sys
root, name = sys.argv[1:3]
images = json.load(open(glob.glob(f"{root}/*-images/images.json")[0]))
layers = {layer["id"]: layer for layer in json.load(open(glob.glob(f"{root}/*-layers/layers.json")[0]))}
top = next(image for image in images if name in image.get("names", []))["layer"]
total = 0
while top:
    total += layers[top].get("diff-size", 0)
    top = layers[top].get("parent")
print(total)
EOF
) || fail "could not read the image's layer sizes from $storage/storage"
without_tools=$((layer_bytes - tools_bytes))
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
verdict() { if (($1 <= $2)); then echo "ok"; else echo "OVER"; fi; }

cat <<EOF
container-smoke: figures
  base image              $base $base_note
  build                   $build_time (tests: $run_tests, tools: $install_tools, jobs: $jobs)
  checks                  $check_time
  infra-flash binary      $(mb "$binary_bytes") stripped ($binary_bytes bytes; goal <= $(mb $binary_goal)) $(verdict "$binary_bytes" $binary_goal)
  image without tools     $(mb "$without_tools") as layers, uncompressed (goal <= $(mb $image_goal)) $(verdict "$without_tools" $image_goal)
  image                   $(mb "$layer_bytes") as layers; $(mb "$files_bytes") of files (terraform/terragrunt/tofu/conftest: $(mb "$tools_bytes"))
  total                   $((SECONDS - started)) s
EOF
((binary_bytes <= binary_goal)) || fail "the binary is $(mb "$binary_bytes"), over the $(mb $binary_goal) goal"
((without_tools <= image_goal)) || fail "the image is $(mb "$without_tools") without tools, over the $(mb $image_goal) goal"
echo "$built_fingerprint" >"$stamp"
say "passed"
