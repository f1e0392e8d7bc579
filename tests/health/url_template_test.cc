// ${VAR} in health URLs, and what of a URL the table may show.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "health/redaction.h"
#include "health/url_template.h"

namespace infra_flash {
namespace {

EnvironmentLookup FakeEnvironment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

struct ExpandCase {
  const char* name;
  std::string url;
  std::string expanded;  // "" when an error is expected
  std::string display_or_error;
};

TEST(ExpandUrlTemplate, Table) {
  const EnvironmentLookup environment = FakeEnvironment({{"BASE_DOMAIN", "example.com"},
                                                         {"PORT", "8200"},
                                                         {"EMPTY", ""},
                                                         {"HEALTH_TOKEN", "tok-123456"},
                                                         {"api_key", "k-98765"}});
  const ExpandCase cases[] = {
      {"no variables", "https://vault.example.com/v1/sys/health",
       "https://vault.example.com/v1/sys/health", "https://vault.example.com/v1/sys/health"},
      {"one variable", "https://vault.${BASE_DOMAIN}/health", "https://vault.example.com/health",
       "https://vault.example.com/health"},
      {"two variables", "http://${BASE_DOMAIN}:${PORT}/", "http://example.com:8200/",
       "http://example.com:8200/"},
      {"a lone dollar is text", "https://x.com/$BASE_DOMAIN/$", "https://x.com/$BASE_DOMAIN/$",
       "https://x.com/$BASE_DOMAIN/$"},
      {"secret-named variable hidden in display", "https://x.com/h?t=${HEALTH_TOKEN}",
       "https://x.com/h?t=tok-123456", "https://x.com/h?t=***"},
      {"secret-named, lower case, in the path", "https://x.com/${api_key}/health",
       "https://x.com/k-98765/health", "https://x.com/***/health"},
      {"unset", "https://vault.${MISSING_DOMAIN}/", "", "`${MISSING_DOMAIN}` is not set"},
      {"empty", "https://vault.${EMPTY}/", "", "`${EMPTY}` is set but empty"},
      {"unterminated", "https://vault.${BASE_DOMAIN/", "", "without its closing `}`"},
      {"bad name", "https://vault.${BASE-DOMAIN}/", "", "is not a variable name"},
      {"empty name", "https://vault.${}/", "", "is not a variable name"},
  };
  for (const ExpandCase& c : cases) {
    Result<ExpandedUrl> url = ExpandUrlTemplate(c.url, environment);
    if (c.expanded.empty()) {
      ASSERT_FALSE(url.ok()) << c.name;
      EXPECT_NE(url.error().message.find(c.display_or_error), std::string::npos)
          << c.name << ": " << url.error().message;
      continue;
    }
    ASSERT_TRUE(url.ok()) << c.name << ": " << url.error().message;
    EXPECT_EQ(url->url, c.expanded) << c.name;
    EXPECT_EQ(url->display, c.display_or_error) << c.name;
  }
}

TEST(RedactUrl, Table) {
  const std::pair<std::string, std::string> cases[] = {
      {"https://vault.example.com/v1/sys/health?standbyok=true",
       "https://vault.example.com/v1/sys/health?standbyok=true"},
      {"https://user:hunter22@example.com/x", "https://***@example.com/x"},
      {"https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@example.com/", "https://***@example.com/"},
      {"https://example.com/h?token=abc&region=eu", "https://example.com/h?token=***&region=eu"},
      {"https://example.com/h?region=eu&access_token=abc",
       "https://example.com/h?region=eu&access_token=***"},
      {"https://example.com/h?apiKey=abc&X-Amz-Signature=def&sig=ghi",
       "https://example.com/h?apiKey=***&X-Amz-Signature=***&sig=***"},
      {"https://example.com/h?password=p&pass=q&session_id=r&auth=s",
       "https://example.com/h?password=***&pass=***&session_id=***&auth=***"},
      {"https://example.com/h#access_token=abc&x=1", "https://example.com/h#access_token=***&x=1"},
      {"https://a:b@example.com?secret=1#token=2", "https://***@example.com?secret=***#token=***"},
      {"https://example.com/?flag&token=", "https://example.com/?flag&token=***"},
      {"https://example.com/path@not-userinfo", "https://example.com/path@not-userinfo"},
      {"https://keycloak.example.com/health?author=me",
       "https://keycloak.example.com/health?author=me"},
  };
  for (const auto& [url, expected] : cases) EXPECT_EQ(RedactUrl(url), expected) << url;
}

TEST(IsSecretLookingName, Table) {
  const std::pair<const char*, bool> cases[] = {
      {"GITHUB_TOKEN", true}, {"token", true},           {"apiKey", true},
      {"api-key", true},      {"X-Amz-Signature", true}, {"oauth", true},
      {"DB_PASSWORD", true},  {"passwd", true},          {"client_secret", true},
      {"session", true},      {"BASE_DOMAIN", false},    {"KEYCLOAK_HOST", false},
      {"region", false},      {"author", false},         {"standbyok", false},
      {"PORT", false},
  };
  for (const auto& [name, secret] : cases) EXPECT_EQ(IsSecretLookingName(name), secret) << name;
}

}  // namespace
}  // namespace infra_flash
