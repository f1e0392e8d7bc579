// command: the text of a PR comment -> a Request to run, a reply to post (help,
// usage, "did you mean"), or silence. Slash commands and the legacy aliases users
// know from Atlantis and Digger. Pure: no I/O. Nothing from the comment reaches a
// command line except allowlisted extra args, each a separate argv element.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/verbs.h"

namespace infra_flash {

struct Request {
  Verb verb = Verb::kHelp;
  std::vector<std::string> layers;      // named layers, resolved to config names; empty: affected
  bool all_layers = false;              // `all`
  std::string environment;              // `/apply staging`
  std::vector<std::string> extra_args;  // allowlisted, after `--`
  std::string suite;                    // `/e2e SUITE`
  std::vector<std::string> checks;      // `/approve_policies CHECK…`; empty: every failed one
  std::string alias;  // the alias used ("atlantis", "digger", ...), empty for slash
};

enum class CommentKind {
  kCommand,  // `request` is set (for /help, `atlantis help` …: verb kHelp; answer with HelpText)
  kReply,    // `reply` is the markdown to post (help, usage, errors, did-you-mean)
  kIgnored,  // not for us; `reason` says why (for logs only)
};

struct CommentResult {
  CommentKind kind = CommentKind::kIgnored;
  Request request;
  std::string reply;
  std::string reason;
};

// Parses one comment body. Never fails: bad input is a kReply with usage or kIgnored.
CommentResult ParseComment(std::string_view body, const Config& config);

// The markdown help table for /help, generated from the command table and `config`.
std::string HelpText(const Config& config);

}  // namespace infra_flash
