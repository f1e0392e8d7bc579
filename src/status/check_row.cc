#include "status/check_row.h"

namespace infra_flash {

CheckRow& CheckRowFor(Dashboard& dashboard, CheckKind kind, const std::string& name) {
  for (CheckRow& row : dashboard.checks) {
    if (row.kind == kind && row.name == name) return row;
  }
  CheckRow row;
  row.kind = kind;
  row.name = name;
  dashboard.checks.push_back(std::move(row));
  return dashboard.checks.back();
}

void SetCheck(Dashboard& dashboard, CheckKind kind, const std::string& name, StageStatus status,
              const std::string& note) {
  CheckRow& row = CheckRowFor(dashboard, kind, name);
  row.cell = StageCell{status, note, -1};
  row.detail.clear();
}

}  // namespace infra_flash
