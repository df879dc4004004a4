// Private to perdiem_server: the insides of Server (perdiem/server.h),
// shared by the files that answer its routes:
//   server.cc       the route table, setup, assets, errors, the access log,
//                   and Server's own methods
//   check_route.cc  POST /v1/check: limits, reading the body, one check
//                   session per request
//   auth.cc         API keys
//   documents.cc    the policy documents (GET /v1/rules/{id}, GET /v1/pack)
//   responses.cc    problem documents and JSON answers
//   metrics.cc      GET /metrics
//
// How a request goes (cpp-httplib 0.11, one thread per connection):
//   pre-routing handler  start the clock (t_request, per thread)
//   route handler        auth, limits, read the body, check, build the response
//   error handler        a problem+json body for any error that has none
//   logger               metrics and the access log line, after the response
//                        is written
// One thread serves a request from its headers to its log line, so the
// per-request state lives in a thread_local.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "metrics.h"
#include "perdiem/engine.h"
#include "perdiem/server.h"

namespace perdiem::server {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;

// The request this thread is serving.
struct RequestState {
  bool active = false;
  Clock::time_point start{};
  const char* route = "(unmatched)";
  size_t bytes_in = 0;
  uint64_t claims = 0;
};
extern thread_local RequestState t_request;

inline bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// GET /v1/rules/{id}: what `perdiem explain ID` says, as JSON.
std::string rule_json(const std::shared_ptr<const PackSet>& packs, const RuleDef& r);
// GET /v1/pack: the pack served and every loaded version.
std::string pack_json(const PackSet& packs);

struct Server::Impl {
  Impl(std::shared_ptr<const PackSet> p, ServerOptions o)
      : packs(std::move(p)), opt(std::move(o)), engine(packs) {}

  std::shared_ptr<const PackSet> packs;
  ServerOptions opt;
  Engine engine;
  httplib::Server http;
  Metrics metrics;
  std::string rules_doc, pack_doc;
  std::map<std::string, std::string, std::less<>> rule_docs;
  std::string build_info;
  double start_time = 0;
  int port = -1;
  int listen_fd = -1;
  std::chrono::milliseconds io_timeout{5000};  // one read or write on a socket
  std::atomic<bool> serving{false}, stop_requested{false};

  FILE* log = nullptr;
  bool own_log = false;
  std::mutex log_mu;

  void setup();                // the routes, handlers and the documents served as they are
  // auth.cc
  bool authorized(const Request& req) const;
  void deny_unauthorized(Response& res) const;
  // check_route.cc: POST /v1/check
  void check(const Request& req, Response& res, const httplib::ContentReader& reader);
  // server.cc
  void asset(const Request& req, Response& res, std::string_view name);
  void on_error(const Request& req, Response& res);
  void on_log(const Request& req, const Response& res);
};

}  // namespace perdiem::server
