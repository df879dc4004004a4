// perdiem serve: the HTTP API apart from POST /v1/check (which
// server_check_test.cc tests): API keys, the policy documents, errors,
// metrics, the OpenAPI document, the page, the access log, and the real
// binary stopping on SIGTERM. Tested against a server started on a free
// loopback port (in-process, and once as the binary); nothing leaves
// 127.0.0.1.
#include "server_test_util.h"

using namespace perdiem::testing::api;

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
