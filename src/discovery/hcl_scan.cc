#include "discovery/hcl_scan.h"

#include <cstddef>

namespace infra_flash {
namespace {

// Bounds: the input is the pull request's to shape.
constexpr std::size_t kMaxDepth = 64;  // nested blocks, calls and ${…}
constexpr std::size_t kMaxUnresolvedText = 120;

enum class Tok { kIdent, kString, kOpaque, kPunct, kNewline };

struct Token {
  Tok kind;
  std::string_view text;  // kString: the raw content between the quotes
  int line;
};

// ASCII only, whatever the locale: HCL identifiers are ASCII letters, digits, `_` and `-`
// (and `.` joins traversals here).
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IdentStart(char c) { return IsAsciiLetter(c) || c == '_'; }
bool IdentChar(char c) {
  return IsAsciiLetter(c) || IsAsciiDigit(c) || c == '_' || c == '-' || c == '.';
}

// The end of a quoted string whose content starts at `i` (after the quote): the index of
// the closing quote, or text.size(). ${…} may hold strings of its own.
std::size_t StringEnd(std::string_view text, std::size_t i, int& line) {
  int interpolation = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '\n') {
      if (interpolation == 0) return i;  // unterminated: stop at the line's end
      ++line;
    }
    if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++interpolation;
      i += 2;
      continue;
    }
    if (interpolation > 0 && c == '}') --interpolation;
    if (interpolation > 0 && c == '"') {
      i = StringEnd(text, i + 1, line) + 1;
      continue;
    }
    if (interpolation == 0 && c == '"') return i;
    ++i;
  }
  return i;
}

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 16);  // HCL averages more than 4 bytes a token
  int line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      tokens.push_back({Tok::kNewline, text.substr(i, 1), line});
      ++line;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#' || (c == '/' && i + 1 < text.size() && text[i + 1] == '/')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t end = text.find("*/", i + 2);
      const std::size_t stop = end == std::string_view::npos ? text.size() : end + 2;
      for (std::size_t k = i; k < stop; ++k) line += text[k] == '\n';
      i = stop;
    } else if (c == '"') {
      const int start_line = line;
      const std::size_t end = StringEnd(text, i + 1, line);
      tokens.push_back({Tok::kString, text.substr(i + 1, end - i - 1), start_line});
      i = end < text.size() ? end + 1 : end;
    } else if (c == '<' && text.substr(i, 2) == "<<") {
      // A heredoc: opaque up to its closing marker.
      std::size_t j = i + 2;
      if (j < text.size() && text[j] == '-') ++j;
      const std::size_t name_start = j;
      while (j < text.size() && IdentChar(text[j])) ++j;
      const std::string_view marker = text.substr(name_start, j - name_start);
      if (marker.empty()) {
        tokens.push_back({Tok::kPunct, text.substr(i, 1), line});
        ++i;
        continue;
      }
      const int start_line = line;
      std::size_t k = text.find('\n', j);
      while (k != std::string_view::npos) {
        ++line;
        std::size_t next = text.find('\n', k + 1);
        std::string_view body_line =
            text.substr(k + 1, (next == std::string_view::npos ? text.size() : next) - k - 1);
        while (!body_line.empty() && (body_line.front() == ' ' || body_line.front() == '\t')) {
          body_line.remove_prefix(1);
        }
        if (!body_line.empty() && body_line.back() == '\r') body_line.remove_suffix(1);
        if (body_line == marker) {
          k = next == std::string_view::npos ? text.size() : next;
          break;
        }
        k = next;
      }
      if (k == std::string_view::npos) k = text.size();
      tokens.push_back({Tok::kOpaque, text.substr(i, k - i), start_line});
      i = k;
    } else if (IdentStart(c) || IsAsciiDigit(c)) {
      const std::size_t start = i;
      while (i < text.size() && IdentChar(text[i])) ++i;
      tokens.push_back({Tok::kIdent, text.substr(start, i - start), line});
    } else {
      tokens.push_back({Tok::kPunct, text.substr(i, 1), line});
      ++i;
    }
  }
  return tokens;
}

bool Is(const Token& token, std::string_view punct) {
  return token.kind == Tok::kPunct && token.text == punct;
}

