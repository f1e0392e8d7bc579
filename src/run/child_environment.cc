#include "run/child_environment.h"

#include <algorithm>
#include <set>

namespace infra_flash {
namespace {

// As the masker's shortest secret: a shorter value would withhold unrelated variables
// (X=1) without protecting anything.
constexpr std::size_t kShortestSecretValue = 4;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  return out;
}

bool Matches(const WithheldVariable& row, const std::string& upper_name) {
  if (row.match == NameMatch::kExact) return upper_name == row.name;
  return upper_name.starts_with(row.name);
}

struct Entry {
  std::string name;
  std::string value;
};

// The values no child may see under any name: those of the withheld variables that carry
// a secret.
std::set<std::string> SecretValues(const std::vector<Entry>& entries, OidcAccess oidc) {
  std::set<std::string> values;
  for (const Entry& entry : entries) {
    const WithheldVariable* row = WithheldBy(entry.name, oidc);
    if (row != nullptr && row->secret == SecretValue::kYes &&
        entry.value.size() >= kShortestSecretValue) {
      values.insert(entry.value);
    }
  }
  return values;
}

// The parent's entries that no override replaces, then the overrides.
std::vector<Entry> Merge(const std::vector<std::string_view>& parent,
                         const std::map<std::string, std::string>& overrides) {
  std::vector<Entry> entries;
  for (std::string_view text : parent) {
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    Entry entry{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
    if (overrides.count(entry.name) == 0) entries.push_back(std::move(entry));
  }
  for (const auto& [name, value] : overrides) entries.push_back({name, value});
  return entries;
}

}  // namespace

const std::vector<WithheldVariable>& WithheldVariables() {
  constexpr std::string_view kGitHubToken =
      "a GitHub token: it can push, comment and move the layer locks, so code of the PR "
      "holding it could approve and apply itself";
  static const std::vector<WithheldVariable> rows = {
      {"INPUT_GITHUB-TOKEN", NameMatch::kExact, SecretValue::kYes, Waiver::kNone, kGitHubToken},
      {"INPUT_DEPLOY-SECRET", NameMatch::kExact, SecretValue::kYes, Waiver::kNone,
       "the key that signs deploy requests: whoever holds it can deploy"},
      {"INPUT_", NameMatch::kPrefix, SecretValue::kNo, Waiver::kNone,
       "the Action's inputs are settings of infra-flash, and may hold secrets"},
      {"GITHUB_TOKEN", NameMatch::kExact, SecretValue::kYes, Waiver::kNone, kGitHubToken},
      {"GH_TOKEN", NameMatch::kExact, SecretValue::kYes, Waiver::kNone, kGitHubToken},
      {"GITHUB_PAT", NameMatch::kExact, SecretValue::kYes, Waiver::kNone, kGitHubToken},
      {"GH_PAT", NameMatch::kExact, SecretValue::kYes, Waiver::kNone, kGitHubToken},
      {"GH_ENTERPRISE_TOKEN", NameMatch::kExact, SecretValue::kYes, Waiver::kNone, kGitHubToken},
      {"GITHUB_ENTERPRISE_TOKEN", NameMatch::kExact, SecretValue::kYes, Waiver::kNone,
       kGitHubToken},
      {"ACTIONS_RUNTIME_TOKEN", NameMatch::kExact, SecretValue::kYes, Waiver::kNone,
       "the runner's token for artifacts and caches: it could poison the cache of later runs"},
      {"ACTIONS_RUNTIME_URL", NameMatch::kExact, SecretValue::kNo, Waiver::kNone,
       "where the runtime token is spent; of no use to the engine"},
      {"ACTIONS_RESULTS_URL", NameMatch::kExact, SecretValue::kNo, Waiver::kNone,
       "where the runtime token is spent; of no use to the engine"},
      {"ACTIONS_CACHE_URL", NameMatch::kExact, SecretValue::kNo, Waiver::kNone,
       "where the runtime token is spent; of no use to the engine"},
      {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", NameMatch::kExact, SecretValue::kYes,
       Waiver::kWhenOidcGranted,
       "mints OIDC tokens that clouds trust: passed only to environments with `oidc: true`"},
      {"ACTIONS_ID_TOKEN_REQUEST_URL", NameMatch::kExact, SecretValue::kNo,
       Waiver::kWhenOidcGranted, "goes with ACTIONS_ID_TOKEN_REQUEST_TOKEN"},
  };
  return rows;
}

const WithheldVariable* WithheldBy(std::string_view name, OidcAccess oidc) {
  const std::string upper = Upper(name);
  for (const WithheldVariable& row : WithheldVariables()) {
    if (!Matches(row, upper)) continue;
    if (row.waiver == Waiver::kWhenOidcGranted && oidc == OidcAccess::kGranted) return nullptr;
    return &row;
  }
  return nullptr;
}

std::vector<std::string> ChildEnvironment(const std::vector<std::string_view>& parent,
                                          const std::map<std::string, std::string>& overrides,
                                          OidcAccess oidc) {
  const std::vector<Entry> entries = Merge(parent, overrides);
  const std::set<std::string> secrets = SecretValues(entries, oidc);
  std::vector<std::string> env;
  for (const Entry& entry : entries) {
    if (WithheldBy(entry.name, oidc) != nullptr || secrets.count(entry.value) != 0) continue;
    env.push_back(entry.name + "=" + entry.value);
  }
  return env;
}

}  // namespace infra_flash
