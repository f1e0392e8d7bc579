// http/curl_api: libcurl, loaded with dlopen when the first request is made instead of by
// the dynamic linker when infra-flash starts. libcurl brings some 25 shared libraries (TLS,
// Kerberos, LDAP, IDN, …) whose loading was half of infra-flash's start-up, and most runs
// of `explain`, `ci` or `plan` in a terminal make no request at all. The HTTP transport and
// the health prober call libcurl only through this table.
#pragma once

#include <curl/curl.h>

#include <string>

namespace infra_flash {

struct CurlApi {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_reset)(CURL*);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  CURLM* (*multi_init)();
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned int, int, int*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  CURLMcode (*multi_cleanup)(CURLM*);
};

// libcurl (libcurl.so.4), loaded and globally initialised once per process; thread-safe.
// nullptr when it cannot be loaded, with `error` saying why and what to install.
const CurlApi* LoadCurl(std::string& error);

// The message LoadCurl gives when `library` cannot be loaded (tests: a name no system has);
// empty when it loads and has every function of CurlApi. Does not initialise libcurl.
std::string CurlLoadProblem(const char* library);

}  // namespace infra_flash
