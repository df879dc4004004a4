// Shared by the API tests (server_test.cc, server_check_test.cc): a server
// started in-process on a free loopback port, a raw socket for what a client
// library hides, the CLI to compare with, and a claim holding member data
// marked SECRET. Nothing leaves 127.0.0.1.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "perdiem/pack.h"
#include "perdiem/server.h"
#include "test_util.h"

namespace perdiem::testing::api {

namespace fs = std::filesystem;
using perdiem::server::Server;
using perdiem::server::ServerOptions;
using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::testing::write_file;

inline std::shared_ptr<const perdiem::PackSet> packs() {
  static std::shared_ptr<const perdiem::PackSet> p = [] {
    std::vector<perdiem::PackError> errors;
    auto loaded = perdiem::load_pack(source_path("packs/cpcp019"), errors);
    if (!loaded) throw std::runtime_error("the pack does not load");
    return loaded;
  }();
  return p;
}

// A server on a free port of 127.0.0.1, serving on its own thread.
class Running {
 public:
  explicit Running(ServerOptions o = {}) {
    o.host = "127.0.0.1";
    o.port = 0;
    if (o.access_log == "-") o.access_log = "off";
    server_ = std::make_unique<Server>(packs(), o);
    std::string error;
    if (!server_->bind(error)) throw std::runtime_error(error);
    port_ = server_->port();
    thread_ = std::thread([this] { server_->serve(); });
    for (int i = 0; i < 500; ++i) {  // up to 5 s
      if (auto r = client().Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("the server did not answer /healthz");
  }
  ~Running() {
    server_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    c.set_write_timeout(60, 0);
    return c;
  }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

using perdiem::testing::CliRun;

// `perdiem ARGS` run in `dir` (default: the source folder), stdout kept.
inline CliRun run_cli(const std::string& args, const std::string& dir = PERDIEM_SOURCE_DIR) {
  return perdiem::testing::run_perdiem(args, dir);
}

inline std::vector<std::string> example_files() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(source_path("examples")))
    if (e.is_regular_file()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string content_type_for(const std::string& name) {
  if (name.ends_with(".json")) return "application/json";
  if (name.ends_with(".ndjson")) return "application/x-ndjson";
  return "application/edi-x12";
}

inline bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// ------------------------------------------------------------ a raw socket, for what a client library hides

class RawConn {
 public:
  explicit RawConn(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~RawConn() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      const ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }
  // Reads one response (headers and a Content-Length body), within `ms`.
  std::string response(int ms = 10000) {
    std::string got;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      const size_t head_end = got.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::smatch m;
        const std::string head = got.substr(0, head_end);
        size_t len = 0;
        if (std::regex_search(head, m, std::regex("Content-Length: (\\d+)", std::regex::icase)))
          len = std::stoul(m[1]);
        if (got.size() >= head_end + 4 + len) return got;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return got;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return got;
      char buf[8192];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return got;
      got.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

inline std::string post_head(const std::string& target, size_t length, const std::string& extra = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(length) + "\r\n" + extra + "\r\n";
}

// Waits (up to 10 s) until the server says `n` requests are in flight.
inline bool wait_in_flight(int port, int n) {
  httplib::Client c("127.0.0.1", port);
  const std::string want = "\nperdiem_http_requests_in_flight " + std::to_string(n) + "\n";
  for (int i = 0; i < 1000; ++i) {
    if (auto r = c.Get("/metrics"); r && r->body.find(want) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

inline const char* kClaim =
    R"({"claim_id":"SECRET-CLAIM-7","member_id":"SECRET-MEMBER-9","place_of_service":"12","diagnoses":["A41.9"],"lines":[)"
    R"({"code":"S9500","from":"2024-06-01","to":"2024-06-03","units":9,"charge":300},)"
    R"({"code":"J0696","from":"2024-06-01","to":"2024-06-03","units":12,"charge":60}]})";

}  // namespace perdiem::testing::api
