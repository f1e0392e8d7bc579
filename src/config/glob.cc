#include "config/glob.h"

#include <algorithm>
#include <cstdint>
#include <mutex>

#include <re2/re2.h>
#include <re2/set.h>

namespace infra_flash {
namespace {

// Patterns come from a config file anyone with write access edits: bound what one may cost.
constexpr std::int64_t kMaxPatternMemory = 1 << 20;
constexpr std::int64_t kMaxSetMemory = 64 << 20;

RE2::Options GlobOptions(std::int64_t max_mem) {
  RE2::Options options;
  // Latin-1: every byte of a path is one character, so no path is "invalid UTF-8".
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  options.set_dot_nl(true);
  return options;
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// One character that must match itself (bytes >= 0x80 are literal in RE2 as they are).
void AppendLiteral(char c, std::string& out) {
  if (c == '\0') {
    out += "\\x00";
    return;
  }
  if (!IsWordChar(c) && c != '/' && (static_cast<unsigned char>(c) < 0x80)) out += '\\';
  out += c;
}

std::string Column(std::size_t index) { return "column " + std::to_string(index + 1); }

// Translates the `[...]` starting at pattern[start]; on success `end` is the index of `]`.
Result<std::string> TranslateClass(std::string_view pattern, std::size_t start, std::size_t& end) {
  std::size_t i = start + 1;
  std::string out = "[";
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    out += "^/";  // a negated class still never crosses a segment
    ++i;
  }
  const std::size_t first = i;
  // A `-` is a range only between two single characters: first in the class or right
  // after a range it is itself a character (`[-a]`, `[a-c-e]` is a-c, `-` and e, as RE2
  // reads it), never the start of another range.
  bool can_start_range = false;  // the last element was one character, not a range's end
  bool in_range = false;         // a `-` was just read as a range
  unsigned char low = 0;         // the character before a `-`: where a range starts
  for (; i < pattern.size() && (pattern[i] != ']' || i == first); ++i) {
    char c = pattern[i];
    if (c == '/') return Error{"a `[...]` class cannot contain `/` (" + Column(i) + ")"};
    bool is_range = c == '-' && can_start_range && i + 1 < pattern.size() && pattern[i + 1] != ']';
    if (is_range) {
      // `[+-0]` would match `/` through the range, and `/` only ever separates segments.
      std::size_t high_at = i + 1;
      if (pattern[high_at] == '\\' && high_at + 1 < pattern.size()) ++high_at;
      const auto high = static_cast<unsigned char>(pattern[high_at]);
      if (low <= '/' && '/' <= high) {
        return Error{"the range at " + Column(i - 1) + " includes `/`, which a `[...]` class " +
                     "never matches; split it around `/`, e.g. `[+-.0]` for `[+-0]`"};
      }
      if (low > high) {  // RE2 refuses it, and the loader promises a pattern that compiles
        return Error{"the range at " + Column(i - 1) + " is backwards; write its lower " +
                     "character first, as in `[a-z]`"};
      }
      out += '-';
      in_range = true;
      can_start_range = false;
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size()) {
      c = pattern[++i];
      if (c == '/') return Error{"a `[...]` class cannot contain `/` (" + Column(i) + ")"};
    }
    AppendLiteral(c, out);
    low = static_cast<unsigned char>(c);
    can_start_range = !in_range;
    in_range = false;
  }
  if (i >= pattern.size()) {
    return Error{"the `[` at " + Column(start) + " is never closed; write `\\[` for a literal `[`"};
  }
  end = i;
  return out + "]";
}

// The pattern without a leading "./", with a trailing "/" meaning "everything below".
Result<std::string> NormalisePattern(std::string_view pattern) {
  if (pattern.empty()) return Error{"the pattern is empty"};
  if (pattern.size() > kMaxGlobLength) {
    return Error{"the pattern is " + std::to_string(pattern.size()) +
                 " characters long; the limit is " + std::to_string(kMaxGlobLength)};
  }
  if (pattern.front() == '/') {
    return Error{"patterns are relative to the repository root; drop the leading `/`"};
  }
  while (pattern.size() >= 2 && pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  if (pattern.empty()) return Error{"the pattern names no file"};
  std::string normalised(pattern);
  if (normalised.back() == '/') normalised += "**";
  return normalised;
}

// "**" is only meaningful as a whole segment; elsewhere it is almost certainly a typo.
bool IsWholeSegment(std::string_view pattern, std::size_t i) {
  bool starts_segment = i == 0 || pattern[i - 1] == '/';
  bool ends_segment = i + 2 == pattern.size() || pattern[i + 2] == '/';
  return starts_segment && ends_segment;
}

}  // namespace

Result<std::string> GlobToRegex(std::string_view raw_pattern) {
  Result<std::string> normalised = NormalisePattern(raw_pattern);
  if (!normalised.ok()) return normalised.error();
  std::string_view pattern = *normalised;
  std::string out;
  bool in_braces = false;
  std::size_t brace_start = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    switch (c) {
      case '\\':
        if (i + 1 == pattern.size()) return Error{"the pattern ends with a lone `\\`"};
        AppendLiteral(pattern[++i], out);
        break;
      case '*':
        if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
          if (in_braces) return Error{"`**` cannot be used inside `{...}`"};
          if (!IsWholeSegment(pattern, i)) {
            return Error{"`**` must be a whole path segment, as in `libs/**` or `**/*.tf` (" +
                         Column(i) + "); use `*` to match within one segment"};
          }
          if (i + 2 == pattern.size()) {
            out += ".*";
            i += 1;
          } else {
            out += "(?:[^/]+/)*";  // zero or more whole segments; the '/' is consumed
            i += 2;
          }
        } else {
          out += "[^/]*";
        }
        break;
      case '?':
        out += "[^/]";
        break;
      case '{':
        if (in_braces) return Error{"nested `{...}` is not supported (" + Column(i) + ")"};
        in_braces = true;
        brace_start = i;
        out += "(?:";
        break;
      case '}':
        if (!in_braces) {
          return Error{"`}` at " + Column(i) +
                       " has no matching `{`; write `\\}` for a literal `}`"};
        }
        in_braces = false;
        out += ")";
        break;
      case ',':
        if (in_braces) {
          out += "|";
        } else {
          AppendLiteral(c, out);
        }
        break;
      case '[': {
        std::size_t end = 0;
        Result<std::string> cls = TranslateClass(pattern, i, end);
        if (!cls.ok()) return cls.error();
        out += *cls;
        i = end;
        break;
      }
      default:
        AppendLiteral(c, out);
    }
  }
  if (in_braces) return Error{"the `{` at " + Column(brace_start) + " is never closed"};
  return out;
}

