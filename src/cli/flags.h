// Command-line flags for the subcommands: each subcommand declares a table of
// FlagSpec, from which both parsing and its --help text come.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace infra_flash::cli {

enum class FlagKind { kSwitch, kValue };

struct FlagSpec {
  std::string_view name;  // without the leading "--"
  FlagKind kind;
  std::string_view value_name;  // for kValue, e.g. "FILE"
  std::string_view help;
};

struct ParsedFlags {
  std::map<std::string, std::string> values;  // kValue flags given
  std::vector<std::string> switches;          // kSwitch flags given
  std::vector<std::string> positional;
  bool help = false;  // --help or -h

  bool Has(std::string_view name) const;
  std::string Value(std::string_view name, std::string fallback = "") const;
};

// Parses `--name VALUE`, `--name=VALUE`, switches and positional arguments; `--`
// ends flags. Errors name the offending argument and the command.
Result<ParsedFlags> ParseFlags(const std::vector<std::string>& args,
                               const std::vector<FlagSpec>& specs, std::string_view command);

// "  --name VALUE   help" lines, aligned.
std::string FlagsHelp(const std::vector<FlagSpec>& specs);

}  // namespace infra_flash::cli
