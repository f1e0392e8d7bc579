#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

TEST(Error, ToStringNamesThePosition) {
  EXPECT_EQ((Error{"bad", "f.yml", 3, 7}).ToString(), "f.yml:3:7: bad");
  EXPECT_EQ((Error{"bad", "f.yml", 3}).ToString(), "f.yml:3: bad");
  EXPECT_EQ((Error{"bad", "f.yml"}).ToString(), "f.yml: bad");
  EXPECT_EQ((Error{"bad"}).ToString(), "bad");
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 4;
  Result<int> bad = Error{"nope"};
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "nope");
}

TEST(Strings, Basics) {
  EXPECT_EQ(Trim("  \t/plan \r\n"), "/plan");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(ToLowerAscii("PlAn-Ä"), "plan-Ä");
  EXPECT_TRUE(EqualsIgnoreCase("ATLANTIS", "atlantis"));
  EXPECT_FALSE(EqualsIgnoreCase("atlantis", "atlanti"));
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(SplitLines("a\r\nb\n").size(), 3u);
  EXPECT_EQ(Join({"a", "b"}, " -> "), "a -> b");
}

TEST(Strings, SharedSmallHelpers) {
  EXPECT_TRUE(IsDigits("0042"));
  EXPECT_FALSE(IsDigits(""));
  EXPECT_FALSE(IsDigits("-1"));
  EXPECT_FALSE(IsDigits("4 2"));
  EXPECT_EQ(FirstLine("subject\nbody"), "subject");
  EXPECT_EQ(FirstLine("one line"), "one line");
  EXPECT_EQ(FirstLine("\nafter a blank line"), "");
  const std::vector<std::string> words = {"plan", "apply"};
  EXPECT_TRUE(Contains(words, "apply"));
  EXPECT_FALSE(Contains(words, "app"));
  constexpr std::string_view kWords[] = {"ci", "plan"};
  EXPECT_TRUE(Contains(kWords, "ci"));
}

TEST(Strings, ShortAndFullShas) {
  const std::string sha = "0123456789abcdef0123456789abcdef01234567";
  EXPECT_EQ(ShortSha(sha), "0123456");
  EXPECT_EQ(ShortSha(sha, kLongShaDigits), "0123456789ab");
  EXPECT_EQ(ShortSha("abc"), "abc") << "a short input is kept whole";
  EXPECT_TRUE(IsFullSha(sha));
  EXPECT_FALSE(IsFullSha(sha.substr(1)));
  EXPECT_FALSE(IsFullSha("0123456789ABCDEF0123456789abcdef01234567")) << "git prints lowercase";
  EXPECT_FALSE(IsFullSha("g123456789abcdef0123456789abcdef01234567"));
}

TEST(Strings, ReadFileErrorsNameThePath) {
  auto missing = ReadFile("/nonexistent/infra-flash");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/infra-flash"), std::string::npos);
  auto directory = ReadFile("/tmp");
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);
}

struct JsonCase {
  const char* name;
  std::string text;
  bool ok;
};

TEST(Json, ParseAcceptsOnlyWholeDocuments) {
  const JsonCase cases[] = {
      {"object", R"({"a": 1})", true},
      {"array root", "[1, 2]", true},
      {"empty", "", false},
      {"trailing garbage", R"({"a": 1} x)", false},
      {"truncated", R"({"a": )", false},
      {"deep nesting is iterative", std::string(200000, '[') + std::string(200000, ']'), true},
      {"nul inside", std::string("{\"a\":\0}", 7), false},
      {"nul after a whole document", std::string("{\"a\":1}\0{\"b\":", 14), false},
  };
  for (const JsonCase& c : cases) {
    auto parsed = json::Parse(c.text, "payload");
    EXPECT_EQ(parsed.ok(), c.ok) << c.name << (parsed.ok() ? "" : ": " + parsed.error().message);
  }
}

TEST(Json, StringArrayEscapesWhatJsonMust) {
  EXPECT_EQ(json::StringArray({}), "[]");
  EXPECT_EQ(json::StringArray({"platform", "data-prod"}), R"(["platform","data-prod"])");
  const std::string escaped = json::StringArray({"a\"b\\c\nd\x01"});
  EXPECT_EQ(escaped, R"(["a\"b\\c\nd\u0001"])");
  auto parsed = json::Parse(escaped, "array");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(json::StringOr(&(*parsed)[0]), "a\"b\\c\nd\x01");
}

TEST(Json, NestingDepthIsCountedWithoutRecursion) {
  struct Case {
    std::string text;
    std::size_t depth;
  };
  const Case cases[] = {
      {"1", 0},
      {"[]", 1},
      {R"({"a":[1,{"b":[]}],"c":2})", 4},
      {std::string(1'000'000, '[') + std::string(1'000'000, ']'), 1'000'000},
  };
  for (const Case& c : cases) {
    Result<rapidjson::Document> document = json::Parse(c.text, "case");
    ASSERT_TRUE(document.ok()) << document.error().message;
    EXPECT_EQ(json::NestingDepth(*document), c.depth) << c.text.substr(0, 40);
  }
}

TEST(Json, AccessorsNeverAssertOnWrongTypes) {
  auto parsed = json::Parse(R"({"pr": {"number": "7", "merged": true, "n": 5}})", "payload");
  ASSERT_TRUE(parsed.ok());
  const auto& doc = *parsed;
  EXPECT_EQ(json::Int(json::Find(doc, {"pr", "number"})), std::nullopt);
  EXPECT_EQ(json::StringOr(json::Find(doc, {"pr", "number"})), "7");
  EXPECT_EQ(json::IntOr(json::Find(doc, {"pr", "n"})), 5);
  EXPECT_TRUE(json::BoolOr(json::Find(doc, {"pr", "merged"})));
  EXPECT_EQ(json::Find(doc, {"pr", "number", "deeper"}), nullptr);
  EXPECT_EQ(json::Find(doc, {"missing"}), nullptr);
}

}  // namespace
}  // namespace infra_flash
