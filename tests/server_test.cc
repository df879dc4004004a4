// perdiem serve: the HTTP API, tested against a server started on a free
// loopback port (in-process, and once as the real binary for SIGTERM).
// Every request loop here is bounded; nothing leaves 127.0.0.1.
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

namespace fs = std::filesystem;
using perdiem::server::Server;
using perdiem::server::ServerOptions;
using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::testing::write_file;

namespace {

std::shared_ptr<const perdiem::PackSet> packs() {
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
CliRun run_cli(const std::string& args, const std::string& dir = PERDIEM_SOURCE_DIR) {
  return perdiem::testing::run_perdiem(args, dir);
}

std::vector<std::string> example_files() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(source_path("examples")))
    if (e.is_regular_file()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string content_type_for(const std::string& name) {
  if (name.ends_with(".json")) return "application/json";
  if (name.ends_with(".ndjson")) return "application/x-ndjson";
  return "application/edi-x12";
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

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

std::string post_head(const std::string& target, size_t length, const std::string& extra = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(length) + "\r\n" + extra + "\r\n";
}

// Waits (up to 10 s) until the server says `n` requests are in flight.
bool wait_in_flight(int port, int n) {
  httplib::Client c("127.0.0.1", port);
  const std::string want = "\nperdiem_http_requests_in_flight " + std::to_string(n) + "\n";
  for (int i = 0; i < 1000; ++i) {
    if (auto r = c.Get("/metrics"); r && r->body.find(want) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

const char* kClaim =
    R"({"claim_id":"SECRET-CLAIM-7","member_id":"SECRET-MEMBER-9","place_of_service":"12","diagnoses":["A41.9"],"lines":[)"
    R"({"code":"S9500","from":"2024-06-01","to":"2024-06-03","units":9,"charge":300},)"
    R"({"code":"J0696","from":"2024-06-01","to":"2024-06-03","units":12,"charge":60}]})";

}  // namespace

// ------------------------------------------------------------ POST /v1/check: the CLI's bytes

TEST(ServerCheck, EveryExampleInEveryFormatIsTheBytesTheCliPrints) {
  Running s;
  auto c = s.client();
  const auto names = example_files();
  ASSERT_GE(names.size(), 4u);
  for (const auto& name : names) {
    const std::string body = read_file(source_path("examples/" + name));
    for (const std::string format : {"json", "ndjson", "csv", "table"}) {
      SCOPED_TRACE(name + " as " + format);
      const CliRun cli = run_cli("check --format " + format + " examples/" + name);
      auto r = c.Post(("/v1/check?format=" + format + "&file=examples/" + name).c_str(), body, content_type_for(name));
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200);
      EXPECT_EQ(r->body, cli.out);
      EXPECT_EQ(r->get_header_value("Perdiem-Exit-Status"), std::to_string(cli.status));
    }
  }
}

TEST(ServerCheck, WithoutAFileNameResultsNameTheRequestLikeACliFileCalledRequest) {
  Running s;
  auto c = s.client();
  const fs::path dir = fs::temp_directory_path() / ("perdiem-serve-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const auto& name : example_files()) {
    SCOPED_TRACE(name);
    const std::string body = read_file(source_path("examples/" + name));
    write_file((dir / "request").string(), body);
    const CliRun cli = run_cli("check --format json request", dir.string());
    auto r = c.Post("/v1/check", body, "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, cli.out);
    EXPECT_TRUE(contains(r->body, "\"file\": \"request\""));
  }
  fs::remove_all(dir);
}

TEST(ServerCheck, AcceptsEveryClaimContentTypeAndDetectsTheFormatFromTheBytes) {
  Running s;
  auto c = s.client();
  const std::string x12 = read_file(source_path("examples/home-infusion.837"));
  const std::string expected = c.Post("/v1/check", x12, "application/edi-x12")->body;
  for (const char* type : {"text/plain", "application/octet-stream", "application/x-www-form-urlencoded"}) {
    auto r = c.Post("/v1/check", x12, type);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << type;
    EXPECT_EQ(r->body, expected) << type;
  }
  auto one = c.Post("/v1/check", kClaim, "application/json");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_TRUE(contains(one->body, "\"claim_id\": \"SECRET-CLAIM-7\""));
  auto nd = c.Post("/v1/check?format=ndjson", std::string(kClaim) + "\n" + kClaim + "\n", "application/x-ndjson");
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->get_header_value("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(std::count(nd->body.begin(), nd->body.end(), '\n'), 2);
  auto csv = c.Post("/v1/check?format=csv", kClaim, "application/json");
  EXPECT_TRUE(csv->get_header_value("Content-Type").starts_with("text/csv"));
}

TEST(ServerCheck, ABrokenClaimIsRejectedWithItsPlaceAndTheOthersAreChecked) {
  Running s;
  auto c = s.client();
  const std::string body = std::string("[") + kClaim +
                           R"(,{"claim_id":"BAD-1","lines":[{"code":"S9500","units":"x","from":"2024-06-01"}]}])";
  auto r = c.Post("/v1/check?format=ndjson", body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Perdiem-Exit-Status"), "2");
  EXPECT_TRUE(contains(r->body, R"({"claim_id":"SECRET-CLAIM-7","status":"checked")"));
  EXPECT_TRUE(contains(r->body, R"({"claim_id":"BAD-1","status":"rejected")"));
  EXPECT_TRUE(contains(r->body, R"("element":"lines[0].units")"));

  auto x12 = c.Post("/v1/check?format=ndjson", read_file(source_path("examples/damaged.837")), "application/edi-x12");
  EXPECT_EQ(x12->status, 200);
  EXPECT_TRUE(contains(x12->body, R"("segment":16,"offset":543,"element":"SV104")"));
}

TEST(ServerCheck, InputWithNoClaimIsAProblemWithTheCliMessageSegmentAndOffset) {
  Running s;
  auto c = s.client();
  const fs::path dir = fs::temp_directory_path() / ("perdiem-serve-bad-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // Inputs the readers cannot take a claim from. (Whether a truncated JSON
  // document is a file problem or a rejected claim is the reader's call: the
  // API follows the CLI either way.)
  const std::vector<std::string> inputs = {"hello, this is not a claim file\n", "", "   \n\n", "ISA*00*short~",
                                           "[{\"claim_id\": \"A\", \"lines\": [", "[1, 2]", "{]"};
  simdjson::dom::parser parser;
  size_t unreadable = 0;
  for (const auto& in : inputs) {
    SCOPED_TRACE(in);
    write_file((dir / "request").string(), in);
    const CliRun cli = run_cli("check --format json request", dir.string());
    EXPECT_EQ(cli.status, 2);
    auto r = c.Post("/v1/check", in, "text/plain");
    ASSERT_TRUE(r);
    if (!contains(cli.out, "\"claims\": []")) {
      EXPECT_EQ(r->status, 200);  // a claim was found (rejected): the CLI's document
      EXPECT_EQ(r->body, cli.out);
      continue;
    }
    ++unreadable;
    EXPECT_EQ(r->status, 422);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_EQ(r->get_header_value("Perdiem-Exit-Status"), "2");
    // errors[] holds exactly the CLI's "problems" (message, segment, offset).
    simdjson::padded_string cli_json(cli.out), api_json(r->body);
    simdjson::dom::element cli_doc, api_doc;
    ASSERT_EQ(parser.parse(cli_json).get(cli_doc), simdjson::SUCCESS);
    std::vector<std::tuple<std::string, uint64_t, uint64_t>> want, got;
    for (auto p : cli_doc["problems"].get_array())
      want.emplace_back(std::string(p["message"].get_string().value()), p["segment"].get_uint64().value(),
                        p["offset"].get_uint64().value());
    simdjson::dom::parser parser2;
    ASSERT_EQ(parser2.parse(api_json).get(api_doc), simdjson::SUCCESS);
    EXPECT_EQ(std::string(api_doc["type"].get_string().value()), "urn:perdiem:problem:unreadable-input");
    EXPECT_EQ(api_doc["status"].get_int64().value(), 422);
    for (auto p : api_doc["errors"].get_array())
      got.emplace_back(std::string(p["message"].get_string().value()), p["segment"].get_uint64().value(),
                       p["offset"].get_uint64().value());
    EXPECT_EQ(got, want);
    ASSERT_FALSE(want.empty());
    EXPECT_TRUE(contains(std::string(api_doc["detail"].get_string().value()), std::get<0>(want[0])));
  }
  EXPECT_GE(unreadable, 3u);
  fs::remove_all(dir);
}

TEST(ServerCheck, QueryParametersAreCheckedAndAsOfPicksThePackVersion) {
  Running s;
  auto c = s.client();
  auto bad_format = c.Post("/v1/check?format=xml", kClaim, "application/json");
  EXPECT_EQ(bad_format->status, 400);
  EXPECT_EQ(bad_format->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_TRUE(contains(bad_format->body, "format must be json, ndjson, csv or table"));
  EXPECT_EQ(c.Post("/v1/check?as_of=June", kClaim, "application/json")->status, 400);
  EXPECT_EQ(c.Post("/v1/check?file=", kClaim, "application/json")->status, 400);
  auto dated = c.Post("/v1/check?as_of=2024-06-01", kClaim, "application/json");
  EXPECT_EQ(dated->status, 200);
  const fs::path dir = fs::temp_directory_path() / ("perdiem-serve-asof-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write_file((dir / "request").string(), kClaim);
  EXPECT_EQ(dated->body, run_cli("check --as-of 2024-06-01 --format json request", dir.string()).out);
  fs::remove_all(dir);
  // A client still on the same connection after an error is answered.
  EXPECT_EQ(c.Post("/v1/check", kClaim, "application/json")->status, 200);
}

TEST(ServerCheck, AMultipartFormIsRefusedAndABodyWithoutLengthIsAsked) {
  Running s;
  auto c = s.client();
  httplib::MultipartFormDataItems items = {{"file", kClaim, "claims.json", "application/json"}};
  auto r = c.Post("/v1/check", items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  RawConn raw(s.port());
  ASSERT_TRUE(raw.connected());
  raw.send("POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n\r\n");
  const std::string resp = raw.response();
  EXPECT_TRUE(resp.starts_with("HTTP/1.1 411")) << resp;
  // A chunked body is read like any other.
  auto chunked = c.Post(
      "/v1/check",
      [](size_t offset, httplib::DataSink& sink) {
        if (offset == 0) sink.write(kClaim, std::strlen(kClaim));
        else sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 200);
  EXPECT_TRUE(contains(chunked->body, "SECRET-CLAIM-7"));
}

// ------------------------------------------------------------ limits

TEST(ServerLimits, ABodyOverTheLimitIs413AndAtTheLimitIsChecked) {
  ServerOptions o;
  o.max_body = std::strlen(kClaim);
  Running s(o);
  auto c = s.client();
  auto ok = c.Post("/v1/check", kClaim, "application/json");
  EXPECT_EQ(ok->status, 200);
  auto big = c.Post("/v1/check", std::string(kClaim) + " ", "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_TRUE(contains(big->body, "--max-body"));
  auto c2 = s.client();
  EXPECT_EQ(c2.Post("/v1/check", kClaim, "application/json")->status, 200);
}

TEST(ServerLimits, PastTheConcurrencyLimitTheAnswerIs503WithRetryAfter) {
  ServerOptions o;
  o.max_concurrent = 1;
  Running s(o);
  // One request in flight: its headers and half its body are in.
  const std::string body = kClaim;
  RawConn first(s.port());
  ASSERT_TRUE(first.connected());
  first.send(post_head("/v1/check", body.size()) + body.substr(0, 20));
  ASSERT_TRUE(wait_in_flight(s.port(), 1));
  auto c = s.client();
  auto busy = c.Post("/v1/check", body, "application/json");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->get_header_value("Retry-After"), "1");
  EXPECT_EQ(busy->get_header_value_count("Content-Type"), 1u);
  EXPECT_TRUE(contains(busy->body, "urn:perdiem:problem:busy"));
  // The first still gets its answer, and then there is room again.
  first.send(body.substr(20));
  const std::string resp = first.response();
  EXPECT_TRUE(resp.starts_with("HTTP/1.1 200")) << resp.substr(0, 200);
  EXPECT_EQ(c.Post("/v1/check", body, "application/json")->status, 200);
  // GETs are not limited.
  EXPECT_EQ(c.Get("/v1/pack")->status, 200);
}

TEST(ServerLimits, ABodyThatArrivesTooSlowlyIs408) {
  ServerOptions o;
  o.timeout = std::chrono::milliseconds(300);
  Running s(o);
  const std::string body = kClaim;
  RawConn raw(s.port());
  ASSERT_TRUE(raw.connected());
  raw.send(post_head("/v1/check", body.size()) + body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  raw.send(body.substr(10));
  const std::string resp = raw.response();
  EXPECT_TRUE(resp.starts_with("HTTP/1.1 408")) << resp.substr(0, 300);
  EXPECT_TRUE(contains(resp, "application/problem+json"));
}

TEST(ServerLimits, CheckingThatTakesTooLongIs503Timeout) {
  // 20,000 claims of 10 lines (NDJSON, 19 MB): read in tens of
  // milliseconds, checked in ~400 ms (more under a sanitizer), past the
  // 200 ms allowed.
  std::string claim = read_file(source_path("bench/serve/claim-10-lines.json"));
  claim.erase(std::remove(claim.begin(), claim.end(), '\n'), claim.end());
  std::string ndjson;
  for (int i = 0; i < 20000; ++i) ndjson += claim + "\n";
  ServerOptions o;
  o.timeout = std::chrono::milliseconds(200);
  o.max_body = ndjson.size();
  Running s(o);
  auto c = s.client();
  const auto t0 = std::chrono::steady_clock::now();
  auto r = c.Post("/v1/check", ndjson, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_TRUE(contains(r->body, "urn:perdiem:problem:timeout")) << r->body;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

// ------------------------------------------------------------ API keys

TEST(ServerAuth, WithAKeyFileTheApiNeedsTheKeyAndThePageAndHealthDoNot) {
  const fs::path keys = fs::temp_directory_path() / ("perdiem-keys-" + std::to_string(::getpid()));
  write_file(keys.string(), "# keys\n\n  key-one  \nkey-two\n");
  ServerOptions o;
  std::string error;
  ASSERT_TRUE(perdiem::server::read_api_keys(keys.string(), o.api_keys, error)) << error;
  EXPECT_EQ(o.api_keys, (std::vector<std::string>{"key-one", "key-two"}));
  fs::remove(keys);
  Running s(o);
  auto c = s.client();
  auto no = c.Post("/v1/check", kClaim, "application/json");
  ASSERT_TRUE(no);
  EXPECT_EQ(no->status, 401);
  EXPECT_EQ(no->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_TRUE(no->get_header_value("WWW-Authenticate").starts_with("Bearer"));
  EXPECT_EQ(no->get_header_value_count("Content-Type"), 1u);
  EXPECT_TRUE(contains(no->body, "needs an API key"));
  // The same connection goes on working after the 401 (its body was read).
  EXPECT_EQ(c.Post("/v1/check", {{"Authorization", "Bearer key-two"}}, kClaim, "application/json")->status, 200);
  EXPECT_EQ(c.Post("/v1/check", {{"X-API-Key", "key-one"}}, kClaim, "application/json")->status, 200);
  EXPECT_EQ(c.Post("/v1/check", {{"Authorization", "Bearer key-on"}}, kClaim, "application/json")->status, 401);
  EXPECT_EQ(c.Post("/v1/check", {{"Authorization", "Bearer key-one1"}}, kClaim, "application/json")->status, 401);
  for (const char* path : {"/v1/rules", "/v1/rules/per-diem-units", "/v1/pack", "/metrics"}) {
    EXPECT_EQ(c.Get(path)->status, 401) << path;
    EXPECT_EQ(c.Get(path, {{"Authorization", "Bearer key-one"}})->status, 200) << path;
  }
  for (const char* path : {"/healthz", "/", "/assets/app.js", "/openapi.json"}) EXPECT_EQ(c.Get(path)->status, 200) << path;
}

// ------------------------------------------------------------ rules, pack, health

TEST(ServerPolicy, RulesAreWhatTheCliSays) {
  Running s;
  auto c = s.client();
  auto r = c.Get("/v1/rules");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->body, run_cli("rules --format json").out);

  simdjson::dom::parser parser;
  simdjson::padded_string list_json(r->body);
  simdjson::dom::element list;
  ASSERT_EQ(parser.parse(list_json).get(list), simdjson::SUCCESS);
  size_t n = 0;
  for (auto rule : list.get_array()) {
    ++n;
    const std::string id(rule["rule"].get_string().value());
    SCOPED_TRACE(id);
    auto one = c.Get(("/v1/rules/" + id).c_str());
    ASSERT_TRUE(one);
    ASSERT_EQ(one->status, 200);
    simdjson::dom::parser p2;
    simdjson::padded_string one_json(one->body);
    simdjson::dom::element doc;
    ASSERT_EQ(p2.parse(one_json).get(doc), simdjson::SUCCESS);
    EXPECT_EQ(doc["rule"].get_string().value(), id);
    EXPECT_EQ(doc["citation"].get_string().value(), rule["citation"].get_string().value());
    EXPECT_EQ(doc["carc"].get_string().value(), rule["carc"].get_string().value());
    EXPECT_FALSE(doc["summary"].get_string().value().empty());
    // The example's edits are the messages `perdiem explain` prints for it.
    const std::string explain = run_cli("explain " + id).out;
    simdjson::dom::array edits;
    if (doc["example_edits"].get_array().get(edits) == simdjson::SUCCESS) {
      EXPECT_GT(edits.size(), 0u);
      for (auto m : edits) EXPECT_TRUE(contains(explain, "  " + std::string(m.get_string().value()) + "\n"));
    }
  }
  EXPECT_EQ(n, packs()->latest().rules.size());
  auto missing = c.Get("/v1/rules/no-such-rule");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_TRUE(contains(missing->body, "no rule \\\"no-such-rule\\\""));
}

TEST(ServerPolicy, PackAndHealth) {
  Running s;
  auto c = s.client();
  auto p = c.Get("/v1/pack");
  ASSERT_TRUE(p);
  const perdiem::Pack& pack = packs()->latest();
  EXPECT_TRUE(contains(p->body, "\"id\":\"" + pack.id + "\""));
  EXPECT_TRUE(contains(p->body, "\"version\":\"" + pack.version + "\""));
  EXPECT_TRUE(contains(p->body, "\"effective\":\"" + pack.effective.iso() + "\""));
  auto h = c.Get("/healthz");
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->body, "{\"status\":\"ok\"}\n");
}

TEST(ServerErrors, UnknownRoutesAndMethodsAreProblems) {
  Running s;
  auto c = s.client();
  auto nf = c.Get("/v2/nothing");
  EXPECT_EQ(nf->status, 404);
  EXPECT_EQ(nf->get_header_value("Content-Type"), "application/problem+json");
  auto get_check = c.Get("/v1/check");
  EXPECT_EQ(get_check->status, 405);
  EXPECT_EQ(get_check->get_header_value("Allow"), "POST");
  auto del = c.Delete("/v1/rules");
  EXPECT_EQ(del->status, 405);
  EXPECT_TRUE(contains(del->get_header_value("Allow"), "GET"));
  EXPECT_EQ(c.Get("/assets/nothing.js")->status, 404);
  EXPECT_EQ(c.Get("/assets/..%2Fserver.cc")->status, 404);
}

// ------------------------------------------------------------ metrics

TEST(ServerMetrics, PrometheusTextWithRequestsLatencyClaimsLinesAndRules) {
  Running s;
  auto c = s.client();
  // One connection, so one server thread: a request is counted (after its
  // response is written) before the next one is read.
  c.set_keep_alive(true);
  const std::string x12 = read_file(source_path("examples/home-infusion.837"));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.Post("/v1/check", x12, "application/edi-x12")->status, 200);
  EXPECT_EQ(c.Get("/nothing")->status, 404);
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_TRUE(m->get_header_value("Content-Type").starts_with("text/plain; version=0.0.4"));
  const std::string& t = m->body;
  // Every line is a comment or `name{labels} value`.
  const std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})? [-+0-9.eE]+(Inf)?$)");
  size_t lines = 0;
  std::map<std::string, double> v;
  for (size_t at = 0; at < t.size();) {
    const size_t nl = t.find('\n', at);
    ASSERT_NE(nl, std::string::npos);
    const std::string line = t.substr(at, nl - at);
    at = nl + 1;
    ++lines;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    const size_t sp = line.rfind(' ');
    v[line.substr(0, sp)] = std::stod(line.substr(sp + 1));
  }
  EXPECT_GT(lines, 30u);
  EXPECT_EQ((v[R"(perdiem_http_requests_total{route="/v1/check",method="POST",status="200"})"]), 3);
  EXPECT_EQ((v[R"x(perdiem_http_requests_total{route="(unmatched)",method="GET",status="404"})x"]), 1);
  EXPECT_EQ((v[R"(perdiem_http_request_duration_seconds_count{route="/v1/check"})"]), 3);
  EXPECT_EQ((v[R"(perdiem_http_request_duration_seconds_bucket{route="/v1/check",le="+Inf"})"]), 3);
  EXPECT_GT((v[R"(perdiem_http_request_duration_seconds_sum{route="/v1/check"})"]), 0);
  // Buckets never decrease.
  double prev = 0;
  size_t buckets = 0;
  const std::string bucket = R"(perdiem_http_request_duration_seconds_bucket{route="/v1/check",le=")";
  for (size_t at = t.find(bucket); at != std::string::npos; at = t.find(bucket, at + 1)) {
    const size_t sp = t.find(' ', at), nl = t.find('\n', at);
    const double n = std::stod(t.substr(sp + 1, nl - sp - 1));
    EXPECT_GE(n, prev);
    prev = n;
    ++buckets;
  }
  EXPECT_GE(buckets, 10u);
  // The CLI's totals for the same file, three times.
  const std::string cli = run_cli("check --format json examples/home-infusion.837").out;
  EXPECT_TRUE(contains(cli, "\"claims\": 8"));
  EXPECT_EQ((v[R"(perdiem_claims_total{status="checked"})"]), 3 * 7);
  EXPECT_EQ((v[R"(perdiem_claims_total{status="out_of_scope"})"]), 3 * 1);
  EXPECT_EQ(v["perdiem_lines_total"], 3 * 26);
  EXPECT_EQ((v[R"(perdiem_line_decisions_total{decision="deny"})"]), 3 * 5);
  EXPECT_EQ((v[R"(perdiem_edits_total{rule="per-diem-units",decision="reduce"})"]), 3);
  EXPECT_EQ((v[R"(perdiem_edits_total{rule="supply-bundled",decision="bundle"})"]), 3 * 3);
  EXPECT_GT(v["process_resident_memory_bytes"], 0);
}

// ------------------------------------------------------------ the OpenAPI document matches the routes

TEST(ServerOpenApi, TheDocumentListsExactlyTheRoutesAndTheirAnswers) {
  Running s;
  auto c = s.client();
  auto r = c.Get("/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body, read_file(source_path("src/server/openapi.json")));
  simdjson::dom::parser parser;
  simdjson::padded_string text(r->body);
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  EXPECT_TRUE(std::string(doc["openapi"].get_string().value()).starts_with("3."));

  std::set<std::pair<std::string, std::string>> documented, served;
  for (auto [path, item] : doc["paths"].get_object())
    for (auto [method, op] : item.get_object()) {
      std::string m(method);
      for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.emplace(m, std::string(path));
    }
  for (const auto& route : perdiem::server::routes()) served.emplace(route.method, route.path);
  EXPECT_EQ(documented, served);

  // Each route answers with a status the document gives for it, and a 200's
  // content type is one it lists.
  const std::string x12 = read_file(source_path("examples/home-infusion.837"));
  for (const auto& route : perdiem::server::routes()) {
    std::string path = route.path;
    path = std::regex_replace(path, std::regex("\\{id\\}"), "per-diem-units");
    path = std::regex_replace(path, std::regex("\\{name\\}"), "app.js");
    SCOPED_TRACE(std::string(route.method) + " " + path);
    auto res = std::string(route.method) == "POST" ? c.Post(path.c_str(), x12, "application/edi-x12") : c.Get(path.c_str());
    ASSERT_TRUE(res);
    std::string method = route.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    simdjson::dom::element op = doc["paths"][route.path][method];
    simdjson::dom::element answer;
    ASSERT_EQ(op["responses"][std::to_string(res->status)].get(answer), simdjson::SUCCESS) << res->status;
    simdjson::dom::object content;
    if (answer["content"].get_object().get(content) == simdjson::SUCCESS) {
      std::string type = res->get_header_value("Content-Type");
      type = type.substr(0, type.find(';'));
      simdjson::dom::element ignored;
      EXPECT_EQ(content[type].get(ignored), simdjson::SUCCESS) << type;
    }
  }
  // The problem documents the responses refer to exist.
  simdjson::dom::element problem;
  EXPECT_EQ(doc["components"]["schemas"]["Problem"].get(problem), simdjson::SUCCESS);
}

// ------------------------------------------------------------ the page

TEST(ServerPage, ThePageAndItsAssetsAreCompiledInAndServedSafely) {
  Running s;
  auto c = s.client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->body, read_file(source_path("web/index.html")));
  EXPECT_TRUE(contains(page->get_header_value("Content-Security-Policy"), "default-src 'none'"));
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  for (const auto& e : fs::directory_iterator(source_path("web"))) {
    const std::string name = e.path().filename().string();
    if (name == "index.html") continue;
    auto a = c.Get(("/assets/" + name).c_str());
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, 200) << name;
    EXPECT_EQ(a->body, read_file(e.path().string())) << name;
    const std::string etag = a->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    auto again = c.Get(("/assets/" + name).c_str(), {{"If-None-Match", etag}});
    EXPECT_EQ(again->status, 304) << name;
  }
  EXPECT_EQ(c.Get("/assets/app.js")->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  // No reference to anything outside the server.
  for (const char* f : {"web/index.html", "web/app.js", "web/style.css"}) {
    const std::string text = read_file(source_path(f));
    EXPECT_FALSE(std::regex_search(text, std::regex(R"((src|href)=["']?(https?:)?//)"))) << f;
    EXPECT_FALSE(std::regex_search(text, std::regex(R"(url\((["']?)(https?:)?//)"))) << f;
    EXPECT_FALSE(std::regex_search(text, std::regex(R"(fetch\(['"]https?:)"))) << f;
  }
}

// ------------------------------------------------------------ the access log

TEST(ServerLog, AccessLogLinesCarryMethodRouteStatusSizeAndTimeButNoMemberData) {
  const fs::path log = fs::temp_directory_path() / ("perdiem-access-" + std::to_string(::getpid()) + ".log");
  fs::remove(log);
  {
    ServerOptions o;
    o.access_log = log.string();
    Running s(o);
    auto c = s.client();
    EXPECT_EQ(c.Post("/v1/check?file=SECRET-FILE-NAME.837", kClaim, "application/json")->status, 200);
    EXPECT_EQ(c.Post("/v1/check", "SECRET-NOT-A-CLAIM-FILE", "text/plain")->status, 422);
    EXPECT_EQ(c.Post("/v1/check", "{\"claim_id\":\"SECRET-BROKEN\",", "application/json")->status, 200);
    EXPECT_EQ(c.Get("/v1/rules/SECRET-RULE-QUERY")->status, 404);
  }
  const std::string text = read_file(log.string());
  fs::remove(log);
  EXPECT_FALSE(contains(text, "SECRET")) << text;
  const std::regex line(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z method=[A-Z]+ route=\S+ status=\d{3} bytes_in=\d+ bytes_out=\d+ claims=\d+ ms=\d+\.\d{3})");
  size_t n = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t nl = text.find('\n', at);
    const std::string l = text.substr(at, nl - at);
    at = nl + 1;
    EXPECT_TRUE(std::regex_match(l, line)) << l;
    ++n;
  }
  EXPECT_GE(n, 5u);  // the health check the test harness makes, and the four requests
  EXPECT_TRUE(contains(text, "method=POST route=/v1/check status=200"));
  EXPECT_TRUE(contains(text, "route=/v1/rules/{id} status=404"));
}

// ------------------------------------------------------------ the binary: SIGTERM drains

TEST(ServerProcess, SigtermStopsAcceptingAndAnswersTheRequestInFlight) {
  int err_pipe[2];
  ASSERT_EQ(::pipe(err_pipe), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(err_pipe[1], 2);
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    ::execl(PERDIEM_BINARY, PERDIEM_BINARY, "serve", "--port", "0", "--access-log", "off", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(err_pipe[1]);
  std::string err;
  int port = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (port == 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{err_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    err.append(buf, static_cast<size_t>(n));
    std::smatch m;
    if (std::regex_search(err, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+)/)"))) port = std::stoi(m[1]);
  }
  ASSERT_GT(port, 0) << err;

  const std::string body = kClaim;
  RawConn inflight(port);
  ASSERT_TRUE(inflight.connected());
  inflight.send(post_head("/v1/check?format=ndjson", body.size()) + body.substr(0, 30));
  ASSERT_TRUE(wait_in_flight(port, 1));
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  RawConn late(port);
  EXPECT_FALSE(late.connected()) << "a new connection was accepted after SIGTERM";
  inflight.send(body.substr(30));
  const std::string resp = inflight.response();
  EXPECT_TRUE(resp.starts_with("HTTP/1.1 200")) << resp.substr(0, 300);
  EXPECT_TRUE(contains(resp, "\"claim_id\":\"SECRET-CLAIM-7\",\"status\":\"checked\""));

  int status = -1;
  for (int i = 0; i < 200; ++i) {  // up to 20 s (the keep-alive timeout is 5 s)
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!WIFEXITED(status)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "perdiem serve did not exit after SIGTERM";
  }
  EXPECT_EQ(WEXITSTATUS(status), 0);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(err_pipe[0], buf, sizeof buf)) > 0) err.append(buf, static_cast<size_t>(n));
  ::close(err_pipe[0]);
  EXPECT_TRUE(contains(err, "SIGTERM")) << err;
  EXPECT_TRUE(contains(err, "stopped")) << err;
}

TEST(ServerProcess, APortInUseIsAnErrorNotASilentSecondServer) {
  Running s;
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = s.port();
  o.access_log = "off";
  Server second(packs(), o);
  std::string error;
  EXPECT_FALSE(second.bind(error));
  EXPECT_TRUE(contains(error, "cannot listen on 127.0.0.1:" + std::to_string(s.port()))) << error;
}
