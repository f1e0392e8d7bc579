#include "config/verbs.h"

namespace infra_flash {
namespace {

constexpr bool RowsFollowTheEnum() {
  for (std::size_t i = 0; i < kVerbs.size(); ++i) {
    if (kVerbs[i].verb != static_cast<Verb>(i)) return false;
  }
  return true;
}
static_assert(RowsFollowTheEnum(), "kVerbs must hold one row per Verb, in the enum's order");

}  // namespace

const char* VerbName(Verb verb) { return SpecOf(verb).name; }

std::optional<Verb> FindVerb(std::string_view name) {
  for (const VerbSpec& spec : kVerbs) {
    if (spec.name == name) return spec.verb;
  }
  return std::nullopt;
}

std::vector<std::string> VerbNames() {
  std::vector<std::string> names;
  for (const VerbSpec& spec : kVerbs) names.emplace_back(spec.name);
  return names;
}

}  // namespace infra_flash
