// dependency_cycle: finds a cycle in the layers' `depends_on` graph. Used by the loader to
// refuse such a file, and by layers/ for FindCycle.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace infra_flash {

// The first cycle met by a depth-first walk in file order, as layer names with the first one
// repeated at the end ({"a", "b", "a"}; a layer depending on itself gives {"a", "a"}), or
// empty when there is none. Names in depends_on that are not layers are ignored. Iterative:
// no recursion depth to exhaust on long chains.
std::vector<std::string> FindDependencyCycle(const std::vector<Layer>& layers);

}  // namespace infra_flash
