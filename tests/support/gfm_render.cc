#include "support/gfm_render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

#include "support/subprocess.h"

namespace infra_flash::testing {
namespace {

// `html` without HTML comments, <pre> and <code> elements (with what they hold), and tags.
std::string ProseOf(std::string html) {
  html = std::regex_replace(html, std::regex("<!--[\\s\\S]*?-->"), "");
  html = std::regex_replace(html, std::regex("<pre[\\s\\S]*?</pre>"), "");
  html = std::regex_replace(html, std::regex("<code>[\\s\\S]*?</code>"), "");
  return std::regex_replace(html, std::regex("<[^>]*>"), "");
}

// The tags our templates use (tables, details, code, emphasis, the footer's <sub>, links,
// lists and quotes of notes and replies). Anything else came from somewhere else.
const std::set<std::string> kTemplateTags = {
    "h2", "h3", "p",  "code", "pre", "table",      "thead",   "tbody",
    "tr", "th", "td", "a",    "sub", "details",    "summary", "strong",
    "em", "ul", "ol", "li",   "br",  "blockquote", "del",     "hr"};

// The first group of each match of `pattern` in `html`, in order.
std::vector<std::string> FirstGroups(const std::string& html, const std::regex& pattern) {
  std::vector<std::string> groups;
  for (std::sregex_iterator it(html.begin(), html.end(), pattern), end; it != end; ++it) {
    groups.push_back((*it)[1]);
  }
  return groups;
}

}  // namespace

// The HTML GitHub would make of `markdown`; "" (and a failure) when cmark-gfm is missing.
std::string RenderGfm(const std::string& markdown) {
  TempDir dir;
  const std::string input = dir.Write("comment.md", markdown);
  ProcessResult rendered =
      RunProcess({"cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                  "-e", "tagfilter", input});
  EXPECT_EQ(rendered.exit_code, 0)
      << "cmark-gfm is needed (Debian package cmark-gfm; scripts/install-deps.sh installs it): "
      << rendered.err;
  return rendered.out;
}

// Raw markdown a reader would see in prose: a backtick, or a backslash before ASCII
// punctuation (an escape cmark-gfm did not consume). Each finding with its context.
std::vector<std::string> RawMarkdown(const std::string& html) {
  const std::string prose = ProseOf(html);
  std::vector<std::string> found;
  for (std::size_t i = 0; i < prose.size(); ++i) {
    const bool backtick = prose[i] == '`';
    const bool escape = prose[i] == '\\' && i + 1 < prose.size() &&
                        std::ispunct(static_cast<unsigned char>(prose[i + 1]));
    if (!backtick && !escape) continue;
    const std::size_t from = i < 40 ? 0 : i - 40;
    std::string context = prose.substr(from, 80);
    std::replace(context.begin(), context.end(), '\n', ' ');
    found.push_back(context);
  }
  return found;
}

// The row count of each markdown table in `markdown` (header included, the delimiter
// row not), outside fenced code blocks.
std::vector<int> MarkdownTableRows(const std::string& markdown) {
  std::vector<int> tables;
  std::istringstream lines(markdown);
  std::string line;
  std::string fence;  // the open fence's backticks, "" outside one
  bool in_table = false;
  while (std::getline(lines, line)) {
    const std::size_t ticks = line.find_first_not_of('`');
    const std::size_t run = ticks == std::string::npos ? line.size() : ticks;
    if (run >= 3 && (fence.empty() || (run >= fence.size() && ticks == std::string::npos))) {
      fence = fence.empty() ? line.substr(0, run) : "";
      in_table = false;
      continue;
    }
    if (!fence.empty()) continue;
    const bool row = line.rfind("|", 0) == 0;
    if (row && !in_table) tables.push_back(0);
    if (row && line.find("|:-") != 0 && line.find("|--") != 0) ++tables.back();
    in_table = row;
  }
  return tables;
}

std::vector<int> HtmlTableRows(const std::string& html) {
  std::vector<int> tables;
  std::size_t at = 0;
  while ((at = html.find("<table>", at)) != std::string::npos) {
    const std::size_t end = html.find("</table>", at);
    int rows = 0;
    for (std::size_t tr = html.find("<tr>", at); tr < end; tr = html.find("<tr>", tr + 4)) ++rows;
    tables.push_back(rows);
    at = end;
  }
  return tables;
}

std::set<std::string> TagsOf(const std::string& html) {
  const std::vector<std::string> tags = FirstGroups(html, std::regex("<([a-zA-Z][a-zA-Z0-9]*)"));
  return {tags.begin(), tags.end()};
}

std::vector<std::string> LinksOf(const std::string& html) {
  return FirstGroups(html, std::regex("<a href=\"([^\"]*)\""));
}

// Everything every comment must be, read from its HTML. `what` names it in failures.
void ExpectRendersCleanly(const std::string& what, const std::string& markdown) {
  const std::string html = RenderGfm(markdown);
  ASSERT_FALSE(html.empty()) << what;
  for (const std::string& raw : RawMarkdown(html)) {
    ADD_FAILURE() << what << ": raw markdown in prose: …" << raw << "…";
  }
  EXPECT_EQ(HtmlTableRows(html), MarkdownTableRows(markdown))
      << what << ": a table was broken (rows per table, HTML vs markdown)\n"
      << html;
  const std::regex details_without_summary("<details[^>]*>(?!\\s*<summary>)");
  EXPECT_FALSE(std::regex_search(html, details_without_summary))
      << what << ": a <details> without a <summary>\n"
      << html;
  for (const std::string& tag : TagsOf(html)) {
    EXPECT_TRUE(kTemplateTags.count(tag) != 0) << what << ": <" << tag << "> in\n" << html;
  }
  for (const std::string& link : LinksOf(html)) {
    EXPECT_TRUE(link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0)
        << what << ": a link to " << link;
  }
  // The next step, when the comment has one: a paragraph, its command in <code>.
  const std::string marker = "<!-- next-step -->\n";
  if (markdown.find(marker) != std::string::npos) {
    const std::size_t at = html.find(marker);
    ASSERT_NE(at, std::string::npos) << what << "\n" << html;
    const std::size_t end = html.find("<!-- /next-step -->", at);
    const std::string step = html.substr(at + marker.size(), end - at - marker.size());
    if (step.find_first_not_of('\n') != std::string::npos) {
      EXPECT_EQ(step.rfind("<p>", 0), 0u) << what << ": the next step is no paragraph: " << step;
    }
    if (step.find("Comment ") != std::string::npos) {
      EXPECT_NE(step.find("Comment <code>"), std::string::npos)
          << what << ": the command is no code span: " << step;
    }
  }
}

}  // namespace infra_flash::testing
