// hex: the strict inverse of the lowercase hexadecimal digests are printed in
// (common/sha256.h HexDigest), for the signature a deploy request carries. Internal to
// deploy/.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace infra_flash::deploy_internal {

// The bytes of `text`, or nullopt when it has an odd length or a non-hex character.
// Both letter cases are accepted.
inline std::optional<std::vector<unsigned char>> HexDecode(std::string_view text) {
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() % 2 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]);
    const int low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<unsigned char>(high << 4 | low));
  }
  return out;
}

}  // namespace infra_flash::deploy_internal
