#include "cli/flags.h"

#include <algorithm>

namespace infra_flash::cli {
namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, std::string_view name) {
  for (const FlagSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Error UsageError(std::string_view command, const std::string& message) {
  return Error{"infra-flash " + std::string(command) + ": " + message + " (see `infra-flash " +
               std::string(command) + " --help`)"};
}

}  // namespace

bool ParsedFlags::Has(std::string_view name) const {
  return values.count(std::string(name)) > 0 ||
         std::find(switches.begin(), switches.end(), name) != switches.end();
}

std::string ParsedFlags::Value(std::string_view name, std::string fallback) const {
  auto it = values.find(std::string(name));
  return it == values.end() ? fallback : it->second;
}

Result<ParsedFlags> ParseFlags(const std::vector<std::string>& args,
                               const std::vector<FlagSpec>& specs, std::string_view command) {
  ParsedFlags parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      parsed.positional.insert(parsed.positional.end(), args.begin() + static_cast<long>(i) + 1,
                               args.end());
      break;
    }
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      if (arg.size() > 1 && arg[0] == '-') return UsageError(command, "unknown flag `" + arg + "`");
      parsed.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    const std::size_t equals = name.find('=');
    const bool inline_value = equals != std::string::npos;
    if (inline_value) {
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    const FlagSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) return UsageError(command, "unknown flag `--" + name + "`");
    if (spec->kind == FlagKind::kSwitch) {
      if (inline_value) return UsageError(command, "`--" + name + "` takes no value");
      parsed.switches.push_back(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        return UsageError(command,
                          "`--" + name + "` needs a value (" + std::string(spec->value_name) + ")");
      }
      value = args[++i];
    }
    parsed.values[name] = value;
  }
  return parsed;
}

std::string FlagsHelp(const std::vector<FlagSpec>& specs) {
  std::vector<std::string> left;
  std::size_t width = 0;
  for (const FlagSpec& spec : specs) {
    std::string text = "  --" + std::string(spec.name);
    if (spec.kind == FlagKind::kValue) text += " " + std::string(spec.value_name);
    width = std::max(width, text.size());
    left.push_back(std::move(text));
  }
  std::string out;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    out +=
        left[i] + std::string(width - left[i].size() + 3, ' ') + std::string(specs[i].help) + "\n";
  }
  return out;
}

}  // namespace infra_flash::cli
