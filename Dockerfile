# infra-flash: the container image a `runs: using: docker` step executes.
#
#   build   compiles infra-flash and runs its tests (ctest); a red test fails the image build
#   tools   downloads terraform, terragrunt, tflint, conftest (and optionally OpenTofu), each
#           checked against a pinned SHA-256; INSTALL_TOOLS=false skips it (machines without
#           internet)
#   final   Debian slim + runtime libraries + git + CA certificates + the stripped binary
#
# GitHub builds this file without build arguments when action.yml says `image: Dockerfile`,
# so every default below must give a complete, working image.

# Base image: debian:bookworm-slim, pinned by digest. This digest is one that many public
# Dockerfiles pin for bookworm-slim (found by code search); it could not be checked against
# Docker Hub from the machine this was written on (no registry access there). The release
# workflow resolves the tag's current digest and passes it with --build-arg BASE_IMAGE=…,
# so published images are built on an up-to-date base. Build and final stages share the
# base so that the libraries the binary was linked against are the ones it runs with.
ARG BASE_IMAGE=debian:bookworm-slim@sha256:4b50eb66f977b4062683ff434ef18ac191da862dbe966961bc11990cf5791a8d

# ---------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS build
ARG DEBIAN_FRONTEND=noninteractive
# The package list lives in one place, the script README.md's commands use too.
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN /tmp/install-deps.sh && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
# BUILD_JOBS bounds compile and test parallelism (empty: one per CPU).
# RUN_TESTS=false skips ctest; only for experiments, never for a published image.
ARG BUILD_JOBS=
ARG RUN_TESTS=true
RUN set -eu; \
    jobs="${BUILD_JOBS:-$(nproc)}"; \
    case "$RUN_TESTS" in true) tests=ON ;; false) tests=OFF ;; \
      *) echo "RUN_TESTS must be true or false, got '$RUN_TESTS'" >&2; exit 2 ;; esac; \
    cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DINFRA_FLASH_TESTS="$tests"; \
    if [ "$tests" = ON ]; then \
      ninja -C /build -j"$jobs"; \
      ctest --test-dir /build --output-on-failure -j"$jobs" --timeout 300; \
    else \
      ninja -C /build -j"$jobs" infra-flash; \
    fi; \
    mkdir -p /out; \
    strip --strip-all -o /out/infra-flash /build/infra-flash; \
    /out/infra-flash --version

# ---------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS tools
ARG DEBIAN_FRONTEND=noninteractive
ARG INSTALL_TOOLS=true
ARG TARGETARCH=amd64
# Versions and the SHA-256 of the linux_amd64 artefact (for another TARGETARCH pass that
# architecture's SHA-256). Sources of the sums: releases.hashicorp.com/terraform/VERSION/
# terraform_VERSION_SHA256SUMS, github.com/gruntwork-io/terragrunt/releases SHA256SUMS and
# github.com/terraform-linters/tflint/releases checksums.txt (tflint_linux_amd64.zip).
ARG TERRAFORM_VERSION=1.16.4
ARG TERRAFORM_SHA256=dc94af0eef1147718ad7c8daea792ed199e3e0492eec180d0adafa2a65a879df
ARG TERRAGRUNT_VERSION=1.1.6
ARG TERRAGRUNT_SHA256=d75a80bb264758ba00dabcb17f4b507fcdab4ca90d9e41f96750df036bf69b04
# tflint runs for layers with `lint: tflint`; TFLINT_VERSION= (empty) leaves it out.
ARG TFLINT_VERSION=0.64.0
ARG TFLINT_SHA256=cca9d13e2e1d7a2c627af60ff899a3c9b74212899416aeb96ec764d2ef954537
# conftest checks plan JSON against Rego policies; CONFTEST_VERSION= (empty) leaves it out.
# The sum is of conftest_VERSION_Linux_x86_64.tar.gz, as listed next to that release URL in
# github.com/ohno-cloud/tools_manifests conftest/private/versions.bzl (commit 9acc3c37; the
# same amd64 sum is in a second, unrelated public pin list); it could not be checked against
# the release's checksums.txt from the machine this was written on. For TARGETARCH=arm64
# (conftest_0.62.0_Linux_arm64.tar.gz) the same file gives
# 2129f630711b8b0fd8d0cee9092c8015c577c3035a2e393d3b340bb1e4e9b59f.
ARG CONFTEST_VERSION=0.62.0
ARG CONFTEST_SHA256=284231908e4cf66d156e5577c3eee2f67d9f2edf2521fa2309e0df1969f871e5
# OpenTofu is installed only when TOFU_VERSION is set, e.g. TOFU_VERSION=1.8.5
# TOFU_SHA256=e2951ba6be8ae9427aabbd5c6f243855e8b526cb2ae6bc33a05dae22d7e82632 (linux_amd64 zip).
ARG TOFU_VERSION=
ARG TOFU_SHA256=
COPY scripts/container/install-tools.sh /tmp/install-tools.sh
RUN /tmp/install-tools.sh /tools

# ---------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS final
ARG DEBIAN_FRONTEND=noninteractive
# Only what the binary needs at run time: libcurl4, loaded at the first HTTP request, and
# libcrypto (libssl3), loaded at the first digest (`ldd` lists neither, but every run that
# talks to GitHub or checks a plan needs both); yaml-cpp, RE2 and libstdc++ are linked in
# (INFRA_FLASH_STATIC_DEPS, for a faster start).
# Plus git (changed files, SHAs) and CA certificates
# (api.github.com over TLS). Docs, man pages, translations, perl's modules and git's server
# programs are never unpacked (see the two dpkg files for what and why).
COPY scripts/container/dpkg-slim.cfg /etc/dpkg/dpkg.cfg.d/infra-flash-slim
COPY scripts/container/dpkg-runtime.cfg /etc/dpkg/dpkg.cfg.d/infra-flash-runtime
# The checkout in /github/workspace belongs to the runner's user, not to root: without
# safe.directory every git command in the container stops with "detected dubious ownership".
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libcurl4 libssl3 ca-certificates git \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old \
      /var/log/apt /var/log/dpkg.log /var/log/alternatives.log \
 && git config --system safe.directory '*'
COPY --from=tools /tools/ /usr/local/bin/
COPY --from=build /out/infra-flash /usr/local/bin/infra-flash

LABEL org.opencontainers.image.title="infra-flash" \
      org.opencontainers.image.description="Terragrunt / Terraform pull-request pipeline as one GitHub Action step"

# Runs as root on purpose: GitHub runs container actions as root and mounts the workspace,
# HOME (/github/home) and the files behind GITHUB_OUTPUT / GITHUB_STEP_SUMMARY owned by the
# runner's user; a non-root USER here could not write them. See docs/action.md.
ENTRYPOINT ["/usr/local/bin/infra-flash"]
CMD ["run"]
