// tag_message: what infra-flash writes into the annotated tags it creates, and reads
// back. The message is the release's memory, kept in the repository itself (no server):
//
//   infra-flash v1.4.3
//   fingerprint: sha256:<64 hex digits>
//   commit: <40 hex digits>
//   promoted-from: v1.4.2        (promotion tags only)
//
// The fingerprint (fingerprint.h) of the latest release tag decides whether the next
// push needs a new version; `promoted-from` lets a re-run of a promotion find the tag
// it made instead of minting another.
#pragma once

#include <string>
#include <string_view>

namespace infra_flash {

struct TagMessage {
  std::string tag;            // "v1.4.3"
  std::string fingerprint;    // 64 hex digits, without "sha256:"; empty when unknown
  std::string commit;         // the tagged commit
  std::string promoted_from;  // the staging tag a promotion tag was cut for; else empty
};

std::string FormatTagMessage(const TagMessage& message);

// Reads the fields it knows, in any order, ignoring other lines (a tag made by hand, or
// edited, is not an error: its missing fields stay empty). A fingerprint that is not
// 64 hex digits after "sha256:" is treated as unknown.
TagMessage ParseTagMessage(std::string_view text);

}  // namespace infra_flash