// A resolved value: a path, and whether it is already repository-relative (it came from
// get_terragrunt_dir(), get_repo_root() or find_in_parent_folders()) rather than a
// literal relative to the context's base directory.
struct Value {
  std::string text;
  bool anchored = false;
};

class Evaluator {
 public:
  explicit Evaluator(const ScanContext& context) : context_(context) {}

  // The expression in tokens [begin, end) (newlines skipped), or nullopt.
  std::optional<Value> Evaluate(const std::vector<Token>& tokens, std::size_t begin,
                                std::size_t end, std::size_t depth = 0) const {
    while (begin < end && tokens[begin].kind == Tok::kNewline) ++begin;
    while (end > begin && tokens[end - 1].kind == Tok::kNewline) --end;
    if (begin >= end || depth > kMaxDepth) return std::nullopt;
    const Token& first = tokens[begin];
    if (first.kind == Tok::kString && end == begin + 1) return Template(first.text, depth);
    if (first.kind == Tok::kIdent && begin + 1 < end && Is(tokens[begin + 1], "(") &&
        Is(tokens[end - 1], ")")) {
      std::vector<std::pair<std::size_t, std::size_t>> args = Arguments(tokens, begin + 2, end - 1);
      return Call(first.text, tokens, args, depth);
    }
    if (Is(first, "(") && Is(tokens[end - 1], ")")) {
      return Evaluate(tokens, begin + 1, end - 1, depth + 1);
    }
    return std::nullopt;
  }

  // The top-level, comma-separated argument ranges within [begin, end).
  static std::vector<std::pair<std::size_t, std::size_t>> Arguments(
      const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
    std::vector<std::pair<std::size_t, std::size_t>> args;
    int nesting = 0;
    std::size_t start = begin;
    for (std::size_t i = begin; i < end; ++i) {
      if (Is(tokens[i], "(") || Is(tokens[i], "[") || Is(tokens[i], "{")) ++nesting;
      if (Is(tokens[i], ")") || Is(tokens[i], "]") || Is(tokens[i], "}")) --nesting;
      if (nesting == 0 && Is(tokens[i], ",")) {
        args.emplace_back(start, i);
        start = i + 1;
      }
    }
    bool blank = true;
    for (std::size_t i = start; i < end; ++i) blank = blank && tokens[i].kind == Tok::kNewline;
    if (!blank) args.emplace_back(start, end);
    return args;
  }

 private:
  std::optional<Value> Call(std::string_view name, const std::vector<Token>& tokens,
                            const std::vector<std::pair<std::size_t, std::size_t>>& args,
                            std::size_t depth) const {
    if (name == "get_terragrunt_dir" && args.empty()) return Value{context_.unit_dir, true};
    if (name == "get_repo_root" && args.empty()) return Value{".", true};
    if (name == "get_path_to_repo_root" && args.empty()) {
      std::string up = ".";
      if (context_.unit_dir != ".") {
        up.clear();
        for (char c : context_.unit_dir + "/") up += c == '/' ? "../" : "";
        up.pop_back();
      }
      return Value{up, false};  // relative to the unit
    }
    if (name == "find_in_parent_folders" && args.size() <= 2) {
      std::string wanted;
      if (!args.empty()) {
        std::optional<Value> arg = Evaluate(tokens, args[0].first, args[0].second, depth + 1);
        if (!arg) return std::nullopt;
        wanted = std::move(arg->text);
      }
      if (!context_.find_in_parent_folders) return std::nullopt;
      std::optional<std::string> found = context_.find_in_parent_folders(wanted);
      if (!found) return std::nullopt;
      return Value{std::move(*found), true};
    }
    if (name == "dirname" && args.size() == 1) {
      std::optional<Value> arg = Evaluate(tokens, args[0].first, args[0].second, depth + 1);
      if (!arg) return std::nullopt;
      const std::size_t slash = arg->text.rfind('/');
      arg->text = slash == std::string::npos ? "." : arg->text.substr(0, slash);
      return arg;
    }
    return std::nullopt;
  }

