// run/tools: are the programs a run needs installed? Checked before anything starts,
// so that a missing terragrunt is one clear message naming what to install, not a
// failure in every layer.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "run/scheduler.h"

namespace infra_flash {

// The path `program` runs from: a name with a '/' is checked as it is, a bare name
// is looked up in the ':'-separated `path_list` (like $PATH). Empty when it is not
// there or not executable.
std::string FindExecutable(const std::string& program, const std::string& path_list);

// Every program the jobs start, but optional steps' (PlannedStep::optional), found on
// `path_list`; terragrunt also needs terraform
// or tofu (or TG_TF_PATH). Errors name each missing program and where to get it.
Status CheckTools(const std::vector<LayerJob>& jobs, const std::string& path_list);

}  // namespace infra_flash
