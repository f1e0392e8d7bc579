// layer_names: words from a comment -> layer and environment names of the config.
// Names are case-sensitive; a miss says which names exist and suggests a close one.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "config/config.h"

namespace infra_flash {

// The config's name for layer `word`. Error (markdown) naming the known layers and,
// when one is close (a typo or another case), "did you mean".
Result<std::string> ResolveLayer(std::string_view word, const Config& config);

// The layer whose dir is `dir` once `./`, empty segments and a trailing `/` are
// dropped (`.` is the repository root). Refused: absolute paths, `..`, backslashes.
Result<std::string> ResolveLayerDir(std::string_view dir, const Config& config);

// A repository-relative dir in the one form layers use: "a/b", "" for the root.
// Error (markdown) when it is absolute, uses backslashes or contains `..`.
Result<std::string> NormalizeDir(std::string_view dir);

// The error for a word of `/apply` that is neither a layer nor an environment.
Error UnknownLayerOrEnvironment(std::string_view word, const Config& config);

// "Layers in `.infra-flash.yml`: `a`, `b`." for replies.
std::string KnownLayersSentence(const Config& config);
// "Environments: `staging`, `prod`." (or that there are none).
std::string KnownEnvironmentsSentence(const Config& config);

}  // namespace infra_flash
