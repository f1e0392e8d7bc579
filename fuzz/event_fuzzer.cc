// Input: "<event name>\n<payload JSON>".
#include <cstdint>
#include <string_view>

#include "event/event.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  std::string_view name = newline == std::string_view::npos ? "pull_request" : input.substr(0, newline);
  std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);
  for (bool drafts : {false, true}) {
    auto event = infra_flash::ParseEvent(name, payload, {.autoplan_drafts = drafts});
    if (event.ok()) (void)infra_flash::TriggerName(event->trigger);
  }
  return 0;
}
