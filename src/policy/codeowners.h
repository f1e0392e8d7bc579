// codeowners: a CODEOWNERS file -> who owns each path, with GitHub's semantics
// (docs.github.com, "About code owners"). Pure: the caller reads the file, and it must
// read it from the pull request's base commit, never from the pull request's own tree,
// or a PR could name its own reviewers.
//
//   - Each line is a path pattern followed by zero or more owners. Blank lines are
//     ignored; `#` starts a comment at the start of a line or of a word (`*.js @a # x`).
//   - The LAST matching pattern decides. A pattern without owners leaves the paths it
//     matches with no owner (`/apps/github` after `/apps/ @octocat`).
//   - Patterns follow gitignore: a `/` at the start or inside anchors the pattern at the
//     repository root, otherwise it matches at any depth (`apps/`, `*.js`); a trailing `/`
//     matches directories only; a pattern naming a directory owns everything under it
//     (`/build/logs/`, `**/logs`, `/apps/github`); `*` and `?` stay within one path
//     segment; `**/` spans any number of directories, and a trailing `/**` everything
//     inside. GitHub's exception: a pattern ending in `/*` owns only the files directly in
//     that directory (`docs/*` owns `docs/a.md`, not `docs/build/b.md`).
//   - What gitignore has and CODEOWNERS does not: `!` negation and a `\#` escape make
//     the line invalid; `[` and `]` are plain characters, not a range.
//   - `\ ` (backslash, space) is a space inside a pattern.
//   - Paths are case-sensitive (GitHub's file system is).
//   - Owners are `@login`, `@org/team-slug` or an e-mail address. A line with anything
//     else after the pattern is invalid.
//   - An invalid line is skipped, as GitHub skips it, and reported in `skipped`.
//   - A file of 3 MB or more is not loaded at all (GitHub's limit): no rules, one note.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

// Where GitHub looks for the file, in order; the first that exists is the only one used.
inline constexpr std::array<std::string_view, 3> kCodeownersLocations = {
    ".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"};
// GitHub does not load a CODEOWNERS file this large or larger.
inline constexpr std::size_t kCodeownersMaxBytes = 3 * 1024 * 1024;

enum class OwnerKind { kUser, kTeam, kEmail };

struct CodeOwner {
  OwnerKind kind = OwnerKind::kUser;
  std::string name;             // kUser: "bob"; kTeam: "org/team-slug"; kEmail: "a@example.com"
  std::string Display() const;  // "@bob", "@org/team-slug", "a@example.com"
};

// A compiled pattern (the segments of the path it matches).
class CodeownersPattern {
 public:
  // nullopt-like: `valid()` is false for a pattern with no path in it ("/", "").
  explicit CodeownersPattern(std::string_view pattern);
  bool valid() const { return !segments_.empty(); }
  // True when `path` (repository-relative, no leading `/`) or one of its directories
  // matches.
  bool Matches(std::string_view path) const;

 private:
  std::vector<std::string> segments_;  // "**" stands for any number of segments
  bool directories_only_ = false;      // written with a trailing `/`
  bool files_directly_in_ = false;     // ends in `/*`: not the contents of subdirectories
};

struct CodeownersRule {
  int line = 0;                   // 1-based, in the file
  std::string pattern;            // as written (escapes resolved)
  std::vector<CodeOwner> owners;  // empty: the paths it matches have no owner
  CodeownersPattern matcher{""};
};

struct CodeownersSkippedLine {
  int line = 0;
  std::string reason;  // "`!` negation does not work in CODEOWNERS"
};

struct Codeowners {
  std::vector<CodeownersRule> rules;  // file order
  std::vector<CodeownersSkippedLine> skipped;
  bool too_large = false;  // 3 MB or more: not loaded, as on GitHub

  // The rule that decides `path` (the last that matches), or nullptr when none does.
  const CodeownersRule* RuleFor(std::string_view path) const;
  // The owners of `path`: the deciding rule's, or none.
  std::vector<CodeOwner> OwnersOf(std::string_view path) const;
};

// Never fails: what GitHub would skip is skipped and listed.
Codeowners ParseCodeowners(std::string_view text);

}  // namespace infra_flash
