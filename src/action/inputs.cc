// The inputs and outputs of action.yml: one table each (tests/action checks that
// action.yml declares exactly these).
#include <cstdlib>

#include "action/action.h"
#include "common/strings.h"

namespace infra_flash::action {

const std::vector<InputSpec>& Inputs() {
  static const std::vector<InputSpec> inputs = {
      {"github-token", "${{ github.token }}",
       "Token for the GitHub API: comments, reactions, refs (locks), reviews, permissions."},
      {"config", ".infra-flash.yml",
       "Path of the config file, relative to the workspace ($GITHUB_WORKSPACE), also when "
       "`working-directory` is set."},
      {"command", "",
       "Run this command (plan, apply, verify, unlock, promote) instead of the one the event "
       "implies: on push, schedule and other events without a pull request; on workflow_dispatch "
       "when the dispatch has no `command` input. Pull request and comment events ignore it."},
      {"environment", "",
       "Environment for the command; a workflow_dispatch's own `environment` input wins."},
      {"layers", "",
       "Layers for the command, space- or comma-separated, or `all`; a workflow_dispatch's own "
       "`layers` input wins."},
      {"confirm", "", "Must be `deploy` to apply to an environment that requires confirmation."},
      {"staging-tag", "",
       "The version tag to promote to production (`promote`); the dispatch input `staging_tag` "
       "wins."},
      {"deploy-secret", "",
       "HMAC-SHA256 key that signs deploy requests to `versions.deploy_url`; pass a secret."},
      {"jobs", "", "How many layers may run at once (default: number of cores)."},
      {"working-directory", "", "Directory of the repository checkout (default: the workspace)."},
      {"fan-out", "",
       "`true`: this job resolves a pull request's plan into legs for a job matrix (output "
       "`matrix`) and shows every row pending; it plans nothing."},
      {"max-legs", "64",
       "With `fan-out`: the most legs; more layers than that are grouped several per leg."},
      {"layer", "",
       "This job is one leg of a fanned-out plan: it plans these layers (`matrix.layer`) and "
       "writes their result files into `results-dir`, not the dashboard."},
      {"results-dir", "",
       "Where a leg writes its result files (default: `$RUNNER_TEMP/infra-flash-results`); a "
       "relative path is in the workspace."},
      {"collect", "",
       "This job gathers a fanned-out plan: the legs' result files in this directory go into "
       "the dashboard in one update."},
  };
  return inputs;
}

const std::vector<std::pair<std::string_view, std::string_view>>& Outputs() {
  static const std::vector<std::pair<std::string_view, std::string_view>> outputs = {
      {"trigger", "What started the run: pull_request, comment, push, dispatch or ignored."},
      {"command", "The command that ran (plan, apply, verify, …), empty when none."},
      {"layers", "The layers the run touched, as a JSON array in dependency order."},
      {"has-changes", "true when any plan has changes."},
      {"drift", "JSON object: layer -> true when the drift scan found drift."},
      {"drift-issue",
       "The number of the drift issue a scan of every layer opened, updated or closed; empty "
       "when none is open."},
      {"dashboard-url", "Link to the dashboard comment on the pull request."},
      {"review-requested", "true when /review (or an alias) asked for a review."},
      {"version", "The version tag created or promoted by the run (GitOps), empty when none."},
      {"matrix",
       "With `fan-out`: the legs as a `strategy.matrix` (`{\"include\": [{\"layer\": …}]}`); "
       "`include` is empty when nothing is to be planned."},
      {"results-dir", "A leg's directory of result files, for `actions/upload-artifact`."},
  };
  return outputs;
}

std::string InputVariable(std::string_view name) {
  std::string variable = "INPUT_";
  for (char c : name)
    variable += (c == ' ') ? '_' : (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return variable;
}

std::optional<std::string> Input(std::string_view name) {
  const char* value = std::getenv(InputVariable(name).c_str());
  if (value == nullptr) return std::nullopt;
  std::string_view trimmed = Trim(value);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

}  // namespace infra_flash::action