  // A string literal's content with its ${…} parts evaluated; nullopt when one cannot be.
  std::optional<Value> Template(std::string_view raw, std::size_t depth) const {
    Value value;
    std::size_t i = 0;
    bool first_part = true;
    while (i < raw.size()) {
      if (raw[i] == '\\' && i + 1 < raw.size()) {
        value.text += raw[i + 1];
        i += 2;
      } else if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
        std::size_t j = i + 2;
        int nesting = 1;
        int ignored_line = 0;
        while (j < raw.size() && nesting > 0) {
          if (raw[j] == '"') {
            j = StringEnd(raw, j + 1, ignored_line) + 1;
            continue;
          }
          nesting += raw[j] == '{' ? 1 : raw[j] == '}' ? -1 : 0;
          ++j;
        }
        if (nesting != 0) return std::nullopt;
        const std::vector<Token> inner = Lex(raw.substr(i + 2, j - i - 3));
        std::optional<Value> part = Evaluate(inner, 0, inner.size(), depth + 1);
        if (!part) return std::nullopt;
        if (first_part && value.text.empty()) value.anchored = part->anchored;
        value.text += part->text;
        i = j;
      } else {
        value.text += raw[i];
        ++i;
      }
      first_part = false;
    }
    return value;
  }

  const ScanContext& context_;
};

std::string TextOf(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  std::string text;
  for (std::size_t i = begin; i < end && text.size() < kMaxUnresolvedText; ++i) {
    if (tokens[i].kind == Tok::kNewline) continue;
    if (!text.empty() && tokens[i].kind != Tok::kPunct && text.back() != '(') text += ' ';
    text += tokens[i].kind == Tok::kString ? "\"" + std::string(tokens[i].text) + "\""
                                           : std::string(tokens[i].text);
  }
  if (text.size() > kMaxUnresolvedText) text = text.substr(0, kMaxUnresolvedText) + "…";
  return text.empty() ? std::string("(an expression that cannot be read)") : text;
}

// True for a module source terraform treats as a local path.
bool IsLocalSource(const Value& value) {
  if (value.anchored) return true;
  const std::string_view text = value.text;
  return text.rfind("./", 0) == 0 || text.rfind("../", 0) == 0;
}

class Scanner {
 public:
  Scanner(const std::vector<Token>& tokens, const ScanContext& context)
      : tokens_(tokens), context_(context), evaluator_(context) {}

  std::vector<Reference> Run() {
    std::size_t i = 0;
    Body(i, "", "", 0);
    return std::move(references_);
  }

 private:
  // A body up to its closing brace (consumed) or the end of input.
  void Body(std::size_t& i, std::string_view block, std::string_view label, std::size_t depth) {
    while (i < tokens_.size()) {
      const Token& token = tokens_[i];
      if (token.kind == Tok::kNewline || Is(token, ",")) {
        ++i;
        continue;
      }
      if (Is(token, "}")) {
        ++i;
        return;
      }
      if (token.kind != Tok::kIdent) {
        ++i;
        continue;
      }
      // An attribute: NAME = expression, up to a newline outside brackets.
      if (i + 1 < tokens_.size() && (Is(tokens_[i + 1], "=") || Is(tokens_[i + 1], ":"))) {
        const std::size_t begin = i + 2;
        std::size_t end = begin;
        int nesting = 0;
        while (end < tokens_.size()) {
          const Token& t = tokens_[end];
          if (Is(t, "(") || Is(t, "[") || Is(t, "{")) ++nesting;
          if (Is(t, ")") || Is(t, "]") || Is(t, "}")) {
            if (nesting == 0) break;  // the enclosing block's end
            --nesting;
          }
          if (nesting == 0 && t.kind == Tok::kNewline) break;
          ++end;
        }
        Attribute(block, label, token, begin, end);
        FindReads(begin, end, 0);
        i = end;
        continue;
      }
      // A block: NAME LABEL* {
      std::size_t j = i + 1;
      std::string_view first_label;
      while (j < tokens_.size() &&
             (tokens_[j].kind == Tok::kString || tokens_[j].kind == Tok::kIdent)) {
        if (first_label.empty()) first_label = tokens_[j].text;
        ++j;
      }
      if (j < tokens_.size() && Is(tokens_[j], "{")) {
        i = j + 1;
        if (depth < kMaxDepth) {
          Body(i, token.text, first_label, depth + 1);
        } else {
          SkipBalanced(i);
        }
        continue;
      }
      ++i;  // something else: step over it
    }
  }

