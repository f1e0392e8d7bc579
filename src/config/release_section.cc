// `review:` and `versions:`: what happens around the plans, for the jobs that follow.
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseReviewLabel(LoadContext& context, const std::string& path, const YamlNode& value,
                        ReviewConfig& review) {
  // `label:` and `label: ""` both mean no label.
  if (value.kind == YamlNode::Kind::kNull ||
      (value.kind == YamlNode::Kind::kScalar && value.text.empty())) {
    review.label.clear();
    return Ok();
  }
  Result<std::string> label = ReadText(context.file, path, value, "a label name");
  if (!label.ok()) return label.error();
  if (label->size() > 50) {
    return ErrorAt(context.file, value,
                   Quote(path) + " is longer than GitHub's 50-character limit for label names");
  }
  review.label = std::move(*label);
  return Ok();
}

Status ParseReviewAuto(LoadContext& context, const std::string& path, const YamlNode& value,
                       ReviewConfig& review) {
  Result<bool> enabled = ReadBool(context.file, path, value);
  if (!enabled.ok()) return enabled.error();
  review.auto_request = *enabled;
  return Ok();
}

constexpr std::array<Field<ReviewConfig>, 2> kReviewFields = {{
    {{"label",
      "label added to the pull request when review is requested (default ai-review; empty: "
      "none)"},
     ParseReviewLabel},
    {{"auto", "request review after every plan with changes (default false)"}, ParseReviewAuto},
}};

Status ParseVersionsPaths(LoadContext& context, const std::string& path, const YamlNode& value,
                          VersionsConfig& versions) {
  Result<std::vector<std::string>> globs = ReadGlobs(context, path, value);
  if (!globs.ok()) return globs.error();
  versions.paths = std::move(*globs);
  return Ok();
}

Status ParseVersionsFingerprint(LoadContext& context, const std::string& path,
                                const YamlNode& value, VersionsConfig& versions) {
  Result<std::vector<std::string>> globs = ReadGlobs(context, path, value);
  if (!globs.ok()) return globs.error();
  versions.fingerprint = std::move(*globs);
  return Ok();
}

Status ParseVersionsDeployUrl(LoadContext& context, const std::string& path, const YamlNode& value,
                              VersionsConfig& versions) {
  Result<std::string> url = ReadHttpUrl(context, path, value);
  if (!url.ok()) return url.error();
  versions.deploy_url = std::move(*url);
  return Ok();
}

Status ParseVersionsRelease(LoadContext& context, const std::string& path, const YamlNode& value,
                            VersionsConfig& versions) {
  Result<bool> release = ReadBool(context.file, path, value);
  if (!release.ok()) return release.error();
  versions.release = *release;
  return Ok();
}

constexpr std::array<Field<VersionsConfig>, 4> kVersionsFields = {{
    {{"paths",
      "globs; a push to the default branch that changes them is tagged with the next patch "
      "version",
      KeyPresence::kRequired},
     ParseVersionsPaths},
    {{"fingerprint",
      "globs of the files whose content decides whether a deploy is needed (default: paths)"},
     ParseVersionsFingerprint},
    {{"deploy_url",
      "where signed deploy requests are POSTed, ${VAR} allowed; the secret is the "
      "deploy-secret input"},
     ParseVersionsDeployUrl},
    {{"release", "create a GitHub Release when a version is promoted (default true)"},
     ParseVersionsRelease},
}};

}  // namespace

Status ParseReview(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config) {
  return ParseSection(context, path, value, kReviewFields, config.review);
}

Status ParseVersions(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config) {
  return ParseSection(context, path, value, kVersionsFields, config.versions);
}

std::vector<ConfigKey> ReviewKeys() { return KeysOf(kReviewFields); }

std::vector<ConfigKey> VersionsKeys() { return KeysOf(kVersionsFields); }

}  // namespace infra_flash
