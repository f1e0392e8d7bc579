#include "health/redaction.h"

#include <array>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<std::string_view, 15> kSecretWords = {
    "token", "secret",     "password",    "passwd",    "pass", "pwd",    "key",    "apikey",
    "auth",  "credential", "credentials", "signature", "sig",  "cookie", "session"};

constexpr std::string_view kMask = "***";

bool IsSecretPart(std::string_view part) {
  for (std::string_view word : kSecretWords) {
    if (part.ends_with(word)) return true;
  }
  return false;
}

// "a=1&token=x" -> "a=1&token=***" for secret-looking names.
std::string RedactParameters(std::string_view parameters) {
  std::string out;
  std::size_t start = 0;
  while (start <= parameters.size()) {
    std::size_t end = parameters.find('&', start);
    if (end == std::string_view::npos) end = parameters.size();
    const std::string_view pair = parameters.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && IsSecretLookingName(pair.substr(0, equals))) {
      out.append(pair.substr(0, equals + 1));
      out.append(kMask);
    } else {
      out.append(pair);
    }
    if (end == parameters.size()) break;
    out += '&';
    start = end + 1;
  }
  return out;
}

}  // namespace

bool IsSecretLookingName(std::string_view name) {
  const std::string lower = ToLowerAscii(name);
  std::size_t start = 0;
  while (start <= lower.size()) {
    std::size_t end = lower.find_first_of("_-.", start);
    if (end == std::string::npos) end = lower.size();
    if (IsSecretPart(std::string_view(lower).substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

std::string RedactUrl(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  const std::size_t authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string out(url.substr(0, authority_start));
  const std::string_view authority = url.substr(authority_start, authority_end - authority_start);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    out.append(kMask);
    out.append(authority.substr(at));
  } else {
    out.append(authority);
  }
  std::string_view rest = url.substr(authority_end);
  const std::size_t hash = rest.find('#');
  const std::string_view fragment = hash == std::string_view::npos ? "" : rest.substr(hash + 1);
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  const std::size_t question = rest.find('?');
  out.append(rest.substr(0, question));
  if (question != std::string_view::npos) {
    out += '?';
    out += RedactParameters(rest.substr(question + 1));
  }
  if (hash != std::string_view::npos) {
    out += '#';
    out += RedactParameters(fragment);
  }
  return out;
}

}  // namespace infra_flash