// ---- Glob ----

struct Glob::Impl {
  explicit Impl(const std::string& regex) : re(regex, GlobOptions(kMaxPatternMemory)) {}
  RE2 re;
};

Glob::Glob(std::string pattern, std::unique_ptr<Impl> impl)
    : pattern_(std::move(pattern)), impl_(std::move(impl)) {}
Glob::~Glob() = default;
Glob::Glob(Glob&&) noexcept = default;
Glob& Glob::operator=(Glob&&) noexcept = default;

Result<Glob> Glob::Compile(std::string_view pattern) {
  Result<std::string> regex = GlobToRegex(pattern);
  if (!regex.ok()) return regex.error();
  auto impl = std::make_unique<Impl>(*regex);
  if (!impl->re.ok()) return Error{"the pattern does not compile: " + impl->re.error()};
  return Glob(std::string(pattern), std::move(impl));
}

bool Glob::Matches(std::string_view path) const {
  return RE2::FullMatch(re2::StringPiece(path.data(), path.size()), impl_->re);
}

// ---- GlobSet ----

struct GlobSet::Impl {
  Impl() : set(GlobOptions(kMaxSetMemory), RE2::ANCHOR_BOTH) {}
  RE2::Set set;
  std::vector<std::string> patterns;
  // The same patterns one by one, for the rare path on which the set's DFA runs out of
  // memory: slower, never wrong. Compiled on first need, not up front.
  mutable std::once_flag each_compiled;
  mutable std::vector<std::unique_ptr<RE2>> each;

  const std::vector<std::unique_ptr<RE2>>& Each() const {
    std::call_once(each_compiled, [this] {
      for (const std::string& pattern : patterns) {
        each.push_back(
            std::make_unique<RE2>(*GlobToRegex(pattern), GlobOptions(kMaxPatternMemory)));
      }
    });
    return each;
  }
};

GlobSet::GlobSet() : impl_(std::make_unique<Impl>()) {}
GlobSet::GlobSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GlobSet::~GlobSet() = default;
GlobSet::GlobSet(GlobSet&&) noexcept = default;
GlobSet& GlobSet::operator=(GlobSet&&) noexcept = default;

Result<GlobSet> GlobSet::Compile(const std::vector<std::string>& patterns) {
  auto impl = std::make_unique<Impl>();
  for (const std::string& pattern : patterns) {
    Result<std::string> regex = GlobToRegex(pattern);
    if (!regex.ok()) return Error{"`" + pattern + "`: " + regex.error().message};
    std::string ignored;
    if (impl->set.Add(*regex, &ignored) < 0) {
      return Error{"`" + pattern + "`: the pattern does not compile: " + ignored};
    }
    impl->patterns.push_back(pattern);
  }
  if (!patterns.empty() && !impl->set.Compile()) {
    return Error{"the " + std::to_string(patterns.size()) +
                 " patterns together need more memory than allowed; use fewer or simpler globs"};
  }
  return GlobSet(std::move(impl));
}

std::vector<int> GlobSet::Match(std::string_view path) const {
  std::vector<int> matches;
  if (impl_->patterns.empty()) return matches;
  RE2::Set::ErrorInfo info{};
  // Most paths match none: a first pass without an output vector allocates nothing.
  if (!impl_->set.Match(re2::StringPiece(path.data(), path.size()), nullptr, &info) &&
      info.kind == RE2::Set::kNoError) {
    return matches;
  }
  info = RE2::Set::ErrorInfo{};
  if (impl_->set.Match(re2::StringPiece(path.data(), path.size()), &matches, &info)) {
    std::sort(matches.begin(), matches.end());
    return matches;
  }
  if (info.kind == RE2::Set::kNoError) return {};
  matches.clear();
  const auto& each = impl_->Each();
  for (std::size_t i = 0; i < each.size(); ++i) {
    if (RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *each[i])) {
      matches.push_back(static_cast<int>(i));
    }
  }
  return matches;
}

bool GlobSet::MatchesAny(std::string_view path) const {
  if (impl_->patterns.empty()) return false;
  RE2::Set::ErrorInfo info{};
  // Without an output vector the set may stop at the first match.
  if (impl_->set.Match(re2::StringPiece(path.data(), path.size()), nullptr, &info)) return true;
  if (info.kind == RE2::Set::kNoError) return false;
  return !Match(path).empty();
}

std::size_t GlobSet::size() const { return impl_->patterns.size(); }

}  // namespace infra_flash
