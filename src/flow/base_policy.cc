// The rules of a PR's run come from its base branch (config/governing.h says which).
#include <filesystem>

#include "common/strings.h"
#include "flow/flows.h"
#include "git/base_files.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

// The config's path inside the repository (the workspace is the checkout's root).
Result<std::string> RepositoryPath(const FlowContext& context) {
  fs::path path =
      context.settings->config_path.empty() ? ".infra-flash.yml" : context.settings->config_path;
  if (path.is_absolute()) path = path.lexically_relative(context.workspace);
  path = path.lexically_normal();
  const std::string text = path.generic_string();
  if (text.empty() || text == "." || text.rfind("..", 0) == 0) {
    return Error{"the config " + context.settings->config_path +
                 " is outside the checkout, so its copy on the base branch cannot be found"};
  }
  return text;
}

}  // namespace

Status AdoptBasePolicy(FlowContext& context, const std::string& base_sha) {
  Result<std::string> path = RepositoryPath(context);
  if (!path.ok()) return path.error();
  Result<std::optional<std::string>> text =
      ReadFileAtCommit(context.workspace, context.client.get(), base_sha, *path);
  if (!text.ok()) {
    return Error{"cannot read the rules on the base branch (" + text.error().message +
                 "); a pull request is only judged by its base branch's rules, so nothing was "
                 "run. Re-run the job; if it persists, check out with `fetch-depth: 0` or give "
                 "the token `contents: read`"};
  }
  std::optional<Config> base;
  if (text->has_value()) {
    Result<Config> parsed =
        ParseConfig(**text, *path + " on the base branch (" + ShortSha(base_sha) + ")");
    if (!parsed.ok()) {
      return Error{
          "the base branch's config is invalid, so there are no rules to judge this "
          "pull request and nothing was run: " +
          parsed.error().ToString() + ". Fix it on the base branch first"};
    }
    base = std::move(parsed).value();
  }
  GoverningConfig governed = Govern(context.config, base ? &*base : nullptr);
  if (Status discovered = DiscoverLayers(context, governed.config); !discovered.ok()) {
    return discovered.error();
  }
  Result<LayerIndex> index = LayerIndex::Build(governed.config);
  if (!index.ok()) return index.error();
  context.config = std::move(governed.config);
  context.index.emplace(std::move(index).value());
  context.policy.from_base = true;
  context.policy.base_missing = governed.base_missing;
  context.policy.base_sha = base_sha;
  context.policy.changes = std::move(governed.changes);
  context.policy.proposed_environments = std::move(governed.proposed_environments);
  RegisterSecrets(context, context.config.run.mask_env);
  if (context.policy.base_missing) {
    context.Log("the base branch (" + ShortSha(base_sha) +
                ") has no infra-flash config: the default rules apply and nothing can be "
                "applied before this pull request is merged");
  } else if (!context.policy.changes.empty()) {
    context.Log("this pull request changes infra-flash's rules (" +
                Join(context.policy.changes, ", ") +
                "); they take effect after the merge: the base branch's rules judge it");
  }
  return Ok();
}

}  // namespace infra_flash
