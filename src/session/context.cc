#include "session/context.h"

#include <cstdio>
#include <cstdlib>

#include "common/strings.h"

namespace infra_flash {

void RegisterSecrets(FlowContext& context, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') continue;
    context.masker.AddSecret(value);
    std::fputs(action::AddMask(value).c_str(), stdout);
  }
  std::fflush(stdout);
}

void FlowContext::Output(const std::string& name, const std::string& value) {
  for (auto& [existing, old] : outputs) {
    if (existing == name) {
      old = value;
      return;
    }
  }
  outputs.emplace_back(name, value);
}

void FlowContext::Log(const std::string& line) {
  std::printf("%s\n", masker.Mask(line).c_str());
  std::fflush(stdout);
}

void FlowContext::LogUntrusted(const std::string& text) {
  const std::string token = action::NewCommandToken();
  std::fputs(action::StopCommands(token).c_str(), stdout);
  std::printf("%s\n", masker.Mask(text).c_str());
  std::fputs(action::ResumeCommands(token).c_str(), stdout);
  std::fflush(stdout);
}

void FlowContext::Error(const std::string& line) {
  action::Annotation annotation;
  annotation.severity = action::Severity::kError;
  annotation.message = masker.Mask(line);
  errors.push_back(annotation.message);
  std::fputs(annotations.Format(annotation).c_str(), stdout);
  std::fflush(stdout);
}

void FlowContext::ErrorAt(const struct Error& error, const std::string& prefix,
                          const std::string& repository_root) {
  if (error.line <= 0) {  // not a place in a file (a file that cannot be read): its full path
    Error(prefix + error.ToString());
    return;
  }
  struct Error shown = error;  // named by its path in the repository, as GitHub links it
  const std::string root = repository_root.ends_with('/') ? repository_root : repository_root + "/";
  if (!repository_root.empty() && shown.file.starts_with(root)) {
    shown.file = shown.file.substr(root.size());
  }
  action::Annotation annotation;
  annotation.severity = action::Severity::kError;
  annotation.message = masker.Mask(prefix + shown.ToString());
  if (!shown.file.empty() && !shown.file.starts_with('/')) {
    annotation.file = masker.Mask(shown.file);
    annotation.line = error.line;
    annotation.column = error.column;
    annotation.title = "infra-flash config";
  }
  errors.push_back(annotation.message);
  std::fputs(annotations.Format(annotation).c_str(), stdout);
  std::fflush(stdout);
}

bool FlowContext::Interrupted() const {
  return interrupts != nullptr && interrupts->first_signal() != 0;
}

std::string RunUrlOf(const FlowContext& context) { return RunUrl(context.settings->github); }

std::string InputOf(const Event& event, const std::string& event_name,
                    const std::string& action_name) {
  auto it = event.inputs.find(event_name);
  if (it != event.inputs.end() && !Trim(it->second).empty()) {
    return std::string(Trim(it->second));
  }
  return action::Input(action_name).value_or("");
}

std::string PolicyNote(const FlowContext& context) {
  if (context.policy.base_missing) {
    return "The base branch has no infra-flash config yet, so the default rules judge this "
           "PR: people with write access may plan, and nothing can be applied until it is "
           "merged.";
  }
  if (context.policy.changes.empty()) return "";
  std::vector<std::string> keys;
  for (const std::string& key : context.policy.changes) keys.push_back("`" + key + "`");
  return "This PR changes infra-flash's rules (" + Join(keys, ", ") +
         "). They take effect once it is merged; until then the base branch's rules judge it.";
}

}  // namespace infra_flash
