#include "http/curl_api.h"

#include <mutex>

#include "common/shared_library.h"

namespace infra_flash {
namespace {

// The soname of libcurl since 7.16 (Debian and Ubuntu: the package libcurl4).
constexpr char kLibrary[] = "libcurl.so.4";

struct Loaded {
  CurlApi api{};
  std::string error;  // empty when api is usable
};

// `slot` bound to the function `name` of libcurl, or `error` set (the first missing one).
template <typename Function>
void Bind(void* library, const char* name, Function& slot, std::string& error) {
  BindFunction(library, name, slot, "libcurl", "it is too old", error);
}

// `library` loaded and every function bound; `global_init` too. The error when not.
Loaded Bound(const char* library_name, CURLcode (*&global_init)(long)) {
  Loaded loaded;
  void* library =
      OpenSharedLibrary(library_name, "libcurl",
                        "install libcurl4 (Debian/Ubuntu: apt-get install libcurl4)", loaded.error);
  if (library == nullptr) return loaded;
  std::string& error = loaded.error;
  CurlApi& api = loaded.api;
  Bind(library, "curl_global_init", global_init, error);
  Bind(library, "curl_easy_init", api.easy_init, error);
  Bind(library, "curl_easy_setopt", api.easy_setopt, error);
  Bind(library, "curl_easy_perform", api.easy_perform, error);
  Bind(library, "curl_easy_getinfo", api.easy_getinfo, error);
  Bind(library, "curl_easy_reset", api.easy_reset, error);
  Bind(library, "curl_easy_cleanup", api.easy_cleanup, error);
  Bind(library, "curl_easy_strerror", api.easy_strerror, error);
  Bind(library, "curl_slist_append", api.slist_append, error);
  Bind(library, "curl_slist_free_all", api.slist_free_all, error);
  Bind(library, "curl_multi_init", api.multi_init, error);
  Bind(library, "curl_multi_add_handle", api.multi_add_handle, error);
  Bind(library, "curl_multi_remove_handle", api.multi_remove_handle, error);
  Bind(library, "curl_multi_perform", api.multi_perform, error);
  Bind(library, "curl_multi_poll", api.multi_poll, error);
  Bind(library, "curl_multi_info_read", api.multi_info_read, error);
  Bind(library, "curl_multi_cleanup", api.multi_cleanup, error);
  return loaded;
}

Loaded Load() {
  CURLcode (*global_init)(long) = nullptr;
  Loaded loaded = Bound(kLibrary, global_init);
  if (!loaded.error.empty()) return loaded;
  std::string& error = loaded.error;
  if (const CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    error = "libcurl could not be initialised (curl_global_init: CURLcode " +
            std::to_string(static_cast<int>(code)) + ")";
  }
  // The library stays loaded for the life of the process: handles may outlive any caller.
  return loaded;
}

}  // namespace

std::string CurlLoadProblem(const char* library) {
  CURLcode (*global_init)(long) = nullptr;
  return Bound(library, global_init).error;
}

const CurlApi* LoadCurl(std::string& error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = Load(); });
  if (!loaded.error.empty()) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.api;
}

}  // namespace infra_flash
