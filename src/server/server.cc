// perdiem serve: routes, limits, the access log. See docs/api.md.
//
// How a request goes (cpp-httplib 0.11, one thread per connection):
//   pre-routing handler  start the clock (t_request, per thread)
//   route handler        auth, limits, read the body, check, build the response
//   error handler        a problem+json body for any error that has none
//   logger               metrics and the access log line, after the response
//                        is written
// One thread serves a request from its headers to its log line, so the
// per-request state lives in a thread_local.
#include "perdiem/server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "assets.h"
#include "check.h"
#include "json_out.h"
#include "metrics.h"
#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/writer.h"

namespace perdiem::server {

namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;

// The route table. The OpenAPI document (openapi.json) lists exactly these;
// tests/server_test.cc holds the two to each other.
constexpr Route kRoutes[] = {
    {"GET", "/"},
    {"GET", "/assets/{name}"},
    {"POST", "/v1/check"},
    {"GET", "/v1/rules"},
    {"GET", "/v1/rules/{id}"},
    {"GET", "/v1/pack"},
    {"GET", "/healthz"},
    {"GET", "/metrics"},
    {"GET", "/openapi.json"},
};

// The request this thread is serving.
struct RequestState {
  bool active = false;
  Clock::time_point start{};
  const char* route = "(unmatched)";
  size_t bytes_in = 0;
  uint64_t claims = 0;
};
thread_local RequestState t_request;

const char* status_title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}

// An RFC 9457 problem document. `type` is "about:blank" (the status says it
// all) or a "urn:perdiem:problem:..." name documented in docs/api.md.
struct ProblemDoc {
  int status = 500;
  std::string type = "about:blank";
  std::string title;
  std::string detail;
  std::string file;
  std::vector<Problem> errors;  // the input's problems, as `perdiem check` reports them
};

// Sets a header, replacing any value it had (Response::set_header adds one).
void set_only(Response& res, const char* key, const std::string& value) {
  res.headers.erase(key);
  res.set_header(key, value);
}

void send_problem(Response& res, const ProblemDoc& p) {
  JsonOut j;
  j.begin_object();
  j.kv("type", p.type);
  j.kv("title", p.title.empty() ? status_title(p.status) : p.title);
  j.kv("status", static_cast<int64_t>(p.status));
  if (!p.detail.empty()) j.kv("detail", p.detail);
  if (!p.errors.empty()) {
    j.key("errors").begin_array();
    for (const auto& e : p.errors) {
      j.begin_object();
      j.kv("file", p.file);
      j.kv("message", e.message);
      j.kv("segment", static_cast<int64_t>(e.segment));
      j.kv("offset", static_cast<int64_t>(e.offset));
      if (!e.element.empty()) j.kv("element", e.element);
      j.kv("severity", e.severity == Severity::kWarning ? "warning" : "error");
      j.end_object();
    }
    j.end_array();
  }
  j.end_object();
  res.status = p.status;
  res.body = j.take();
  set_only(res, "Content-Type", "application/problem+json");
  set_only(res, "Cache-Control", "no-store");
}

void send_problem(Response& res, int status, std::string detail, std::string type = "about:blank") {
  ProblemDoc p;
  p.status = status;
  p.type = std::move(type);
  p.detail = std::move(detail);
  send_problem(res, p);
}

