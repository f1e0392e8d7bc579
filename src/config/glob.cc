#include "config/glob.h"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>

#include "common/strings.h"

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

// ---- Segment globs: the common patterns, matched without RE2 ----
//
// Nearly every pattern a config holds is made of literal bytes, `*`, `?`, whole `**`
// segments and `{a,b}` within one segment. GlobSet matches those segment by segment:
// compiling them into an RE2 set and running its DFA cost more than the rest of a
// decision about 3,000 changed paths. A pattern with a `[...]` class, a `\` escape, or a
// `{...}` that holds a `/` or expands to more than kMaxSegmentAlternatives goes to RE2.
// Both must say what GlobToRegex's regex says; GlobSet's tests and fuzz/glob_fuzzer.cc
// compare them with Glob, which is RE2 alone.

// Bounds on a segment glob, so that a match costs about what RE2's would, whoever wrote
// the pattern and the path (a pull request may bring both): the alternatives of a `{...}`,
// SegmentCost per segment, and the segments between the first and last `**`, each of
// which may be tried at every place of the path.
constexpr std::size_t kMaxSegmentAlternatives = 64;
constexpr std::size_t kMaxSegmentCost = 128;
constexpr std::size_t kMaxSegmentsBetweenAnySegments = 8;

// One alternative of a segment: literal bytes with `*` and `?` as wildcards (a segment
// glob holds no escape, so neither is ever literal), and its shape, for the common ones.
struct SegmentAlternative {
  enum class Shape { kLiteral, kStarThenLiteral, kLiteralThenStar, kWildcards };
  std::string text;
  Shape shape = Shape::kWildcards;
};

struct SegmentPattern {
  bool any_segments = false;                     // a whole `**` segment
  std::vector<SegmentAlternative> alternatives;  // otherwise: its `{...}` expanded
};

struct SegmentGlob {
  std::vector<SegmentPattern> segments;
  std::size_t literal_prefix = 0;  // how many segments from the first are one literal each
  std::size_t fixed = 0;           // segments other than `**`: the fewest a path can have
  bool has_any_segments = false;   // without `**`, a path has exactly `fixed` segments
};

// `segment` (no `/`) with its `{...}` groups expanded; nullopt past the bound.
std::optional<std::vector<std::string>> ExpandBraces(std::string_view segment) {
  std::vector<std::string> out(1);
  std::size_t i = 0;
  while (i < segment.size()) {
    if (segment[i] != '{') {
      for (std::string& alternative : out) alternative += segment[i];
      ++i;
      continue;
    }
    const std::size_t close = segment.find('}', i);  // GlobToRegex: closed, not nested
    std::vector<std::string_view> options;
    for (std::size_t start = i + 1;;) {
      const std::size_t comma = segment.find(',', start);
      if (comma == std::string_view::npos || comma > close) {
        options.push_back(segment.substr(start, close - start));
        break;
      }
      options.push_back(segment.substr(start, comma - start));
      start = comma + 1;
    }
    if (out.size() * options.size() > kMaxSegmentAlternatives) return std::nullopt;
    std::vector<std::string> expanded;
    expanded.reserve(out.size() * options.size());
    for (const std::string& prefix : out) {
      for (std::string_view option : options) expanded.push_back(prefix + std::string(option));
    }
    out = std::move(expanded);
    i = close + 1;
  }
  return out;
}

// What matching a segment against one byte of a path may cost at most: for each
// alternative, its longest piece between stars (MatchSegment).
std::size_t SegmentCost(const std::vector<std::string>& alternatives) {
  std::size_t cost = 0;
  for (std::string_view alternative : alternatives) {
    std::size_t longest = 0;
    for (std::size_t start = 0;;) {
      const std::size_t star = alternative.find('*', start);
      longest =
          std::max(longest, (star == std::string_view::npos ? alternative.size() : star) - start);
      if (star == std::string_view::npos) break;
      start = star + 1;
    }
    cost += longest + 1;
  }
  return cost;
}

