// client_internal: what the files of GitHubClient share; internal to the github module
// (only src/github/client_*.cc include it). The client is split by concern:
//   client_transport.cc  sending one request: retries, backoff, rate limits, pages, errors
//   client_request.cc    what a request is made of: encoded paths, JSON bodies, the
//                        checks of arguments before anything is sent
//   client_decode.cc     GitHub's JSON answers -> the structs of types.h (client_decode.h)
//   client_issues.cc, client_pulls.cc, client_git.cc, client_contents.cc,
//   client_access.cc     the endpoints, by group (see each file's first lines)
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "github/client.h"
#include "github/retry_policy.h"
#include "http/http_transport.h"

namespace infra_flash {

struct GitHubClient::Call {
  HttpMethod method = HttpMethod::kGet;
  std::string path;  // relative to api_url, with its query; what errors show
  std::string body;
  Idempotency idempotency = Idempotency::kIdempotent;
  std::string url;  // when set, the whole URL (GraphQL), and `path` only names it
};

struct GitHubClient::Answer {
  HttpResponse response;
  rapidjson::Document json;  // the parsed body of a 2xx answer; Null when it had none
  int attempts = 0;
};

// ---- request parts (client_request.cc) --------------------------------------------

// RFC 3986's unreserved characters: what a path segment carries as is.
bool IsUnreserved(char c);

// Percent-encodes one path segment; `kKeep` keeps slashes, for ref names ("heads/main")
// and repository paths.
enum class Slashes { kEncode, kKeep };
std::string EncodePath(std::string_view text, Slashes slashes);

// `path` with one more query parameter ("per_page=100").
std::string WithQuery(const std::string& path, const std::string& parameter);

// `text` on one line (newlines and tabs as spaces), cut to `limit` bytes with "…": what
// an error message quotes of text it does not control.
std::string OneLine(std::string_view text, std::size_t limit);

// A full commit or object SHA: 40 hexadecimal characters.
bool IsSha(std::string_view text);
// `what` names the SHA in the error ("a commit", "the base commit").
Status CheckSha(const std::string& sha, const char* what);

// A request body: one JSON object, keys in the order added.
class JsonBody {
 public:
  JsonBody() : writer_(buffer_) { writer_.StartObject(); }
  JsonBody& Add(const char* key, const std::string& value) {
    writer_.Key(key);
    writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    return *this;
  }
  JsonBody& Add(const char* key, bool value) {
    writer_.Key(key);
    writer_.Bool(value);
    return *this;
  }
  JsonBody& Add(const char* key, const std::vector<std::string>& values) {
    writer_.Key(key);
    writer_.StartArray();
    for (const std::string& value : values) {
      writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    }
    writer_.EndArray();
    return *this;
  }
  std::string Finish() {
    writer_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace infra_flash
