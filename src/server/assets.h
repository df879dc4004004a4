// Private to perdiem_server: the files compiled into the binary (the web page
// from web/, and src/server/openapi.json), see embed_assets.cmake.
#pragma once

#include <string>
#include <string_view>

namespace perdiem::server {

struct Asset {
  std::string_view body;
  const char* content_type = nullptr;
  std::string etag;  // a strong validator: a hash of the bytes, quoted
};

// `name` is the path in the source tree: "web/index.html", "src/server/openapi.json".
// Returns nullptr when there is no such file.
const Asset* find_asset(std::string_view name);

}  // namespace perdiem::server
