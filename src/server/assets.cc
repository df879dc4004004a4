// The files compiled into the binary (assets.h): found by their path in the
// source tree, with their content type and a strong ETag.
#include "assets.h"

#include <cstdio>
#include <map>

#include "embedded_files.h"

namespace perdiem::server {

namespace {

const char* content_type_of(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return "application/json";
  if (ends(".txt") || ends(".md")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string etag_of(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

const std::map<std::string_view, Asset>& table() {
  static const std::map<std::string_view, Asset> t = [] {
    std::map<std::string_view, Asset> m;
    for (const auto& f : embedded::kEmbeddedFiles) {
      Asset a;
      a.body = std::string_view(reinterpret_cast<const char*>(f.data), f.size);
      a.content_type = content_type_of(f.name);
      a.etag = etag_of(a.body);
      m.emplace(f.name, std::move(a));
    }
    return m;
  }();
  return t;
}

}  // namespace

const Asset* find_asset(std::string_view name) {
  const auto& t = table();
  const auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

}  // namespace perdiem::server
