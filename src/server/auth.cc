// API keys (--api-key-file): reading the key file, and whether a request
// carries one of the keys, compared in constant time.
#include <algorithm>
#include <fstream>

#include "responses.h"
#include "server_impl.h"

namespace perdiem::server {

namespace {

// Compares without stopping at the first difference, so that the time taken
// says nothing about how much of a key was right.
bool same_key(std::string_view a, std::string_view b) {
  const size_t n = std::max(a.size(), b.size());
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

}  // namespace

bool read_api_keys(const std::string& path, std::vector<std::string>& keys, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read the API key file " + path;
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    const std::string_view k = trim(line);
    if (k.empty() || k.front() == '#') continue;
    keys.emplace_back(k);
  }
  if (keys.empty()) {
    error = "the API key file " + path + " holds no key";
    return false;
  }
  return true;
}

bool Server::Impl::authorized(const Request& req) const {
  if (opt.api_keys.empty()) return true;
  std::string_view presented;
  const std::string auth = req.get_header_value("Authorization");
  const std::string x_key = req.get_header_value("X-API-Key");
  if (iequals_prefix(auth, "Bearer ")) presented = trim(std::string_view(auth).substr(7));
  else presented = trim(x_key);
  if (presented.empty()) return false;
  bool ok = false;
  for (const auto& k : opt.api_keys) ok |= same_key(k, presented);
  return ok;
}

void Server::Impl::deny_unauthorized(Response& res) const {
  send_problem(res, 401,
               "this server needs an API key: send it as \"Authorization: Bearer KEY\" or \"X-API-Key: KEY\"");
  set_only(res, "WWW-Authenticate", "Bearer realm=\"perdiem\"");
}

}  // namespace perdiem::server
