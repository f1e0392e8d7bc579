// common/shared_library: a shared library loaded with dlopen when a run first needs it, its
// functions bound by name. infra-flash loads libcurl (http/curl_api.h) and libcrypto
// (common/sha256.h) this way, so that a run which needs neither does not pay for loading
// and relocating them at start-up.
#pragma once

#include <dlfcn.h>

#include <string>
#include <string_view>

namespace infra_flash {

// `library_name` loaded (RTLD_NOW: a missing symbol is found here, once, not in the middle
// of a call; RTLD_LOCAL: its symbols stay its own). nullptr with `error` set to the loader's
// reason, followed by `install_hint`, when it cannot be.
inline void* OpenSharedLibrary(const char* library_name, std::string_view what,
                               std::string_view install_hint, std::string& error) {
  void* library = ::dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    error = std::string(what) + " could not be loaded (" + (why ? why : library_name) + "); " +
            std::string(install_hint);
  }
  return library;
}

// `slot` = the function `name` of `library`. When it is missing, and `error` is still
// empty, `error` becomes "<what> has no `<name>`: <why_missing>".
template <typename Function>
void BindFunction(void* library, const char* name, Function& slot, std::string_view what,
                  std::string_view why_missing, std::string& error) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) {
    if (error.empty()) {
      error = std::string(what) + " has no `" + name + "`: " + std::string(why_missing);
    }
    return;
  }
  slot = reinterpret_cast<Function>(symbol);
}

}  // namespace infra_flash
