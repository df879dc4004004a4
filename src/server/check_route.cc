// POST /v1/check: what can be refused before the body is read (key, load,
// query, content type), reading the body within --max-body and --timeout,
// and checking it with one check session, whose output is the answer.
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "perdiem/check.h"
#include "responses.h"
#include "server_impl.h"

namespace perdiem::server {

namespace {

// Edits made, by rule, for /metrics.
void count_edit(std::vector<std::pair<const RuleDef*, uint64_t>>& counts, const RuleDef* rule) {
  if (rule == nullptr) return;
  for (auto& [r, n] : counts)
    if (r == rule) {
      ++n;
      return;
    }
  counts.emplace_back(rule, 1);
}

}  // namespace

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

  // One check session on this thread, as `perdiem check` runs one for a
  // file: the same bytes for the same input.
  std::string out;
  out.reserve(std::min<size_t>(body.size() * 8 + 4096, size_t{64} << 20));
  std::vector<Problem> file_problems;
  std::vector<std::pair<const RuleDef*, uint64_t>> edits_by_rule;  // for /metrics
  CheckSessionOptions so;
  so.threads = 1;  // the server's parallelism is its connections
  so.format = format;
  so.deadline = deadline;
  so.write = [&out](std::string_view s) {
    out.append(s);
    return true;
  };
  so.on_file_problem = [&file_problems](std::string_view, const Problem& p) { file_problems.push_back(p); };
  so.on_claim = [&edits_by_rule](const Claim&, const ClaimResult& r) {
    if (r.status != ClaimStatus::kChecked) return;
    for (const auto& line : r.lines)
      for (const auto& e : line.edits) count_edit(edits_by_rule, e.rule);
  };
  CheckSession session(engine, std::move(so));
  session.add_input(body, file);
  const CheckSummary checked = session.finish();
  metrics.checked(checked.totals, edits_by_rule);
  t_request.claims = checked.totals.claims;
  if (checked.timed_out) {
    send_problem(res, 503,
                 "checking took longer than " + std::to_string(opt.timeout.count()) +
                     " ms (--timeout); send the claims in smaller requests",
                 "urn:perdiem:problem:timeout");
    return;
  }
  if (checked.totals.claims == 0 && checked.unreadable) {
    // Nothing could be read: an error, with what the CLI would say on stderr.
    ProblemDoc p;
    p.status = 422;
    p.type = "urn:perdiem:problem:unreadable-input";
    p.title = "The input could not be read";
    p.file = file;
    p.errors = file_problems;
    for (const auto& e : file_problems)
      if (e.severity == Severity::kError) {
        p.detail = problem_text(file, e);
        break;
      }
    send_problem(res, p);
    res.set_header("Perdiem-Exit-Status", std::to_string(checked.exit_status()));
    return;
  }
  res.status = 200;
  res.body = std::move(out);
  switch (format) {
    case OutputFormat::kJson: res.set_header("Content-Type", "application/json"); break;
    case OutputFormat::kNdjson: res.set_header("Content-Type", "application/x-ndjson"); break;
    case OutputFormat::kCsv: res.set_header("Content-Type", "text/csv; charset=utf-8; header=present"); break;
    case OutputFormat::kTable: res.set_header("Content-Type", "text/plain; charset=utf-8"); break;
  }
  res.set_header("Cache-Control", "no-store");
  res.set_header("Perdiem-Exit-Status", std::to_string(checked.exit_status()));
}

}  // namespace perdiem::server
