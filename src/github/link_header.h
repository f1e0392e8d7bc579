// link_header: GitHub paginates lists and names the next page in a `Link` header:
//   <https://api.github.com/repositories/1/issues/5/comments?page=2>; rel="next", <…>; rel="last"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace infra_flash {

// The URL with rel="next", or nullopt when there is none (the last page) or the
// header is malformed.
std::optional<std::string> NextPageUrl(std::string_view link_header);

// "scheme://host[:port]" of an absolute URL, lower-cased; "" when `url` is not one.
std::string UrlOrigin(std::string_view url);

}  // namespace infra_flash
