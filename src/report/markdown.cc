#include "report/markdown.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::string_view kZeroWidthSpace = "\u200b";

// Markdown punctuation that can start emphasis, links, code, strikethrough or cells.
bool NeedsBackslash(char c) {
  static constexpr std::string_view kPunctuation = "\\`*_[]~|#!";
  return kPunctuation.find(c) != std::string_view::npos;
}

// Length of a bidirectional formatting character (U+202A..U+202E, U+2066..U+2069,
// U+200E, U+200F, U+061C) at the start of `text`, or 0.
std::size_t BidiMarkLength(std::string_view text) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xE2 &&
      static_cast<unsigned char>(text[1]) == 0x80) {
    const auto third = static_cast<unsigned char>(text[2]);
    if ((third >= 0xAA && third <= 0xAE) || third == 0x8E || third == 0x8F) return 3;
  }
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xE2 &&
      static_cast<unsigned char>(text[1]) == 0x81) {
    const auto third = static_cast<unsigned char>(text[2]);
    if (third >= 0xA6 && third <= 0xA9) return 3;
  }
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xD8 &&
      static_cast<unsigned char>(text[1]) == 0x9C) {
    return 2;
  }
  return 0;
}

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// Calls `emit` for each character of `text` with bidi marks dropped and control
// characters (newlines included) turned into spaces.
template <typename Emit>
void ForEachVisible(std::string_view text, Emit emit) {
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t bidi = BidiMarkLength(text.substr(i)); bidi > 0) {
      i += bidi;
      continue;
    }
    emit(IsControl(text[i]) ? ' ' : text[i]);
    ++i;
  }
}

void AppendEntityOrChar(std::string& out, char c) {
  switch (c) {
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '&':
      out += "&amp;";
      return;
    case '"':
      out += "&quot;";
      return;
    case '@':
      out += '@';
      out += kZeroWidthSpace;
      return;
    default:
      out += c;
      return;
  }
}

std::size_t LongestBacktickRun(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// Removes ESC [ … final-byte sequences (terminal colours) and carriage returns.
std::string StripTerminalCodes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') continue;
    if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      std::size_t end = i + 2;
      while (end < text.size() && !(text[end] >= '@' && text[end] <= '~')) ++end;
      i = end;
      continue;
    }
    out += c;
  }
  return out;
}

bool EndsWithNoCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         EqualsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

std::string DefuseCommentMarkers(std::string_view text) {
  std::string out(text);
  if (out.find("<!--") == std::string::npos && out.find("-->") == std::string::npos) return out;
  ReplaceAll(out, "<!--", "<!-\u200b-");
  ReplaceAll(out, "-->", "-\u200b->");
  return out;
}

std::string MarkdownText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  ForEachVisible(text, [&](char c) {
    if (NeedsBackslash(c)) {
      out += '\\';
      out += c;
    } else if (c == ':' && (EndsWithNoCase(out, "http") || EndsWithNoCase(out, "https") ||
                            EndsWithNoCase(out, "ftp"))) {
      // GitHub's autolink extension makes a link of a bare http://, https:// or ftp:// URL
      // in text (e-mail addresses are already broken by the `@` above): an escaped colon
      // reads the same and links nothing. Links are ours to make (render.cc, SafeUrl).
      out += "\\:";
    } else if (c == '.' && EndsWithNoCase(out, "www") &&
               (out.size() == 3 ||
                !std::isalnum(static_cast<unsigned char>(out[out.size() - 4])))) {
      out += "\\.";  // `www.` starts an autolink too
    } else {
      AppendEntityOrChar(out, c);
    }
  });
  return out;
}

std::string MarkdownTextWithCode(std::string_view text, CodeContext context) {
  std::string out;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t open = text.find('`', position);
    const std::size_t close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) break;
    out += MarkdownText(text.substr(position, open - position));
    out += MarkdownCodeSpan(text.substr(open + 1, close - open - 1), context);
    position = close + 1;
  }
  return out + MarkdownText(text.substr(std::min(position, text.size())));
}

std::string HtmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  ForEachVisible(text, [&](char c) { AppendEntityOrChar(out, c); });
  return out;
}

std::string MarkdownCodeSpan(std::string_view text, CodeContext context) {
  std::string content;
  ForEachVisible(text, [&](char c) {
    if (c == '|' && context == CodeContext::kTableCell) content += '\\';
    content += c;
  });
  content = DefuseCommentMarkers(content);
  if (content.empty()) return "` `";
  const std::string delimiter(LongestBacktickRun(content) + 1, '`');
  // A space on each side keeps a leading or trailing backtick from joining the
  // delimiter; GFM strips one such space from both ends.
  const bool pad = content.front() == '`' || content.back() == '`';
  return delimiter + (pad ? " " : "") + content + (pad ? " " : "") + delimiter;
}

std::string MarkdownFence(std::string_view text) {
  std::string content = DefuseCommentMarkers(StripTerminalCodes(text));
  if (!content.empty() && content.back() != '\n') content += '\n';
  const std::string fence(std::max<std::size_t>(3, LongestBacktickRun(content) + 1), '`');
  return fence + "\n" + content + fence + "\n";
}

}  // namespace infra_flash
