// redaction: what of a probed URL the health table may show. Health URLs are posted on
// pull requests and printed in logs, which are public to everyone who can read the
// repository; a URL may carry credentials the config author did not think of as such.
// Beyond the Masker (registered secrets, credential shapes), a URL shown is stripped of:
//   - userinfo, whole: `https://user:pass@host` and `https://TOKEN@host` both become
//     `https://***@host`, since a lone user name is often a token;
//   - values of query and fragment parameters whose name looks secret (below):
//     `?token=abc&region=eu` becomes `?token=***&region=eu`.
#pragma once

#include <string>
#include <string_view>

namespace infra_flash {

// True when a name looks like it holds a secret: split on `_`, `-` and `.`, some part
// (case-insensitive) is or ends with token, secret, password, passwd, pass, pwd, key,
// apikey, auth, credential(s), signature, sig, cookie or session. "GITHUB_TOKEN",
// "apiKey", "X-Amz-Signature" and "oauth" do; "KEYCLOAK_HOST" and "region" do not.
bool IsSecretLookingName(std::string_view name);

// `url` with userinfo and secret-looking parameter values replaced by "***".
std::string RedactUrl(std::string_view url);

}  // namespace infra_flash