void send_json(Response& res, std::string body) {
  res.status = 200;
  res.body = std::move(body);
  set_only(res, "Content-Type", "application/json");
  set_only(res, "Cache-Control", "no-store");
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

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

std::string utc_now() {
  timeval tv{};
  gettimeofday(&tv, nullptr);
  tm t{};
  gmtime_r(&tv.tv_sec, &t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                t.tm_hour, t.tm_min, t.tm_sec, static_cast<int>(tv.tv_usec / 1000));
  return buf;
}


// Runs a rule's example claim through the engine, as `perdiem explain` does.
struct ExampleSink : ClaimSink {
  const Engine& engine;
  const RuleDef& rule;
  std::vector<std::string> found, problems;
  ExampleSink(const Engine& e, const RuleDef& r) : engine(e), rule(r) {}
  void on_claim(Claim&& c) override {
    for (const auto& p : c.problems) problems.push_back(p.message);
    const ClaimResult res = engine.check(c);
    for (const auto& line : res.lines)
      for (const auto& e : line.edits)
        if (e.rule == &rule) found.push_back(e.message);
  }
  void on_file_problem(const Problem& p) override { problems.push_back(p.message); }
};

// GET /v1/rules/{id}: what `perdiem explain ID` says, as JSON.
std::string rule_json(const std::shared_ptr<const PackSet>& packs, const RuleDef& r) {
  JsonOut j;
  j.begin_object();
  j.kv("rule", r.id);
  j.kv("title", r.title);
  j.kv("stage", static_cast<int64_t>(r.stage));
  j.kv("decision", decision_name(r.decision));
  j.kv("group", r.group);
  j.kv("carc", r.carc);
  j.strings("rarc", r.rarc);
  j.kv("enabled", r.enabled);
  j.kv("citation", r.citation);
  j.kv("summary", r.summary);
  j.kv("policy_text", r.policy_text);
  if (r.effective) j.kv("effective", r.effective->iso());
  if (r.expires) j.kv("expires", r.expires->iso());
  if (!r.example.empty()) {
    j.kv("example", r.example);
    Engine engine(packs);
    ExampleSink sink(engine, r);
    read_json(r.example, "example", sink, false);
    j.strings("example_edits", sink.found);
    j.strings("example_problems", sink.problems);
  }
  j.end_object();
  return j.take();
}

std::string pack_json(const PackSet& packs) {
  const Pack& p = packs.latest();
  JsonOut j;
  j.begin_object();
  j.kv("id", p.id);
  j.kv("name", p.name);
  j.kv("policy", p.policy);
  j.kv("title", p.title);
  j.kv("version", p.version);
  j.kv("effective", p.effective.iso());
  if (p.expires) j.kv("expires", p.expires->iso());
  j.kv("rules", static_cast<int64_t>(p.rules.size()));
  j.key("versions").begin_array();
  for (const auto& v : packs.packs()) {
    j.begin_object();
    j.kv("id", v->id);
    j.kv("version", v->version);
    j.kv("effective", v->effective.iso());
    if (v->expires) j.kv("expires", v->expires->iso());
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.take();
}

// Resident set size and the like, from /proc, for /metrics.
std::string process_metrics(double start_time) {
  std::string out;
  long pages_total = 0, pages_resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_total = pages_resident = 0;
    std::fclose(f);
  }
  const long page = sysconf(_SC_PAGESIZE);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                "# TYPE process_resident_memory_bytes gauge\n"
                "process_resident_memory_bytes %ld\n"
                "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
                "# TYPE process_virtual_memory_bytes gauge\n"
                "process_virtual_memory_bytes %ld\n"
                "# HELP process_start_time_seconds Start time of the process since the Unix epoch in seconds.\n"
                "# TYPE process_start_time_seconds gauge\n"
                "process_start_time_seconds %.3f\n",
                pages_resident * page, pages_total * page, start_time);
  out += buf;
  return out;
}

}  // namespace

std::span<const Route> routes() { return kRoutes; }

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

// ---------------------------------------------------------------- the server

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

  void setup();
  bool authorized(const Request& req) const;
  void deny_unauthorized(Response& res) const;
  void check(const Request& req, Response& res, const httplib::ContentReader& reader);
  void asset(const Request& req, Response& res, std::string_view name);
  void on_error(const Request& req, Response& res);
  void on_log(const Request& req, const Response& res);
};

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

