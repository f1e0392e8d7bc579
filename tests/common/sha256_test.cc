// SHA-256 and HMAC-SHA256 through libcrypto loaded at first use: the published test
// vectors (FIPS 180-2 examples, RFC 4231), streaming equals one-shot, and a library that
// cannot be loaded is an error that says what to install, never an empty digest.
#include "common/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

std::string Hex(std::string_view bytes) {
  Result<std::string> hex = Sha256Hex(bytes);
  EXPECT_TRUE(hex.ok()) << hex.error().message;
  return hex.ok() ? *hex : "";
}

TEST(Sha256, PublishedVectors) {
  EXPECT_EQ(Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, StreamingEqualsOneShot) {
  const std::string text = "the quick brown fox jumps over the lazy dog, twice over";
  Sha256 hash;
  for (std::size_t i = 0; i < text.size(); i += 7) hash.Update(std::string_view(text).substr(i, 7));
  hash.Update("");
  Result<Sha256Digest> digest = hash.Finish();
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  EXPECT_EQ(HexDigest(*digest), Hex(text));
}

std::string HmacHex(std::string_view key, std::string_view message) {
  Result<Sha256Digest> mac = HmacSha256(key, message);
  EXPECT_TRUE(mac.ok()) << mac.error().message;
  return mac.ok() ? HexDigest(*mac) : "";
}

TEST(HmacSha256, Rfc4231Vectors) {
  // Test case 1: key = 0x0b × 20, data = "Hi There".
  EXPECT_EQ(HmacHex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: key = "Jefe".
  EXPECT_EQ(HmacHex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size is hashed first.
  EXPECT_EQ(
      HmacHex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // An empty message is a message (GitHub signs empty bodies too).
  EXPECT_EQ(HmacHex("key", "").size(), 64u);
}

TEST(ConstantTimeEqual, ComparesEveryByte) {
  const unsigned char a[] = {1, 2, 3, 4};
  const unsigned char b[] = {1, 2, 3, 5};
  Result<bool> same = ConstantTimeEqual(a, a, sizeof a);
  Result<bool> different = ConstantTimeEqual(a, b, sizeof a);
  ASSERT_TRUE(same.ok() && different.ok());
  EXPECT_TRUE(*same);
  EXPECT_FALSE(*different);
}

TEST(CryptoLoadProblem, NamesWhatToInstall) {
  const std::string missing = CryptoLoadProblem("libinfra-flash-no-such-crypto.so.3");
  EXPECT_NE(missing.find("could not be loaded"), std::string::npos) << missing;
  EXPECT_NE(missing.find("apt-get install libssl3"), std::string::npos) << missing;
  // A library without OpenSSL 3's functions (libc has none of them) is refused by name.
  const std::string wrong = CryptoLoadProblem("libc.so.6");
  EXPECT_NE(wrong.find("libcrypto has no `EVP_MD_CTX_new`"), std::string::npos) << wrong;
  EXPECT_EQ(CryptoLoadProblem("libcrypto.so.3"), "");
}

}  // namespace
}  // namespace infra_flash
