#!/usr/bin/env bash
# Builds a stand-in for debian:SUITE-slim from Debian packages, for machines that cannot pull
# from a registry: debootstrap --variant=minbase from this machine's own apt mirror, trimmed
# the way Debian's slim images are (no docs, man pages, translations, apt lists), committed
# to buildah's storage as IMAGE. The image's apt sources are the mirrors this machine uses
# (see apt-mirrors.sh), security updates included, so RUN apt-get in the Dockerfile works.
#
# Usage: make-local-base.sh IMAGE [SUITE]        (SUITE defaults to bookworm; needs root)
# Environment: BUILDAH (the buildah command with its global options, default "buildah"),
#              INFRA_FLASH_SMOKE_MIRROR (a Debian mirror URI instead of the machine's own).
set -euo pipefail

image=${1:?usage: make-local-base.sh IMAGE [SUITE]}
suite=${2:-bookworm}
here=$(cd "$(dirname "$0")" && pwd)
read -r -a buildah <<<"${BUILDAH:-buildah}"

fail() {
  echo "make-local-base: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || fail "debootstrap needs root; run as root (or sudo)"
command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install -y debootstrap"

# "URI SUITE" pairs for the image's sources: the override, or what this machine uses.
if [[ -n "${INFRA_FLASH_SMOKE_MIRROR:-}" ]]; then
  mirrors="$INFRA_FLASH_SMOKE_MIRROR $suite"
else
  mirrors=$("$here/apt-mirrors.sh" "$suite")
fi
main_mirror=$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$mirrors")
[[ -n "$main_mirror" ]] || fail "no mirror serves the suite '$suite' itself (only: $mirrors)"

work=$(mktemp -d /var/tmp/infra-flash-base.XXXXXX)
container=""
cleanup() {
  [[ -z "$container" ]] || "${buildah[@]}" rm "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

rootfs=$work/rootfs
echo "make-local-base: debootstrap $suite from $main_mirror" >&2
if ! debootstrap --variant=minbase "$suite" "$rootfs" "$main_mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 20 "$work/debootstrap.log" >&2
  fail "debootstrap failed (log above)"
fi

# apt sources of the image: one deb822 stanza per mirror URI, as Debian's images have.
rm -f "$rootfs/etc/apt/sources.list"
awk '{ suites[$1] = suites[$1] " " $2 }
     END { for (uri in suites) {
             printf "Types: deb\nURIs: %s\nSuites:%s\nComponents: main\n", uri, suites[uri]
             printf "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
           } }' <<<"$mirrors" >"$rootfs/etc/apt/sources.list.d/debian.sources"

# What Debian's slim images leave out, and keep out of later installs.
install -m 0644 "$here/dpkg-slim.cfg" "$rootfs/etc/dpkg/dpkg.cfg.d/docker"
printf '%s\n' 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };' \
  'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };' \
  >"$rootfs/etc/apt/apt.conf.d/docker-clean"
rm -rf "${rootfs:?}"/usr/share/doc/* "${rootfs:?}"/usr/share/man/* "${rootfs:?}"/usr/share/locale/* \
  "${rootfs:?}"/usr/share/info/* "${rootfs:?}"/var/lib/apt/lists/* "${rootfs:?}"/var/cache/apt/* \
  "${rootfs:?}"/var/log/*.log "${rootfs:?}"/var/log/apt/* "${rootfs:?}"/dev/* "${rootfs:?}"/proc/* \
  "${rootfs:?}"/run/*
mkdir -p "$rootfs/var/lib/apt/lists/partial" "$rootfs/var/cache/apt/archives/partial"

container=$("${buildah[@]}" from scratch)
mount=$("${buildah[@]}" mount "$container")
tar -C "$rootfs" --numeric-owner -cf - . | tar -C "$mount" --numeric-owner -xpf -
"${buildah[@]}" umount "$container" >/dev/null
"${buildah[@]}" config --cmd /bin/bash \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --label "org.opencontainers.image.description=local stand-in for debian:$suite-slim (debootstrap minbase from $main_mirror)" \
  "$container"
# debootstrap installs the suite as released; Debian's images also carry the updates and
# security fixes since. Without them every image built on this one would pull the upgrades
# into its own layer, and be measured bigger than it is.
"${buildah[@]}" run --isolation chroot "$container" -- sh -c \
  'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -qq >/dev/null &&
   rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt/* /var/log/*.log' ||
  fail "could not apply the updates of $suite to the base image"
"${buildah[@]}" commit --quiet --rm "$container" "$image" >/dev/null
container=""
echo "make-local-base: $image ready ($(du -sh --apparent-size "$rootfs" | cut -f1) rootfs)" >&2
