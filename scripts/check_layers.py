#!/usr/bin/env python3
"""Checks the module layering of src/: a file of module M includes only headers of M and
of the modules M's CMakeLists.txt names in DEPS (and, transitively, theirs). Prints each
include that crosses the layering and exits 1 when there is one."""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
MODULE = re.compile(r"infra_flash_module\(\s*(\w+)(.*?)\)", re.S)
INCLUDE = re.compile(r'^#include "([a-z_]+)/[^"]+"', re.M)


def read_deps():
    deps = {}
    for name in sorted(os.listdir(ROOT)):
        path = os.path.join(ROOT, name, "CMakeLists.txt")
        if not os.path.isfile(path):
            continue
        text = re.sub(r"#.*", "", open(path).read())
        match = MODULE.search(text)
        if not match:
            continue
        words = match.group(2).split()
        listed, mode = [], None
        for word in words:
            if word in ("DEPS", "LIBS"):
                mode = word
            elif mode == "DEPS":
                listed.append(word)
        deps[match.group(1)] = listed
    return deps


def closure(deps, module, seen=None):
    seen = set() if seen is None else seen
    for dep in deps.get(module, []):
        if dep not in seen:
            seen.add(dep)
            closure(deps, dep, seen)
    return seen


def main():
    deps = read_deps()
    problems = []
    for module in sorted(deps):
        allowed = closure(deps, module) | {module}
        folder = os.path.join(ROOT, module)
        for file in sorted(os.listdir(folder)):
            if not file.endswith((".h", ".cc")):
                continue
            text = open(os.path.join(folder, file)).read()
            for included in INCLUDE.findall(text):
                if included in deps and included not in allowed:
                    problems.append(f"src/{module}/{file} includes {included}/, which {module} "
                                    f"may not (DEPS: {', '.join(deps[module]) or 'none'})")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"layering: {len(deps)} modules, every include within its DEPS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
