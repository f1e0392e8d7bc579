// check_row: the dashboard's rows for the whole pull request (review, e2e, health), set
// by the commands that produce them. A row is identified by its
// kind and name: running `/e2e smoke` twice updates one row, `/e2e full` adds another.
#pragma once

#include <string>

#include "status/dashboard.h"

namespace infra_flash {

// The row of `kind` named `name`, appended when missing.
CheckRow& CheckRowFor(Dashboard& dashboard, CheckKind kind, const std::string& name);

// Sets that row's status and note; its detail is cleared (a new result replaces the old
// output).
void SetCheck(Dashboard& dashboard, CheckKind kind, const std::string& name, StageStatus status,
              const std::string& note);

}  // namespace infra_flash