// POST /v1/check
void Server::Impl::check(const Request& req, Response& res, const httplib::ContentReader& reader) {
  t_request.route = "/v1/check";
  struct InFlight {
    Metrics& m;
    int64_t now;
    explicit InFlight(Metrics& metrics) : m(metrics), now(metrics.enter()) {}
    ~InFlight() { m.leave(); }
  } in_flight_guard(metrics);
  const auto deadline = (t_request.active ? t_request.start : Clock::now()) + opt.timeout;

  // Decide what can be decided before the body is read. The body is read
  // (and thrown away) even when the answer is already known, so that the
  // connection stays usable for the client's next request.
  std::optional<ProblemDoc> early;
  auto fail = [&](int status, std::string detail, std::string type = "about:blank") {
    if (early) return;
    early.emplace();
    early->status = status;
    early->detail = std::move(detail);
    early->type = std::move(type);
  };
  bool unauthorized = false;
  if (!authorized(req)) {
    unauthorized = true;
    fail(401, "");
  }
  if (in_flight_guard.now > static_cast<int64_t>(opt.max_concurrent))
    fail(503, "the server is checking as many requests as it is allowed to at once (" +
                  std::to_string(opt.max_concurrent) + ", --max-concurrent); try again shortly",
         "urn:perdiem:problem:busy");
  const std::string content_type = req.get_header_value("Content-Type");
  if (iequals_prefix(content_type, "multipart/")) {
    fail(415,
         "send the claims as the body itself (837P text, a JSON claim or array, or NDJSON), not as a "
         "multipart form");
  }
  OutputFormat format = OutputFormat::kJson;
  if (req.has_param("format") && !parse_output_format(req.get_param_value("format"), format))
    fail(400, "format must be json, ndjson, csv or table, not \"" + req.get_param_value("format") + "\"");
  CheckOptions options;
  if (req.has_param("as_of")) {
    options.as_of = Date::parse_iso(req.get_param_value("as_of"));
    if (!options.as_of) fail(400, "as_of must be a date YYYY-MM-DD, not \"" + req.get_param_value("as_of") + "\"");
  }
  std::string file = "request";
  if (req.has_param("file")) {
    file = req.get_param_value("file");
    bool ok = !file.empty() && file.size() <= 255;
    for (unsigned char c : file) ok = ok && c >= 0x20 && c != 0x7f;
    if (!ok) fail(400, "file must be a name of 1 to 255 characters without control characters");
  }
  const bool has_length = req.has_header("Content-Length");
  const bool chunked = req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
  if (!has_length && !chunked) {
    fail(411, "send the body with a Content-Length (or chunked)");
  }

  std::string body;
  bool too_big = false, too_slow = false;
  bool read_ok = true;
  if (iequals_prefix(content_type, "multipart/")) {
    // Drained through the library's multipart reader (the plain reader does
    // not take a multipart body); the answer is the 415 above.
    read_ok = reader([](const httplib::MultipartFormData&) { return true; },
                     [](const char*, size_t) { return true; });
  } else if (has_length || chunked) {
    read_ok = reader([&](const char* data, size_t n) {
      if (early) return true;  // read and dropped
      if (body.size() + n > opt.max_body) {
        too_big = true;
        return false;
      }
      if (Clock::now() > deadline) {
        too_slow = true;
        return false;
      }
      if (body.empty() && has_length)
        body.reserve(std::min<size_t>(opt.max_body, std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10)));
      body.append(data, n);
      return true;
    });
  }
  t_request.bytes_in = body.size();
  if (!read_ok || too_big || too_slow) {
    if (res.status == 413 || too_big) {
      send_problem(res, 413,
                   "the body is larger than this server accepts (" + std::to_string(opt.max_body) +
                       " bytes, --max-body); split the claims into several requests");
    } else if (too_slow || Clock::now() - t_request.start >= io_timeout) {
      send_problem(res, 408,
                   "the body took longer than " + std::to_string(opt.timeout.count()) +
                       " ms to arrive (--timeout)");
    } else {
      send_problem(res, 400, "the body could not be read");
    }
    return;
  }
  if (early) {
    if (unauthorized) return deny_unauthorized(res);
    send_problem(res, *early);
    if (early->status == 503) set_only(res, "Retry-After", "1");
    return;
  }

  std::optional<Engine> dated;
  if (options.as_of) dated.emplace(packs, options);
  const Engine& engine = dated ? *dated : this->engine;
  CheckOutcome out = check_buffer(engine, format, body, file, deadline);
  metrics.checked(out.totals, out.edits_by_rule);
  t_request.claims = out.totals.claims;
  if (out.timed_out) {
    send_problem(res, 503,
                 "checking took longer than " + std::to_string(opt.timeout.count()) +
                     " ms (--timeout); send the claims in smaller requests",
                 "urn:perdiem:problem:timeout");
    return;
  }
  bool input_error = false;
  for (const auto& p : out.file_problems) input_error = input_error || p.severity == Severity::kError;
  if (out.totals.claims == 0 && input_error) {
    // Nothing could be read: an error, with what the CLI would say on stderr.
    ProblemDoc p;
    p.status = 422;
    p.type = "urn:perdiem:problem:unreadable-input";
    p.title = "The input could not be read";
    p.file = file;
    p.errors = out.file_problems;
    for (const auto& e : out.file_problems)
      if (e.severity == Severity::kError) {
        p.detail = problem_text(file, e);
        break;
      }
    send_problem(res, p);
    res.set_header("Perdiem-Exit-Status", "2");
    return;
  }
  res.status = 200;
  res.body = std::move(out.body);
  switch (format) {
    case OutputFormat::kJson: res.set_header("Content-Type", "application/json"); break;
    case OutputFormat::kNdjson: res.set_header("Content-Type", "application/x-ndjson"); break;
    case OutputFormat::kCsv: res.set_header("Content-Type", "text/csv; charset=utf-8; header=present"); break;
    case OutputFormat::kTable: res.set_header("Content-Type", "text/plain; charset=utf-8"); break;
  }
  res.set_header("Cache-Control", "no-store");
  res.set_header("Perdiem-Exit-Status", std::to_string(out.exit_status));
}

