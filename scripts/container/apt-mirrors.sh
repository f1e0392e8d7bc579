#!/usr/bin/env bash
# Prints the Debian mirrors this machine's apt already uses, one "URI SUITE" per line, for
# every enabled deb source of SUITE, SUITE-updates or SUITE-security (what Debian's own
# images use; backports and proposed-updates stay out). Reads /etc/apt/sources.list,
# /etc/apt/sources.list.d/*.list (one-line format) and /etc/apt/sources.list.d/*.sources
# (deb822); other files (e.g. *.disabled) are ignored, as apt ignores them.
# APT_SOURCES_DIR overrides /etc/apt (for tests).
# Usage: apt-mirrors.sh SUITE      (exit 1 and a message when none is found)
set -euo pipefail

suite=${1:?usage: apt-mirrors.sh SUITE}
etc=${APT_SOURCES_DIR:-/etc/apt}

one_line_sources() {
  local file
  for file in "$etc/sources.list" "$etc"/sources.list.d/*.list; do
    [[ -f "$file" ]] || continue
    # deb [options] URI SUITE COMPONENT...
    awk '$1 == "deb" {
           i = 2
           if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
           if (i + 1 <= NF) print $i, $(i + 1)
         }' "$file"
  done
}

deb822_sources() {
  local file
  for file in "$etc"/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    awk 'function flush() {
           if (types ~ /(^| )deb( |$)/ && enabled != "no")
             for (u in uris) for (s in suites) print uris[u], suites[s]
           types = ""; enabled = ""; delete uris; delete suites
         }
         /^[ \t]*$/ { flush(); next }
         /^#/ { next }
         { key = tolower($1); sub(/:$/, "", key) }
         key == "types"   { types = ""; for (i = 2; i <= NF; i++) types = types " " $i; types = types " " }
         key == "enabled" { enabled = tolower($2) }
         key == "uris"    { for (i = 2; i <= NF; i++) uris[i] = $i }
         key == "suites"  { for (i = 2; i <= NF; i++) suites[i] = $i }
         END { flush() }' "$file"
  done
}

found=$( { one_line_sources; deb822_sources; } |
  awk -v s="$suite" '$2 == s || $2 == s "-updates" || $2 == s "-security"' | sort -u)
if [[ -z "$found" ]]; then
  echo "apt-mirrors: no enabled Debian source for suite '$suite' in $etc/sources.list{,.d/}; set INFRA_FLASH_SMOKE_MIRROR=http://deb.debian.org/debian to choose one" >&2
  exit 1
fi
echo "$found"