// `normalised` (NormalisePattern's, and accepted by GlobToRegex) as segments, or nullopt
// when RE2 must match it.
std::optional<SegmentGlob> ToSegmentGlob(std::string_view normalised) {
  if (normalised.find_first_of("[\\") != std::string_view::npos) return std::nullopt;
  bool in_braces = false;
  for (char c : normalised) {
    if (c == '{') in_braces = true;
    if (c == '}') in_braces = false;
    if (c == '/' && in_braces) return std::nullopt;
  }
  SegmentGlob glob;
  for (std::size_t start = 0;;) {
    const std::size_t slash = normalised.find('/', start);
    const std::string_view raw = normalised.substr(start, slash - start);
    SegmentPattern segment;
    if (raw == "**") {
      segment.any_segments = true;
      glob.has_any_segments = true;
    } else {
      std::optional<std::vector<std::string>> alternatives = ExpandBraces(raw);
      if (!alternatives || SegmentCost(*alternatives) > kMaxSegmentCost) return std::nullopt;
      for (std::string& text : *alternatives) {
        using Shape = SegmentAlternative::Shape;
        const std::size_t wild = text.find_first_of("*?");
        const std::size_t last_wild = text.find_last_of("*?");
        Shape shape = Shape::kWildcards;
        if (wild == std::string::npos) {
          shape = Shape::kLiteral;
        } else if (wild == 0 && last_wild == 0 && text[0] == '*') {
          shape = Shape::kStarThenLiteral;
        } else if (wild + 1 == text.size() && wild == last_wild && text[wild] == '*') {
          shape = Shape::kLiteralThenStar;
        }
        segment.alternatives.push_back({std::move(text), shape});
      }
      ++glob.fixed;
      if (glob.literal_prefix == glob.segments.size() && segment.alternatives.size() == 1 &&
          segment.alternatives.front().shape == SegmentAlternative::Shape::kLiteral) {
        ++glob.literal_prefix;
      }
    }
    glob.segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::size_t first_any = glob.segments.size();
  std::size_t last_any = 0;
  for (std::size_t s = 0; s < glob.segments.size(); ++s) {
    if (!glob.segments[s].any_segments) continue;
    first_any = std::min(first_any, s);
    last_any = s;
  }
  if (first_any < last_any && last_any - first_any - 1 > kMaxSegmentsBetweenAnySegments) {
    return std::nullopt;
  }
  return glob;
}

// Whether `piece` (literal bytes and `?`) matches `text` at `at`; the caller checks that it
// fits.
bool PieceAt(std::string_view piece, std::string_view text, std::size_t at) {
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if (piece[i] != '?' && piece[i] != text[at + i]) return false;
  }
  return true;
}