void Server::Impl::asset(const Request& req, Response& res, std::string_view name) {
  const Asset* a = find_asset(name);
  if (a == nullptr) {
    send_problem(res, 404, "no such file");
    return;
  }
  res.set_header("ETag", a->etag);
  res.set_header("Cache-Control", "no-cache");
  if (std::string_view(a->content_type).starts_with("text/html")) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
    res.set_header("Referrer-Policy", "no-referrer");
  }
  if (req.get_header_value("If-None-Match") == a->etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(a->body.data(), a->body.size(), a->content_type);
}

void Server::Impl::on_error(const Request& req, Response& res) {
  if (!res.body.empty()) return;  // the handler wrote its own problem
  if (res.status == 404) {
    // A known path asked with another method is a 405, with what it allows.
    std::string allow;
    for (const Route& r : kRoutes) {
      std::string_view t = r.path;
      bool match = false;
      if (const size_t brace = t.find('{'); brace != std::string_view::npos) {
        const std::string_view prefix = t.substr(0, brace);
        match = req.path.size() > prefix.size() && std::string_view(req.path).starts_with(prefix) &&
                req.path.find('/', prefix.size()) == std::string::npos;
      } else {
        match = req.path == t;
      }
      if (match) {
        allow += allow.empty() ? r.method : std::string(", ") + r.method;
        t_request.route = r.path;
      }
    }
    if (!allow.empty()) {
      if (allow.find("GET") != std::string::npos) allow += ", HEAD";
      send_problem(res, 405, req.method + " is not allowed here; allowed: " + allow);
      res.set_header("Allow", allow);
      return;
    }
    send_problem(res, 404, "no such route; GET /openapi.json lists them");
    return;
  }
  send_problem(res, res.status, "");
}

void Server::Impl::on_log(const Request& req, const Response& res) {
  const bool known = t_request.active;
  const double secs = known ? std::chrono::duration<double>(Clock::now() - t_request.start).count() : 0.0;
  const char* route = known ? t_request.route : "(unparsed)";
  metrics.request(route, req.method, res.status, secs);
  if (log != nullptr) {
    // Never member data: the route template, not the path or query.
    char line[512];
    const int n = std::snprintf(line, sizeof line,
                                "%s method=%s route=%s status=%d bytes_in=%zu bytes_out=%zu claims=%llu ms=%.3f\n",
                                utc_now().c_str(), req.method.size() < 16 ? req.method.c_str() : "(long)", route,
                                res.status, known ? t_request.bytes_in : 0, res.body.size(),
                                static_cast<unsigned long long>(known ? t_request.claims : 0), secs * 1000);
    if (n > 0) {
      std::lock_guard lock(log_mu);
      std::fwrite(line, 1, std::min(static_cast<size_t>(n), sizeof line - 1), log);
      std::fflush(log);
    }
  }
  t_request = RequestState{};
}

