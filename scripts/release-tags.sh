#!/usr/bin/env bash
# Tags a release commit and pushes the tags, as release.yml does:
#   - VERSION (vX.Y.Z) becomes an annotated tag on COMMIT. Release tags never move: if the
#     remote already has VERSION, nothing is tagged and the script fails (release the next
#     version instead); the push is not forced, so a tag that appears meanwhile is refused too.
#   - The major tag (vX) is an annotated tag that moves only forward: to COMMIT when VERSION
#     is newer than the release vX points at now (so a patch of an older minor line leaves it
#     alone), or when vX does not exist yet.
# `git ls-remote REMOTE 'refs/tags/vX^{}'` then prints the commit users pin (README).
#
# usage: scripts/release-tags.sh VERSION COMMIT [REMOTE]     (REMOTE: default origin)
set -euo pipefail

fail() {
  echo "release-tags: $*" >&2
  exit 1
}

[[ $# -ge 2 && $# -le 3 ]] || fail "usage: scripts/release-tags.sh VERSION COMMIT [REMOTE]"
version=$1
commit=$(git rev-parse --verify --quiet "$2^{commit}") || fail "$2 is not a commit"
remote=${3:-origin}
if [[ ! $version =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  fail "$version is not a release version (vMAJOR.MINOR.PATCH, e.g. v1.2.3)"
fi
major=v${BASH_REMATCH[1]}

# Every tag of the remote: "SHA<TAB>refs/tags/NAME" and, for annotated tags, the commit
# it peels to as "SHA<TAB>refs/tags/NAME^{}".
tags=$(git ls-remote --tags "$remote") || fail "cannot list the tags of $remote"
# A tag name as a basic regular expression: its dots are literal.
literal() { printf '%s' "${1//./\\.}"; }
if grep -q $'\trefs/tags/'"$(literal "$version")"'$' <<<"$tags"; then
  fail "$version exists on $remote and release tags never move: release the next version"
fi

# The commit a tag peels to on the remote, or "".
peeled() {
  local line
  line=$(grep $'\trefs/tags/'"$(literal "$1")"'^{}$' <<<"$tags" ||
    grep $'\trefs/tags/'"$(literal "$1")"'$' <<<"$tags" || true)
  printf '%s' "${line%%$'\t'*}"
}

git tag --annotate "$version" --message "infra-flash $version" "$commit"
git push --quiet "$remote" "refs/tags/$version"
echo "release-tags: $version -> $commit"

current=$(peeled "$major")
if [[ -n $current ]]; then
  # The newest release of this major version that the major tag points at.
  at=""
  while IFS= read -r name; do
    [[ $(peeled "$name") == "$current" ]] && at=$name
  done < <(grep -o $'\trefs/tags/'"$major"'\.[0-9]*\.[0-9]*$' <<<"$tags" | cut -c 12- | sort -V)
  if [[ -n $at && $(printf '%s\n%s\n' "$at" "$version" | sort -V | tail -n 1) != "$version" ]]; then
    echo "release-tags: $major stays at $at, which is newer than $version"
    exit 0
  fi
fi
git tag --force --annotate "$major" --message "infra-flash $major: $version" "$commit"
git push --quiet --force "$remote" "refs/tags/$major"
echo "release-tags: $major -> $version ($commit)"
