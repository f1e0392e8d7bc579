#!/bin/sh
# Downloads terraform, terragrunt, tflint (unless TFLINT_VERSION is empty), conftest (unless
# CONFTEST_VERSION is empty) and (when TOFU_VERSION is set) OpenTofu into DEST, each
# checked against its pinned SHA-256 before it is kept. Run by the Dockerfile's `tools`
# stage, which passes its build arguments as environment variables:
#   INSTALL_TOOLS        true | false (false: leave DEST empty, touch no network)
#   TARGETARCH           amd64 | arm64 (the SHA-256 values must be that architecture's)
#   TERRAFORM_VERSION    TERRAFORM_SHA256   (of terraform_VERSION_linux_ARCH.zip)
#   TERRAGRUNT_VERSION   TERRAGRUNT_SHA256  (of terragrunt_linux_ARCH)
#   TFLINT_VERSION       TFLINT_SHA256      (of tflint_linux_ARCH.zip; empty: no tflint)
#   CONFTEST_VERSION     CONFTEST_SHA256    (of conftest_VERSION_Linux_x86_64.tar.gz for
#                                            amd64, _Linux_arm64.tar.gz for arm64;
#                                            empty: no conftest)
#   TOFU_VERSION         TOFU_SHA256        (of tofu_VERSION_linux_ARCH.zip; optional)
# Usage: install-tools.sh DEST
set -eu

dest=${1:?usage: install-tools.sh DEST}
mkdir -p "$dest"

fail() {
  echo "install-tools: $*" >&2
  exit 1
}

case "${INSTALL_TOOLS:-true}" in
  false)
    echo "install-tools: INSTALL_TOOLS=false, the image will have no terraform/terragrunt"
    exit 0
    ;;
  true) ;;
  *) fail "INSTALL_TOOLS must be true or false, got '${INSTALL_TOOLS}'" ;;
esac

arch=${TARGETARCH:-amd64}
case "$arch" in amd64 | arm64) ;; *) fail "no terraform/terragrunt builds for TARGETARCH=$arch" ;; esac

# Every pin is checked before anything is downloaded.
check_pin() {  # check_pin NAME VALUE
  echo "$2" | grep -Eq '^[0-9a-f]{64}$' || fail "$1 must be 64 lowercase hex digits (a SHA-256), got '$2'"
}
check_pin TERRAFORM_SHA256 "${TERRAFORM_SHA256:-}"
check_pin TERRAGRUNT_SHA256 "${TERRAGRUNT_SHA256:-}"
if [ -n "${TFLINT_VERSION:-}" ]; then check_pin TFLINT_SHA256 "${TFLINT_SHA256:-}"; fi
if [ -n "${CONFTEST_VERSION:-}" ]; then check_pin CONFTEST_SHA256 "${CONFTEST_SHA256:-}"; fi
if [ -n "${TOFU_VERSION:-}" ]; then check_pin TOFU_SHA256 "${TOFU_SHA256:-}"; fi

# verified_download URL SHA256 FILE: FILE exists afterwards only if its digest matched.
verified_download() {
  url=$1 sum=$2 file=$3
  curl -fsSL --retry 3 --proto '=https' --proto-redir '=https' -o "$file" "$url" || fail "could not download $url"
  if ! echo "$sum  $file" | sha256sum -c - >/dev/null 2>&1; then
    actual=$(sha256sum "$file" | cut -d' ' -f1)
    rm -f "$file"
    fail "SHA-256 mismatch for $url: expected $sum, got $actual. The pinned build argument is wrong or the download was tampered with; do not just replace the sum, check the release's SHA256SUMS."
  fi
}

apt-get update -qq
apt-get install -y -qq --no-install-recommends curl ca-certificates unzip >/dev/null

work=$(mktemp -d)
cd "$work"

verified_download \
  "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_${arch}.zip" \
  "${TERRAFORM_SHA256}" terraform.zip
unzip -q terraform.zip terraform -d "$dest"

verified_download \
  "https://github.com/gruntwork-io/terragrunt/releases/download/v${TERRAGRUNT_VERSION}/terragrunt_linux_${arch}" \
  "${TERRAGRUNT_SHA256}" terragrunt
install -m 0755 terragrunt "$dest/terragrunt"

if [ -n "${TFLINT_VERSION:-}" ]; then
  verified_download \
    "https://github.com/terraform-linters/tflint/releases/download/v${TFLINT_VERSION}/tflint_linux_${arch}.zip" \
    "${TFLINT_SHA256}" tflint.zip
  unzip -q tflint.zip tflint -d "$dest"
fi

if [ -n "${CONFTEST_VERSION:-}" ]; then
  # conftest's archives say Linux_x86_64 for amd64 and Linux_arm64 for arm64.
  case "$arch" in amd64) conftest_arch=x86_64 ;; arm64) conftest_arch=arm64 ;; esac
  verified_download \
    "https://github.com/open-policy-agent/conftest/releases/download/v${CONFTEST_VERSION}/conftest_${CONFTEST_VERSION}_Linux_${conftest_arch}.tar.gz" \
    "${CONFTEST_SHA256}" conftest.tar.gz
  # The archive also holds LICENSE, README.md and plugin/*.sh: only the binary is kept,
  # owned by root (not by the uid the archive recorded).
  tar -xzf conftest.tar.gz --no-same-owner -C "$dest" conftest
fi

if [ -n "${TOFU_VERSION:-}" ]; then
  verified_download \
    "https://github.com/opentofu/opentofu/releases/download/v${TOFU_VERSION}/tofu_${TOFU_VERSION}_linux_${arch}.zip" \
    "${TOFU_SHA256}" tofu.zip
  unzip -q tofu.zip tofu -d "$dest"
fi

chmod 0755 "$dest"/*
"$dest/terraform" version
"$dest/terragrunt" --version
[ ! -x "$dest/tflint" ] || "$dest/tflint" --version
[ ! -x "$dest/conftest" ] || "$dest/conftest" --version
[ ! -x "$dest/tofu" ] || "$dest/tofu" version
cd /
rm -rf "$work"