void Server::Impl::setup() {
  start_time = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  rules_doc = rules_catalogue_json(packs->latest());
  pack_doc = pack_json(*packs);
  for (const RuleDef& r : packs->latest().rules) rule_docs.emplace(r.id, rule_json(packs, r));
  {
    const Pack& p = packs->latest();
    std::string info = "# HELP perdiem_build_info The perdiem version and the policy pack it serves.\n"
                       "# TYPE perdiem_build_info gauge\nperdiem_build_info{version=\"";
    info += PERDIEM_VERSION;
    info += "\",pack=\"" + p.id + "\",pack_version=\"" + p.version + "\"} 1\n";
    build_info = info;
  }

  if (opt.access_log == "-") log = stderr;
  else if (!opt.access_log.empty() && opt.access_log != "off") {
    log = std::fopen(opt.access_log.c_str(), "a");
    own_log = log != nullptr;
    if (!log) std::fprintf(stderr, "perdiem serve: cannot open the access log %s; logging to stderr\n", opt.access_log.c_str());
    if (!log) log = stderr;
  }

  const size_t threads = std::max<size_t>(1, opt.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(opt.keep_alive_seconds);
  io_timeout = std::min<std::chrono::milliseconds>(opt.timeout, std::chrono::seconds(10));
  http.set_read_timeout(io_timeout.count() / 1000, (io_timeout.count() % 1000) * 1000);
  http.set_write_timeout(io_timeout.count() / 1000, (io_timeout.count() % 1000) * 1000);
  http.set_payload_max_length(opt.max_body);
  // Only SO_REUSEADDR: the library's default also sets SO_REUSEPORT, which
  // would let a second server take the same port without an error.
  http.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd = sock;
  });
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  http.set_pre_routing_handler([](const Request&, Response&) {
    t_request = RequestState{};
    t_request.active = true;
    t_request.start = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_error_handler([this](const Request& req, Response& res) { on_error(req, res); });
  http.set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
    res.body.clear();
    send_problem(res, 500, "the server failed while answering; the request was not checked");
  });
  http.set_logger([this](const Request& req, const Response& res) { on_log(req, res); });

  // Routes: keep in step with kRoutes and openapi.json.
  http.Post("/v1/check", [this](const Request& req, Response& res, const httplib::ContentReader& reader) {
    check(req, res, reader);
  });
  http.Get("/v1/rules", [this](const Request& req, Response& res) {
    t_request.route = "/v1/rules";
    if (!authorized(req)) return deny_unauthorized(res);
    send_json(res, rules_doc);
  });
  http.Get(R"(/v1/rules/([^/]+))", [this](const Request& req, Response& res) {
    t_request.route = "/v1/rules/{id}";
    if (!authorized(req)) return deny_unauthorized(res);
    const std::string id = req.matches[1];
    const auto it = rule_docs.find(id);
    if (it == rule_docs.end()) {
      std::string detail = "no rule ";
      append_json_string(detail, id);  // quoted and escaped
      detail += "; GET /v1/rules lists them";
      return send_problem(res, 404, detail);
    }
    send_json(res, it->second);
  });
  http.Get("/v1/pack", [this](const Request& req, Response& res) {
    t_request.route = "/v1/pack";
    if (!authorized(req)) return deny_unauthorized(res);
    send_json(res, pack_doc);
  });
  http.Get("/healthz", [](const Request&, Response& res) {
    t_request.route = "/healthz";
    send_json(res, "{\"status\":\"ok\"}\n");
  });
  http.Get("/metrics", [this](const Request& req, Response& res) {
    t_request.route = "/metrics";
    if (!authorized(req)) return deny_unauthorized(res);
    res.status = 200;
    res.body = metrics.render(build_info + process_metrics(start_time));
    res.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  });
  http.Get("/openapi.json", [this](const Request& req, Response& res) {
    t_request.route = "/openapi.json";
    asset(req, res, "src/server/openapi.json");
  });
  http.Get("/", [this](const Request& req, Response& res) {
    t_request.route = "/";
    asset(req, res, "web/index.html");
  });
  http.Get(R"(/assets/([A-Za-z0-9._-]+))", [this](const Request& req, Response& res) {
    t_request.route = "/assets/{name}";
    const std::string name = req.matches[1];
    if (name == "index.html" || name.find("..") != std::string::npos) return send_problem(res, 404, "no such file");
    asset(req, res, "web/" + name);
  });
}

Server::Server(std::shared_ptr<const PackSet> packs, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(packs), std::move(options))) {
  std::signal(SIGPIPE, SIG_IGN);
  impl_->setup();
}

Server::~Server() {
  stop();
  while (impl_->serving) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (impl_->own_log) std::fclose(impl_->log);
}

bool Server::bind(std::string& error) {
  Impl& s = *impl_;
  if (s.opt.port == 0) {
    s.port = s.http.bind_to_any_port(s.opt.host);
  } else {
    s.port = s.http.bind_to_port(s.opt.host, s.opt.port) ? s.opt.port : -1;
  }
  if (s.port <= 0) {
    const int err = errno;
    error = "cannot listen on " + s.opt.host + ":" + std::to_string(s.opt.port) +
            (err ? std::string(": ") + std::strerror(err) : std::string());
    return false;
  }
  // The library listens with a backlog of 5; a burst of new connections
  // (a load balancer, a benchmark) needs more. listen() again sets it.
  if (s.listen_fd >= 0) ::listen(s.listen_fd, 1024);
  return true;
}

int Server::port() const { return impl_->port; }

void Server::serve() {
  Impl& s = *impl_;
  s.serving = true;
  if (!s.stop_requested) s.http.listen_after_bind();
  s.serving = false;
}

void Server::stop() {
  Impl& s = *impl_;
  s.stop_requested = true;
  // serve() may be between its check of stop_requested and listening: wait
  // for one or the other.
  for (;;) {
    if (s.http.is_running()) {
      s.http.stop();
      return;
    }
    if (!s.serving) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace perdiem::server
