#include "health/url_template.h"

#include <cstdlib>

#include "health/redaction.h"

namespace infra_flash {
namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

bool IsVariableName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<ExpandedUrl> ExpandUrlTemplate(std::string_view url_template,
                                      const EnvironmentLookup& lookup) {
  ExpandedUrl out;
  for (std::size_t i = 0; i < url_template.size(); ++i) {
    if (url_template[i] != '$' || i + 1 >= url_template.size() || url_template[i + 1] != '{') {
      out.url += url_template[i];
      out.display += url_template[i];
      continue;
    }
    const std::size_t close = url_template.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Error{"the URL has a `${` without its closing `}`"};
    }
    const std::string name(url_template.substr(i + 2, close - i - 2));
    if (!IsVariableName(name)) {
      return Error{"`${" + name + "}` is not a variable name (letters, digits and `_`)"};
    }
    const std::optional<std::string> value = lookup(name);
    if (!value) return Error{"`${" + name + "}` is not set in the environment"};
    if (value->empty()) return Error{"`${" + name + "}` is set but empty"};
    out.url += *value;
    out.display += IsSecretLookingName(name) ? "***" : *value;
    i = close;
  }
  return out;
}

}  // namespace infra_flash
