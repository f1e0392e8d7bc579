// gfm_render: a comment as GitHub renders it, for tests. cmark-gfm (the engine GitHub uses,
// Debian package cmark-gfm, which scripts/install-deps.sh installs) with GitHub's extensions
// (table, strikethrough, autolink, tagfilter; raw HTML allowed as GitHub allows <details>),
// and the checks every comment infra-flash writes must pass on the HTML a reader gets:
//   - no raw markdown in prose: no literal backtick and no backslash escape outside
//     <code> and <pre>;
//   - every markdown table is a <table>, with as many rows as the markdown has;
//   - every <details> opens with a <summary>;
//   - a dashboard's next step is a paragraph of its own, its command a <code> span;
//   - only the tags of our templates appear, and links are http(s) only.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace infra_flash::testing {

// The HTML GitHub would make of `markdown`; "" (and a test failure) when cmark-gfm is missing.
std::string RenderGfm(const std::string& markdown);

// Backticks and backslash escapes a reader would see in prose, each with its context.
std::vector<std::string> RawMarkdown(const std::string& html);
// Rows of each markdown table (header included, delimiter row not), outside code fences.
std::vector<int> MarkdownTableRows(const std::string& markdown);
// Rows (<tr>) of each <table>.
std::vector<int> HtmlTableRows(const std::string& html);
// Tag names, and link targets, in `html`.
std::set<std::string> TagsOf(const std::string& html);
std::vector<std::string> LinksOf(const std::string& html);

// Every check above, as test failures naming `what`.
void ExpectRendersCleanly(const std::string& what, const std::string& markdown);

}  // namespace infra_flash::testing
