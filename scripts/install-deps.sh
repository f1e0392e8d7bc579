#!/usr/bin/env bash
# Installs the Debian packages infra-flash needs to build and test, only those that
# are missing. Safe to run again. Needs root (or sudo) for apt-get.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git python3
  libcurl4-openssl-dev rapidjson-dev libyaml-cpp-dev libre2-dev libssl-dev
  libgtest-dev libgmock-dev
  # Real terraform plan JSON samples that the plan summariser is checked against.
  golang-github-hashicorp-terraform-json-dev
  # GitHub's own markdown engine: every comment infra-flash writes is rendered in the tests.
  cmark-gfm
)
if [[ "${INFRA_FLASH_EXTRA_PACKAGES:-}" != "" ]]; then
  read -r -a extra <<<"$INFRA_FLASH_EXTRA_PACKAGES"
  packages+=("${extra[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "infra-flash: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