// `*` and `?` against one path segment. The pattern is pieces between stars: the first
// must match at the start, the last at the end, and each one between at the leftmost place
// after the one before (a star takes whatever lies between, so leftmost is never wrong).
// Every place is tried once per piece: the time is the text's length times the longest
// piece, which ToSegmentGlob bounds.
bool MatchSegment(std::string_view pattern, std::string_view text) {
  const std::size_t first_star = pattern.find('*');
  if (first_star == std::string_view::npos) {
    return pattern.size() == text.size() && PieceAt(pattern, text, 0);
  }
  const std::size_t last_star = pattern.rfind('*');
  const std::string_view head = pattern.substr(0, first_star);
  const std::string_view tail = pattern.substr(last_star + 1);
  if (text.size() < head.size() + tail.size() || !PieceAt(head, text, 0) ||
      !PieceAt(tail, text, text.size() - tail.size())) {
    return false;
  }
  std::size_t at = head.size();
  const std::size_t end = text.size() - tail.size();  // the middle pieces lie in [at, end)
  for (std::size_t start = first_star + 1; start < last_star;) {
    const std::size_t star = pattern.find('*', start);
    const std::string_view piece = pattern.substr(start, star - start);
    start = star + 1;
    bool found = false;
    for (; at + piece.size() <= end; ++at) {
      if (PieceAt(piece, text, at)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
    at += piece.size();
  }
  return true;
}

bool MatchesAlternative(const SegmentAlternative& alternative, std::string_view text) {
  const std::string_view pattern = alternative.text;
  switch (alternative.shape) {
    case SegmentAlternative::Shape::kLiteral:
      return text == pattern;
    case SegmentAlternative::Shape::kStarThenLiteral:
      return text.ends_with(pattern.substr(1));
    case SegmentAlternative::Shape::kLiteralThenStar:
      return text.starts_with(pattern.substr(0, pattern.size() - 1));
    case SegmentAlternative::Shape::kWildcards:
      break;
  }
  return MatchSegment(pattern, text);
}

bool MatchesSegment(const SegmentPattern& segment, std::string_view text) {
  for (const SegmentAlternative& alternative : segment.alternatives) {
    if (MatchesAlternative(alternative, text)) return true;
  }
  return false;
}

// Whether the path's segments `parts` match. The segments before the first `**` match
// the first parts one to one, and those after the last `**` the last parts; only what lies
// between is searched. The regex of a `**` segment is `(?:[^/]+/)*` (zero or more
// non-empty segments) in the middle or at the start, and `.*` at the end (one more segment
// at least, of anything: the `/` before it is the pattern's).
bool MatchesParts(const SegmentGlob& glob, const std::vector<std::string_view>& parts,
                  std::vector<char>& reach) {
  const std::vector<SegmentPattern>& segments = glob.segments;
  const std::size_t n = parts.size();
  if (glob.has_any_segments ? n < glob.fixed : n != glob.fixed) return false;
  std::size_t first = 0;  // segments [first, end) are left for parts [first, last)
  for (; first < segments.size() && !segments[first].any_segments; ++first) {
    if (!MatchesSegment(segments[first], parts[first])) return false;
  }
  if (first == segments.size()) return true;  // no `**`, and as many parts as segments
  std::size_t end = segments.size();
  std::size_t last = n;
  while (!segments[end - 1].any_segments) {
    if (!MatchesSegment(segments[--end], parts[--last])) return false;
  }
  // Between: a walk of where the segments so far can end. reach[k]: at parts[first + k].
  const std::size_t span = last - first;
  reach.assign(span + 1, 0);
  reach[0] = 1;
  for (std::size_t s = first; s < end; ++s) {
    const SegmentPattern& segment = segments[s];
    if (segment.any_segments && s + 1 == segments.size()) {  // `.*`: last == n here
      return std::find(reach.begin(), reach.begin() + static_cast<std::ptrdiff_t>(span), 1) !=
             reach.begin() + static_cast<std::ptrdiff_t>(span);
    }
    bool any = false;
    if (segment.any_segments) {
      for (std::size_t k = 0; k < span; ++k) {
        if (reach[k] && !parts[first + k].empty()) reach[k + 1] = 1;
        any = any || reach[k];
      }
      any = any || reach[span];
    } else {
      for (std::size_t k = span; k-- > 0;) {
        reach[k + 1] = reach[k] && MatchesSegment(segment, parts[first + k]);
        any = any || reach[k + 1];
      }
      reach[0] = 0;
    }
    if (!any) return false;
  }
  return reach[span] != 0;
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
  std::vector<std::string> patterns;  // as given: Match's indices are into these

  // The segment globs, with the index of each one's pattern. Those whose first segments
  // are literal are looked up by them ("modules/net/**" under "modules/net"); the others
  // are tried on every path.
  std::vector<SegmentGlob> segment_globs;
  std::vector<int> segment_glob_pattern;
  StringMap<std::vector<std::size_t>> by_literal_prefix;
  std::size_t deepest_literal_prefix = 0;
  std::vector<std::size_t> anywhere;

  // The rest, in one RE2 set; set_pattern[i] is the index of the set's pattern i.
  RE2::Set set;
  std::vector<int> set_pattern;
  // The same patterns one by one, for the rare path on which the set's DFA runs out of
  // memory: slower, never wrong. Compiled on first need, not up front.
  mutable std::once_flag each_compiled;
  mutable std::vector<std::unique_ptr<RE2>> each;

  const std::vector<std::unique_ptr<RE2>>& Each() const {
    std::call_once(each_compiled, [this] {
      for (int index : set_pattern) {
        each.push_back(
            std::make_unique<RE2>(*GlobToRegex(patterns[index]), GlobOptions(kMaxPatternMemory)));
      }
    });
    return each;
  }

  void AddSegmentGlob(SegmentGlob glob, int pattern) {
    const std::size_t at = segment_globs.size();
    if (glob.literal_prefix == 0) {
      anywhere.push_back(at);
    } else {
      std::string key;
      for (std::size_t s = 0; s < glob.literal_prefix; ++s) {
        key.append(s == 0 ? "" : "/").append(glob.segments[s].alternatives.front().text);
      }
      by_literal_prefix[key].push_back(at);
      deepest_literal_prefix = std::max(deepest_literal_prefix, glob.literal_prefix);
    }
    segment_globs.push_back(std::move(glob));
    segment_glob_pattern.push_back(pattern);
  }

  // Appends the index of every segment glob matching `path`; stops at the first when
  // `first_only`.
  void MatchSegmentGlobs(std::string_view path, bool first_only, std::vector<int>& out) const {
    if (segment_globs.empty()) return;
    thread_local std::vector<std::string_view> parts;
    thread_local std::vector<char> reach;
    parts.clear();
    for (std::size_t start = 0;;) {
      const std::size_t next = path.find('/', start);
      parts.push_back(path.substr(start, next - start));
      if (next == std::string_view::npos) break;
      start = next + 1;
    }
    const auto try_each = [&](const std::vector<std::size_t>& candidates) {
      for (std::size_t at : candidates) {
        if (MatchesParts(segment_globs[at], parts, reach)) {
          out.push_back(segment_glob_pattern[at]);
          if (first_only) return true;
        }
      }
      return false;
    };
    // The path's first segments, one more at a time: "a", "a/b", ...
    const std::size_t depth = std::min(deepest_literal_prefix, parts.size());
    for (std::size_t d = 1; d <= depth; ++d) {
      const std::string_view& part = parts[d - 1];
      auto found = by_literal_prefix.find(
          path.substr(0, static_cast<std::size_t>(part.data() - path.data()) + part.size()));
      if (found != by_literal_prefix.end() && try_each(found->second)) return;
    }
    try_each(anywhere);
  }

  // Appends the index of every RE2 pattern matching `path`.
  void MatchSet(std::string_view path, std::vector<int>& out) const {
    if (set_pattern.empty()) return;
    const re2::StringPiece text(path.data(), path.size());
    RE2::Set::ErrorInfo info{};
    // Most paths match none: a first pass without an output vector allocates nothing.
    if (!set.Match(text, nullptr, &info) && info.kind == RE2::Set::kNoError) return;
    std::vector<int> matches;
    info = RE2::Set::ErrorInfo{};
    if (!set.Match(text, &matches, &info)) {
      if (info.kind == RE2::Set::kNoError) return;
      matches.clear();
      const auto& one_by_one = Each();
      for (std::size_t i = 0; i < one_by_one.size(); ++i) {
        if (RE2::FullMatch(text, *one_by_one[i])) matches.push_back(static_cast<int>(i));
      }
    }
    for (int match : matches) out.push_back(set_pattern[static_cast<std::size_t>(match)]);
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
    const int index = static_cast<int>(impl->patterns.size());
    impl->patterns.push_back(pattern);
    if (std::optional<SegmentGlob> glob = ToSegmentGlob(*NormalisePattern(pattern))) {
      impl->AddSegmentGlob(std::move(*glob), index);
      continue;
    }
    std::string ignored;
    if (impl->set.Add(*regex, &ignored) < 0) {
      return Error{"`" + pattern + "`: the pattern does not compile: " + ignored};
    }
    impl->set_pattern.push_back(index);
  }
  if (!impl->set_pattern.empty() && !impl->set.Compile()) {
    return Error{"the " + std::to_string(impl->set_pattern.size()) +
                 " patterns together need more memory than allowed; use fewer or simpler globs"};
  }
  return GlobSet(std::move(impl));
}

std::vector<int> GlobSet::Match(std::string_view path) const {
  std::vector<int> matches;
  impl_->MatchSegmentGlobs(path, /*first_only=*/false, matches);
  impl_->MatchSet(path, matches);
  std::sort(matches.begin(), matches.end());
  return matches;
}

bool GlobSet::MatchesAny(std::string_view path) const {
  std::vector<int> matches;
  impl_->MatchSegmentGlobs(path, /*first_only=*/true, matches);
  if (!matches.empty()) return true;
  if (impl_->set_pattern.empty()) return false;
  RE2::Set::ErrorInfo info{};
  // Without an output vector the set may stop at the first match.
  if (impl_->set.Match(re2::StringPiece(path.data(), path.size()), nullptr, &info)) return true;
  if (info.kind == RE2::Set::kNoError) return false;
  impl_->MatchSet(path, matches);
  return !matches.empty();
}

std::size_t GlobSet::size() const { return impl_->patterns.size(); }

}  // namespace infra_flash
