// perdiem serve: the real-time claim-editing HTTP API and the biller's web
// page, a thin layer over the engine (docs/api.md).
//
// HTTP is cpp-httplib (Debian's libcpp-httplib-dev): a thread pool in which
// each open connection is served by one thread for as long as it stays open
// (keep-alive). So `threads` is also how many connections are served at once;
// more connections wait for a thread. The engine is shared by every thread
// (it is const and thread-safe); each request reads its body into its own
// buffer, checks it and writes the response from it.
//
// LIFETIME: a Server owns its listening socket and threads; serve() returns
// once stop() has been called and the requests in flight have been answered.
// stop() may be called from any thread (a signal-waiting thread, a test).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "perdiem/pack.h"

namespace perdiem::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (see Server::port())
  size_t threads = 128;               // connections served at once
  size_t max_concurrent = 64;         // requests read or checked at once; past it 503 + Retry-After
  size_t max_body = 10u << 20;        // request body bytes; past it 413
  std::chrono::milliseconds timeout{30000};  // per request: reading the body (408), checking it (503)
  int keep_alive_seconds = 5;         // an idle connection is closed after this
  std::vector<std::string> api_keys;  // non-empty: /v1/* and /metrics need one of them (401)
  std::string access_log = "-";       // "-": stderr; "off": none; else a file appended to
};

// One route the server answers: the OpenAPI document must list exactly these.
struct Route {
  const char* method;  // "GET", "POST"
  const char* path;    // template: "/v1/rules/{id}"
};
std::span<const Route> routes();

class Server {
 public:
  Server(std::shared_ptr<const PackSet> packs, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the listening socket. On failure returns false and says why.
  bool bind(std::string& error);
  // The bound port (after bind()).
  int port() const;
  // Serves until stop(); then stops accepting, lets the requests in flight
  // finish and returns. REQUIRES: bind() succeeded.
  void serve();
  // THREAD-SAFE. Stops accepting connections; serve() returns once the
  // connections being served are done (idle ones within keep_alive_seconds).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads API keys from a file: one key per line; blank lines and lines that
// begin with '#' are ignored; surrounding white space is not part of a key.
bool read_api_keys(const std::string& path, std::vector<std::string>& keys, std::string& error);

// `perdiem serve`: reads the API keys (when `api_key_file` is given), binds,
// says where it listens on stderr, serves until SIGTERM or SIGINT, drains the
// requests in flight and returns the exit status (0; 64 when it cannot
// listen or read the key file).
int run(std::shared_ptr<const PackSet> packs, ServerOptions options, const std::string& api_key_file = "");

}  // namespace perdiem::server
