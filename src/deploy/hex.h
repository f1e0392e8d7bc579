// hex: lowercase hexadecimal for digests and MACs, and its strict inverse. Internal to
// deploy/ (signatures and fingerprints print digests the way GitHub and sha256sum do).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash::deploy_internal {

inline std::string HexEncode(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0x0f];
  }
  return out;
}

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
