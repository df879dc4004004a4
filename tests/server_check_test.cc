// POST /v1/check, tested against a server started on a free loopback port:
// the answer is the bytes the CLI prints for the same input, for every
// example in every format; broken claims, unreadable input, query
// parameters, content types; and the limits (body size, concurrency, a body
// too slow, checking too long). Every request loop here is bounded.
#include "server_test_util.h"

using namespace perdiem::testing::api;

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
