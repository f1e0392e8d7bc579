// Assertions shared by the ParseComment tables.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>

#include "command/command.h"
#include "test_config.h"

namespace infra_flash::testing {

inline const char* KindName(CommentKind kind) {
  switch (kind) {
    case CommentKind::kCommand:
      return "command";
    case CommentKind::kReply:
      return "reply";
    case CommentKind::kIgnored:
      return "ignored";
  }
  return "?";
}

// The reply with every inline code span removed: what GitHub renders as markdown.
inline std::string OutsideCode(const std::string& reply) {
  std::string out;
  bool in_code = false;
  for (char c : reply) {
    if (c == '`') {
      in_code = !in_code;
    } else if (!in_code) {
      out += c;
    }
  }
  return out;
}

// Nothing a user typed may render as a mention or HTML: every '@' and '<' must sit
// inside a code span, and code spans must be balanced.
inline void ExpectSafeReply(const std::string& reply, const std::string& name) {
  std::size_t backticks = 0;
  for (char c : reply) backticks += c == '`';
  EXPECT_EQ(backticks % 2, 0u) << name << ": unbalanced code spans in\n" << reply;
  const std::string outside = OutsideCode(reply);
  EXPECT_EQ(outside.find('@'), std::string::npos) << name << ": '@' outside code in\n" << reply;
  EXPECT_EQ(outside.find('<'), std::string::npos) << name << ": '<' outside code in\n" << reply;
}

inline void ExpectCase(const Case& c, const CommentResult& result) {
  const std::string name = c.name;
  ASSERT_EQ(KindName(result.kind), std::string(KindName(c.kind)))
      << name << ": body [" << c.body.substr(0, 200) << "] reason [" << result.reason << "] reply ["
      << result.reply << "]";
  switch (c.kind) {
    case CommentKind::kCommand:
      EXPECT_EQ(VerbName(result.request.verb), std::string(VerbName(c.verb))) << name;
      EXPECT_EQ(result.request.layers, c.layers) << name;
      EXPECT_EQ(result.request.all_layers, c.all_layers) << name;
      EXPECT_EQ(result.request.environment, c.environment) << name;
      EXPECT_EQ(result.request.extra_args, c.extra) << name;
      EXPECT_EQ(result.request.suite, c.suite) << name;
      EXPECT_EQ(result.request.alias, c.alias) << name;
      EXPECT_TRUE(result.reply.empty()) << name;
      break;
    case CommentKind::kReply:
      EXPECT_NE(result.reply.find(c.reply_contains), std::string::npos)
          << name << ": reply lacks [" << c.reply_contains << "]:\n"
          << result.reply;
      ExpectSafeReply(result.reply, name);
      break;
    case CommentKind::kIgnored:
      EXPECT_FALSE(result.reason.empty()) << name << ": an ignored comment needs a reason";
      EXPECT_TRUE(result.reply.empty()) << name;
      break;
  }
}

inline void RunCases(std::span<const Case> cases, const Config& config) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectCase(c, ParseComment(c.body, config));
  }
}

}  // namespace infra_flash::testing
