// `infra-flash explain`: prints, as one JSON object, what infra-flash would do for
// an event: the trigger, the command, the reply it would post, and the affected
// layers in waves. Runs nothing and talks to nobody.
#pragma once

#include <string>
#include <vector>

namespace infra_flash::cli {

// Exit status: 0 when it could decide (an ignored event included), 2 on unusable
// input (unreadable or malformed payload, invalid config), with one line on stderr.
int RunExplain(const std::vector<std::string>& args);
std::string ExplainUsage();

}  // namespace infra_flash::cli
