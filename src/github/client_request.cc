// client_request: what a GitHub request is made of, before the transport sends it:
// percent-encoded path segments, query parameters, and the checks every endpoint shares
// (a SHA is a SHA) so that a bad argument fails before anything is sent.
#include <algorithm>

#include "github/client_internal.h"

namespace infra_flash {

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string EncodePath(std::string_view text, Slashes slashes) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (IsUnreserved(static_cast<char>(c)) || (c == '/' && slashes == Slashes::kKeep)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string WithQuery(const std::string& path, const std::string& parameter) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") + parameter;
}

std::string OneLine(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : text) {
    if (out.size() >= limit) {
      out += "…";
      break;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return out;
}

bool IsSha(std::string_view text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

Status CheckSha(const std::string& sha, const char* what) {
  if (IsSha(sha)) return Ok();
  return Error{"\"" + OneLine(sha, 80) + "\" is not " + what +
               " SHA (40 hexadecimal characters, as `git rev-parse HEAD` prints)"};
}

}  // namespace infra_flash
