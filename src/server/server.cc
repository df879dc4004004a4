// perdiem serve: the route table, setting the server up, the page's assets,
// errors without a body of their own, the access log, and Server's methods.
// The other routes' answers are in the files server_impl.h lists.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <thread>

#include "assets.h"
#include "perdiem/writer.h"
#include "responses.h"
#include "server_impl.h"

namespace perdiem::server {

thread_local RequestState t_request;

namespace {

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

}  // namespace

std::span<const Route> routes() { return kRoutes; }

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
