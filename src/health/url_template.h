// url_template: `${VAR}` in health check URLs, filled from the environment
// (`https://vault.${BASE_DOMAIN}/v1/sys/health`). Only the braced form is a reference;
// a lone `$` is kept as it is. An unset or empty variable is an error for that one
// check, naming the variable, never a crash.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace infra_flash {

// Where variable values come from: the process environment in the binary, a map in tests.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup ProcessEnvironment();

struct ExpandedUrl {
  std::string url;      // what is probed
  std::string display;  // the same, with values of secret-looking variables (redaction.h)
                        // as "***", whatever part of the URL they fill
};

// Errors: "`${NAME}` is not set", "`${NAME}` is empty", an unterminated `${`, or a name
// that is not [A-Za-z_][A-Za-z0-9_]*.
Result<ExpandedUrl> ExpandUrlTemplate(std::string_view url_template,
                                      const EnvironmentLookup& lookup);

}  // namespace infra_flash
