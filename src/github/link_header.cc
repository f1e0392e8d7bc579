#include "github/link_header.h"

#include "common/strings.h"

namespace infra_flash {
namespace {

// True when the parameters after "<url>" include rel="next" (rel may list several).
bool IsNextRelation(std::string_view parameters) {
  for (const std::string& parameter : Split(parameters, ';')) {
    std::string_view text = Trim(parameter);
    // Links are separated by commas: "<a>; rel="next", <b>; rel="last"".
    while (!text.empty() && (text.back() == ',' || text.back() == ' ')) text.remove_suffix(1);
    if (text.rfind("rel=", 0) != 0) continue;
    text.remove_prefix(4);
    if (!text.empty() && text.front() == '"') text.remove_prefix(1);
    if (!text.empty() && text.back() == '"') text.remove_suffix(1);
    for (const std::string& relation : Split(text, ' ')) {
      if (relation == "next") return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> NextPageUrl(std::string_view link_header) {
  std::string_view rest = link_header;
  while (true) {
    const std::size_t open = rest.find('<');
    if (open == std::string_view::npos) return std::nullopt;
    const std::size_t close = rest.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view url = rest.substr(open + 1, close - open - 1);
    std::size_t end = rest.find('<', close);
    const std::string_view parameters = rest.substr(
        close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    if (IsNextRelation(parameters)) return std::string(url);
    if (end == std::string_view::npos) return std::nullopt;
    rest = rest.substr(end);
  }
}

std::string UrlOrigin(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return "";
  const std::size_t host_start = scheme_end + 3;
  std::size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = url.size();
  if (host_end == host_start) return "";
  return ToLowerAscii(url.substr(0, host_end));
}

}  // namespace infra_flash
