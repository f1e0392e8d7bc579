// GitHub's repository permission levels, shared by the config (`permissions:`) and
// the API client (collaborator permission), so that "at least" is one comparison.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace infra_flash {

// Ordered: a comparison says "at least".
enum class Permission { kNone, kRead, kTriage, kWrite, kMaintain, kAdmin };

const char* PermissionName(Permission level);  // "none" | "read" | ... | "admin"
// nullopt for anything that is not one of the six names.
std::optional<Permission> ParsePermission(std::string_view name);
// The six names, in order.
std::vector<std::string_view> PermissionLevelNames();

}  // namespace infra_flash
