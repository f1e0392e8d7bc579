#include "policy/codeowners.h"

#include <optional>

#include "common/strings.h"
#include "config/approvers.h"

namespace infra_flash {
namespace {

constexpr std::string_view kAnyDirectories = "**";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The words of one line, up to a comment. `\ ` is a space inside a word; other
// backslashes are kept, so that the caller can tell a `\#` escape GitHub does not honour.
std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (IsBlank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    if (!in_word && c == '#') break;  // a comment: at the start of the line or of a word
    in_word = true;
    if (c == '\\' && i + 1 < line.size() && line[i + 1] == ' ') {
      word += ' ';
      ++i;
      continue;
    }
    word += c;
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool IsEmail(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = text.substr(at + 1);
  const std::size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

std::optional<CodeOwner> ParseOwner(std::string_view text) {
  if (std::optional<Approver> mention = ParseMention(text)) {
    if (mention->kind == ApproverKind::kTeam) {
      return CodeOwner{OwnerKind::kTeam, mention->org + "/" + mention->team};
    }
    return CodeOwner{OwnerKind::kUser, mention->login};
  }
  if (IsEmail(text)) return CodeOwner{OwnerKind::kEmail, std::string(text)};
  return std::nullopt;
}

// `*` any run of characters, `?` one character (one UTF-8 sequence); both within one
// segment, which is all `text` is. Iterative, with one backtrack point: linear in
// practice, quadratic at worst.
bool SegmentMatches(std::string_view glob, std::string_view text) {
  std::size_t g = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      resume = t;
    } else if (g < glob.size() && glob[g] == '?') {
      const std::size_t length = Utf8SequenceLength(text, t);
      t += length == 0 ? 1 : length;
      ++g;
    } else if (g < glob.size() && glob[g] == text[t]) {
      ++g;
      ++t;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// Does the whole of `pattern` match the whole of `path`? `**` stands for any number of
// segments, and for one or more when it ends the pattern ("abc/**" is what is inside abc).
// Dynamic programming over (pattern segment, path segment): no exponential backtracking
// whatever the number of `**`.
bool SegmentsMatch(const std::vector<std::string>& pattern,
                   const std::vector<std::string_view>& path) {
  const std::size_t m = pattern.size();
  const std::size_t n = path.size();
  // matches[i * (n + 1) + j]: pattern[i..] matches path[j..]
  std::vector<char> matches((m + 1) * (n + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> char& { return matches[i * (n + 1) + j]; };
  at(m, n) = 1;
  for (std::size_t i = m; i-- > 0;) {
    for (std::size_t j = n + 1; j-- > 0;) {
      if (pattern[i] == kAnyDirectories) {
        at(i, j) = i + 1 == m ? j < n : at(i + 1, j) || (j < n && at(i, j + 1));
      } else {
        at(i, j) = j < n && SegmentMatches(pattern[i], path[j]) && at(i + 1, j + 1);
      }
    }
  }
  return at(0, 0) != 0;
}

// What a reason shows of the file's text: it ends up in a PR comment.
std::string Shortened(std::string_view text) {
  constexpr std::size_t kShown = 60;
  if (text.size() <= kShown) return std::string(text);
  std::size_t cut = kShown;  // not inside a UTF-8 sequence
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

std::string LineReason(std::string_view pattern) {
  if (pattern.rfind("\\#", 0) == 0) {
    return "escaping `#` with `\\` does not work in CODEOWNERS";
  }
  if (!pattern.empty() && pattern.front() == '!') {
    return "`!` negation does not work in CODEOWNERS";
  }
  if (!CodeownersPattern(pattern).valid()) return "`" + Shortened(pattern) + "` names no path";
  return "";
}

}  // namespace

std::string CodeOwner::Display() const { return kind == OwnerKind::kEmail ? name : "@" + name; }

CodeownersPattern::CodeownersPattern(std::string_view pattern) {
  const bool rooted = !pattern.empty() && pattern.front() == '/';
  if (rooted) pattern.remove_prefix(1);
  directories_only_ = !pattern.empty() && pattern.back() == '/';
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  // gitignore: a separator at the start or in the middle anchors the pattern at the root.
  const bool anchored = rooted || pattern.find('/') != std::string_view::npos;
  for (std::string_view segment : PathSegments(pattern)) segments_.emplace_back(segment);
  if (segments_.empty()) return;
  files_directly_in_ = segments_.back() == "*" && !directories_only_;
  if (!anchored) segments_.insert(segments_.begin(), std::string(kAnyDirectories));
}

bool CodeownersPattern::Matches(std::string_view path) const {
  if (segments_.empty()) return false;
  const std::vector<std::string_view> segments = PathSegments(path);
  std::vector<std::string_view> prefix;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    prefix.push_back(segments[k]);
    const bool directory = k + 1 < segments.size();
    // A matching directory owns all it contains, except for `dir/*`, which owns the
    // files directly in dir only.
    if (directory && files_directly_in_) continue;
    if (!directory && directories_only_) continue;
    if (SegmentsMatch(segments_, prefix)) return true;
  }
  return false;
}

const CodeownersRule* Codeowners::RuleFor(std::string_view path) const {
  for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) {
    if (rule->matcher.Matches(path)) return &*rule;
  }
  return nullptr;
}

std::vector<CodeOwner> Codeowners::OwnersOf(std::string_view path) const {
  const CodeownersRule* rule = RuleFor(path);
  return rule == nullptr ? std::vector<CodeOwner>{} : rule->owners;
}

Codeowners ParseCodeowners(std::string_view text) {
  Codeowners file;
  if (text.size() >= kCodeownersMaxBytes) {
    file.too_large = true;
    return file;
  }
  int number = 0;
  for (std::string_view line : SplitLines(text)) {
    ++number;
    std::vector<std::string> words = Words(line);
    if (words.empty()) continue;
    if (std::string reason = LineReason(words[0]); !reason.empty()) {
      file.skipped.push_back({number, reason});
      continue;
    }
    CodeownersRule rule{number, words[0], {}, CodeownersPattern(words[0])};
    std::string bad_owner;
    for (std::size_t i = 1; i < words.size() && bad_owner.empty(); ++i) {
      std::optional<CodeOwner> owner = ParseOwner(words[i]);
      if (owner) {
        rule.owners.push_back(std::move(*owner));
      } else {
        bad_owner = words[i];
      }
    }
    if (!bad_owner.empty()) {
      file.skipped.push_back({number, "`" + Shortened(bad_owner) +
                                          "` is not an owner (write @login, @org/team-slug "
                                          "or an e-mail address)"});
      continue;
    }
    file.rules.push_back(std::move(rule));
  }
  return file;
}

}  // namespace infra_flash
