#include "common/permission.h"

#include <array>
#include <utility>

namespace infra_flash {
namespace {

constexpr std::array<std::pair<Permission, const char*>, 6> kPermissions = {{
    {Permission::kNone, "none"},
    {Permission::kRead, "read"},
    {Permission::kTriage, "triage"},
    {Permission::kWrite, "write"},
    {Permission::kMaintain, "maintain"},
    {Permission::kAdmin, "admin"},
}};

}  // namespace

const char* PermissionName(Permission level) {
  for (const auto& [value, name] : kPermissions) {
    if (value == level) return name;
  }
  return "none";
}

std::optional<Permission> ParsePermission(std::string_view name) {
  for (const auto& [value, permission_name] : kPermissions) {
    if (name == permission_name) return value;
  }
  return std::nullopt;
}

std::vector<std::string_view> PermissionLevelNames() {
  std::vector<std::string_view> names;
  for (const auto& [value, name] : kPermissions) names.emplace_back(name);
  return names;
}

}  // namespace infra_flash
