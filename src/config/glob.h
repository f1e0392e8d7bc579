// glob: path patterns of `.infra-flash.yml` (`ignore`, `triggers[].paths`,
// `layers.*.when_modified`), compiled once and matched against repository-relative paths
// such as "envs/prod/data/main.tf".
//
// Syntax (every pattern is anchored at both ends, `/` separates segments):
//   *        any run of characters within one segment ("*.tf" does not match "a/b.tf")
//   **       as a whole segment, any number of segments: "a/**/b" matches a/b and a/x/y/b,
//            "docs/**" everything under docs/, "**/*.md" every .md file, "**" everything.
//            "**" inside a segment ("libs**") is an error: it is ambiguous.
//   ?        one character other than `/`
//   {a,b}    one of the comma-separated alternatives (not nested; no `**` inside)
//   [abc] [a-z] [!abc] [^abc]   one character of (or not of) the class; never `/`
//   \c       the character c literally
// A leading "./" is dropped; a trailing "/" means everything below that directory.
// A leading "/" is an error (patterns are relative to the repository root), as are an
// empty pattern, one longer than kMaxGlobLength, a class that holds `/` (`[\/]`) or a
// range across it (`[+-0]`), and a backwards range (`[z-a]`). A pattern GlobToRegex
// accepts always compiles.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace infra_flash {

inline constexpr std::size_t kMaxGlobLength = 1024;

// The anchored RE2 syntax (Latin-1: one byte is one character) for `pattern`, or an Error
// (no file position; callers add it) saying what is wrong with the pattern.
Result<std::string> GlobToRegex(std::string_view pattern);

// One compiled pattern.
class Glob {
 public:
  static Result<Glob> Compile(std::string_view pattern);
  ~Glob();
  Glob(Glob&&) noexcept;
  Glob& operator=(Glob&&) noexcept;

  bool Matches(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

 private:
  struct Impl;
  Glob(std::string pattern, std::unique_ptr<Impl> impl);
  std::string pattern_;
  std::unique_ptr<Impl> impl_;
};

// Many patterns matched together. The common ones (literal bytes, `*`, `?`, `**`, `{a,b}`
// within a segment) are matched segment by segment, looked up by their first segment when
// it is literal; the rest (classes, escapes) in one RE2::Set pass. Either way a match says
// what Glob says. Indices refer to the vector given to Compile.
class GlobSet {
 public:
  // An empty set is valid and matches nothing. Errors name the first bad pattern.
  static Result<GlobSet> Compile(const std::vector<std::string>& patterns);
  GlobSet();
  ~GlobSet();
  GlobSet(GlobSet&&) noexcept;
  GlobSet& operator=(GlobSet&&) noexcept;

  // Indices of every pattern that matches `path`, ascending.
  std::vector<int> Match(std::string_view path) const;
  bool MatchesAny(std::string_view path) const;
  std::size_t size() const;

 private:
  struct Impl;
  explicit GlobSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace infra_flash
