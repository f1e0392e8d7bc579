// What the hostile end-to-end tests share: running `infra-flash explain` on a payload
// written to a temporary file, and checking what it printed without trusting the code
// that printed it (the allowlist and the markdown rules are restated here, not imported).
// Header-only: infra_flash_test() compiles only *_test.cc files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "common/json.h"
#include "common/strings.h"
#include "reply_invariants.h"  // fuzz/: the markdown promises, shared with the fuzzers
#include "support/subprocess.h"

namespace infra_flash::hostile {

inline const std::string kSource = INFRA_FLASH_SOURCE_DIR;
inline const std::string kBinary = testing::BinaryUnderTest();
inline const std::string kExampleConfig = kSource + "/examples/monorepo/.infra-flash.yml";

// `infra-flash explain --event-name NAME --event-path <payload> --config <example>
// --changed-files <platform and staging>`; the payload is written under `dir`. Whatever
// the input, explain must finish: RunProcess kills a run that hangs (signal 9).
inline testing::ProcessResult Explain(const testing::TempDir& dir, const std::string& event_name,
                                      const std::string& payload) {
  const std::string payload_path = dir.Write("payload.json", payload);
  const std::string changed =
      dir.Write("changed.txt", "platform/main.tf\nenvs/staging/data/x.tf\n");
  return testing::RunProcess({kBinary, "explain", "--event-name", event_name, "--event-path",
                              payload_path, "--config", kExampleConfig, "--changed-files",
                              changed});
}

// examples/events/issue_comment.json with its comment body replaced by `body` (any
// bytes: RapidJSON's writer escapes NUL and control characters as \u00XX and copies the
// rest as they are, invalid UTF-8 included).
inline std::string CommentPayload(std::string_view body) {
  Result<std::string> text = ReadFile(kSource + "/examples/events/issue_comment.json");
  if (!text.ok()) return "";
  Result<rapidjson::Document> document = json::Parse(*text, "issue_comment.json");
  if (!document.ok()) return "";
  rapidjson::Value& comment = (*document)["comment"];
  comment["body"].SetString(body.data(), static_cast<rapidjson::SizeType>(body.size()),
                            document->GetAllocator());
  return json::Serialize(*document);
}

inline bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = fuzzing::Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// The extra-args allowlist of DESIGN §4 / command/extra_args.h, restated: each arg that
// reaches the engine is "-flag" or "-flag=value" with a flag from this list, and holds
// only bytes that some allowed value shape (address, duration, count, repository path)
// can hold. Returns what is wrong with `arg`, or "".
inline std::string ExtraArgProblem(std::string_view arg) {
  static const std::vector<std::string_view> kAllowlist = {
      "-target",   "-replace",      "-destroy",     "-refresh-only",
      "-var-file", "-lock-timeout", "-parallelism", "-compact-warnings"};
  const std::string_view flag = arg.substr(0, arg.find('='));
  bool listed = false;
  for (std::string_view allowed : kAllowlist) listed = listed || flag == allowed;
  if (!listed) return "flag not on the allowlist";
  for (char c : arg) {
    const bool ok = fuzzing::IsAsciiAlnum(c) ||
                    std::string_view("-_.=\"[]/:@+").find(c) != std::string_view::npos;
    if (!ok) return "a byte no allowed value holds";
  }
  const std::string_view value = arg.size() > flag.size() ? arg.substr(flag.size() + 1) : "";
  if (flag == "-var-file") {
    if (value.starts_with('/')) return "-var-file outside the repository";
    for (const std::string& segment : Split(value, '/')) {
      if (segment == "..") return "-var-file outside the repository";
    }
  }
  return "";
}

}  // namespace infra_flash::hostile