  void SkipBalanced(std::size_t& i) {
    int nesting = 1;
    while (i < tokens_.size() && nesting > 0) {
      nesting += Is(tokens_[i], "{") ? 1 : Is(tokens_[i], "}") ? -1 : 0;
      ++i;
    }
  }

  void Attribute(std::string_view block, std::string_view label, const Token& name,
                 std::size_t begin, std::size_t end) {
    std::size_t first = begin;
    while (first < end && tokens_[first].kind == Tok::kNewline) ++first;
    if (first >= end) return;  // `name =` with nothing after it: nothing to follow
    if (block == "include" && name.text == "path") {
      AddPath(ReferenceKind::kInclude, begin, end, label, name.line, RelativeTo::kFile);
    } else if (block == "terraform" && name.text == "source") {
      source_relative_to_ = RelativeTo::kUnit;
      AddSource(begin, end, label, name.line);
    } else if (block == "module" && name.text == "source") {
      source_relative_to_ = RelativeTo::kFile;
      AddSource(begin, end, label, name.line);
    } else if (block == "dependency" && name.text == "config_path") {
      AddPath(ReferenceKind::kDependency, begin, end, label, name.line, RelativeTo::kUnit);
    } else if (block == "dependencies" && name.text == "paths") {
      std::size_t b = begin;
      while (b < end && tokens_[b].kind == Tok::kNewline) ++b;
      std::size_t e = end;
      while (e > b && tokens_[e - 1].kind == Tok::kNewline) --e;
      if (b < e && Is(tokens_[b], "[") && Is(tokens_[e - 1], "]")) {
        for (const auto& [from, to] : Evaluator::Arguments(tokens_, b + 1, e - 1)) {
          AddPath(ReferenceKind::kDependency, from, to, "", tokens_[from].line, RelativeTo::kUnit);
        }
      } else {
        AddPath(ReferenceKind::kDependency, begin, end, "", name.line, RelativeTo::kUnit);
      }
    }
  }

  // Calls of the functions that read files, anywhere in [begin, end).
  void FindReads(std::size_t begin, std::size_t end, std::size_t depth) {
    if (depth > kMaxDepth) return;
    for (std::size_t i = begin; i + 1 < end; ++i) {
      const Token& token = tokens_[i];
      if (token.kind == Tok::kString && token.text.find("${") != std::string_view::npos) {
        // Calls inside an interpolation: scan the template's parts too.
        const std::vector<Token> inner = Lex(token.text);
        Scanner nested(inner, context_);
        nested.FindReads(0, inner.size(), depth + 1);
        for (Reference& reference : nested.references_) {
          reference.line = token.line;
          references_.push_back(std::move(reference));
        }
        continue;
      }
      if (token.kind != Tok::kIdent || !Is(tokens_[i + 1], "(")) continue;
      const std::size_t close = Matching(i + 1, end);
      if (close >= end) continue;
      const auto args = Evaluator::Arguments(tokens_, i + 2, close);
      const std::string_view name = token.text;
      std::optional<ReferenceKind> kind;
      RelativeTo relative_to = RelativeTo::kFile;
      if (name == "read_terragrunt_config") kind = ReferenceKind::kReadConfig;
      if (name == "read_tfvars_file" || name == "sops_decrypt_file") {
        kind = ReferenceKind::kReadFile;
      }
      if (name == "file" || name == "templatefile" || name == "mark_as_read" ||
          name == "filebase64") {
        kind = ReferenceKind::kReadFile;
        relative_to = RelativeTo::kUnit;
      }
      if (name == "find_in_parent_folders") {
        // The found file is read by whatever uses the path; it is the file either way.
        AddPath(ReferenceKind::kReadFile, i, close + 1, "", token.line, RelativeTo::kFile);
      } else if (kind && !args.empty()) {
        AddPath(*kind, args[0].first, args[0].second, "", token.line, relative_to);
      }
    }
  }

  std::size_t Matching(std::size_t open, std::size_t end) const {
    int nesting = 0;
    for (std::size_t i = open; i < end; ++i) {
      if (Is(tokens_[i], "(")) ++nesting;
      if (Is(tokens_[i], ")") && --nesting == 0) return i;
    }
    return end;
  }

