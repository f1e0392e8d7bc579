// yaml_block: a fast reader for the YAML that configs are written in, for the benefit of
// every run's start (yaml-cpp's scanner costs about 150 instructions per byte; a
// 500-layer config took most of `explain`'s time).
//
// It reads one document of block maps and block sequences whose values are one-line
// scalars (plain, 'single' or "double" quoted without escapes) or one-line flow lists of
// such scalars, with comments and blank lines, and emits the events yaml-cpp's parser
// would emit for it, with the same marks. Anything else (anchors, aliases, tags, block
// scalars, flow maps, multi-line scalars, escapes, tabs, non-ASCII bytes, several
// documents, a syntax error) makes it decline before the handler has seen the document's
// end, and the caller reads the text with yaml-cpp instead. The differential check in
// fuzz/config_fuzzer.cc holds it to yaml-cpp's output on every input it accepts.
#pragma once

#include <string_view>

#include <yaml-cpp/eventhandler.h>

namespace infra_flash {

// Emits `text`'s events to `handler` and returns true, or returns false (possibly after
// some events) when the text is outside the subset above. Exceptions thrown by the
// handler pass through.
bool ReadBlockYaml(std::string_view text, YAML::EventHandler& handler);

}  // namespace infra_flash