  enum class RelativeTo { kFile, kUnit };

  std::optional<std::string> Resolve(const Value& value, RelativeTo relative_to) const {
    if (value.anchored) return NormalizeRepoPath(value.text);
    if (!value.text.empty() && value.text.front() == '/') return std::nullopt;  // absolute
    return JoinRepoPath(relative_to == RelativeTo::kFile ? context_.file_dir : context_.unit_dir,
                        value.text);
  }

  void AddPath(ReferenceKind kind, std::size_t begin, std::size_t end, std::string_view label,
               int line, RelativeTo relative_to) {
    Reference reference;
    reference.kind = kind;
    reference.label = std::string(label);
    reference.line = line;
    std::optional<Value> value = evaluator_.Evaluate(tokens_, begin, end);
    std::optional<std::string> path = value ? Resolve(*value, relative_to) : std::nullopt;
    if (path) {
      reference.path = std::move(*path);
    } else {
      reference.unresolved = TextOf(tokens_, begin, end);
    }
    references_.push_back(std::move(reference));
  }

  void AddSource(std::size_t begin, std::size_t end, std::string_view label, int line) {
    std::optional<Value> value = evaluator_.Evaluate(tokens_, begin, end);
    Reference reference;
    reference.kind = ReferenceKind::kModuleSource;
    reference.label = std::string(label);
    reference.line = line;
    if (value && !IsLocalSource(*value)) {  // a registry, git or HTTP source
      reference.kind = ReferenceKind::kRemoteSource;
      reference.unresolved = TextOf(tokens_, begin, end);
      references_.push_back(std::move(reference));
      return;
    }
    if (value) {
      // "../modules//net": terraform copies "../modules" and uses its "net" directory.
      std::string root = std::move(value->text);
      std::string sub;
      const std::size_t scheme = root.find("://");
      const std::size_t split = root.find("//", scheme == std::string::npos ? 0 : scheme + 3);
      if (split != std::string::npos) {
        sub = root.substr(split + 2);
        root = root.substr(0, split);
      }
      const std::size_t query = sub.find('?');
      if (query != std::string::npos) sub = sub.substr(0, query);
      std::optional<std::string> watched =
          Resolve(Value{root, value->anchored}, source_relative_to_);
      std::optional<std::string> module =
          !watched || sub.empty() ? watched : JoinRepoPath(*watched, sub);
      // A subdirectory that climbs out of what is copied ("a//../b") is no module
      // terraform can use (go-getter refuses the traversal): not resolved.
      if (watched && module && IsRepoPathWithin(*module, *watched)) {
        reference.path = std::move(*watched);
        reference.module_dir = std::move(*module);
      }
    }
    if (reference.path.empty()) reference.unresolved = TextOf(tokens_, begin, end);
    references_.push_back(std::move(reference));
  }

  const std::vector<Token>& tokens_;
  const ScanContext& context_;
  Evaluator evaluator_;
  std::vector<Reference> references_;
  RelativeTo source_relative_to_ = RelativeTo::kUnit;
};

}  // namespace

std::optional<std::string> NormalizeRepoPath(std::string_view path) {
  if (!path.empty() && path.front() == '/') return std::nullopt;
  // Built in one string: a `..` drops the last segment written.
  std::string out;
  out.reserve(path.size());
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (out.empty()) return std::nullopt;
      const std::size_t last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    start = slash + 1;
  }
  if (out.empty()) return std::string(".");
  return out;
}

bool IsRepoPathWithin(std::string_view path, std::string_view dir) {
  return dir == "." || path == dir ||
         (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

std::optional<std::string> JoinRepoPath(std::string_view dir, std::string_view relative) {
  if (!relative.empty() && relative.front() == '/') return std::nullopt;
  if (dir.empty() || dir == ".") return NormalizeRepoPath(relative);
  std::string joined;
  joined.reserve(dir.size() + 1 + relative.size());
  joined.append(dir).append(1, '/').append(relative);
  return NormalizeRepoPath(joined);
}

std::vector<Reference> ScanHcl(std::string_view text, const ScanContext& context) {
  const std::vector<Token> tokens = Lex(text);
  return Scanner(tokens, context).Run();
}

}  // namespace infra_flash
