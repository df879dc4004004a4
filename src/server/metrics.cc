// GET /metrics (metrics.h): the counters, rendered in the Prometheus text
// format, and the process's own figures from /proc.
#include "metrics.h"

#include <unistd.h>

#include <cstdio>

#include "perdiem/pack.h"

namespace perdiem::server {

namespace {

// Label values here are route templates, methods, rule ids and decision
// names: no quotes, backslashes or line breaks, but escape them anyway.
std::string label(const std::string& v) {
  std::string s;
  s.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') s += '\\';
    if (c == '\n') {
      s += "\\n";
      continue;
    }
    s += c;
  }
  return s;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

Metrics::Metrics() = default;

void Metrics::request(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::checked(const Totals& t, const std::vector<std::pair<const RuleDef*, uint64_t>>& edits) {
  std::lock_guard lock(mu_);
  claims_[0] += t.checked;
  claims_[1] += t.out_of_scope;
  claims_[2] += t.rejected;
  lines_ += t.lines;
  for (size_t i = 0; i < kDecisions; ++i) decisions_[i] += t.by_decision[i];
  file_problems_ += t.file_problems;
  for (const auto& [rule, n] : edits) edits_[{rule->id, decision_name(rule->decision)}] += n;
}

int64_t Metrics::enter() {
  const int64_t now = in_flight_.fetch_add(1) + 1;
  int64_t peak = in_flight_peak_.load();
  while (now > peak && !in_flight_peak_.compare_exchange_weak(peak, now)) {
  }
  return now;
}

void Metrics::leave() { in_flight_.fetch_sub(1); }

std::string Metrics::render(const std::string& extra) const {
  std::lock_guard lock(mu_);
  std::string out;
  out.reserve(8192);

  header(out, "perdiem_http_requests_total", "counter", "HTTP requests answered, by route, method and status.");
  for (const auto& [k, n] : requests_) {
    const auto& [route, method, status] = k;
    out += "perdiem_http_requests_total{route=\"" + label(route) + "\",method=\"" + label(method) + "\",status=\"" +
           std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }

  header(out, "perdiem_http_request_duration_seconds", "histogram",
         "Time from the request's headers being read to its response being written, by route.");
  for (const auto& [route, h] : latency_) {
    uint64_t cumulative = 0;
    const std::string r = label(route);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += "perdiem_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"" + number(kBuckets[i]) +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "perdiem_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "perdiem_http_request_duration_seconds_sum{route=\"" + r + "\"} " + number(h.sum) + "\n";
    out += "perdiem_http_request_duration_seconds_count{route=\"" + r + "\"} " + std::to_string(h.count) + "\n";
  }

  header(out, "perdiem_http_requests_in_flight", "gauge", "Requests being read or checked now.");
  out += "perdiem_http_requests_in_flight " + std::to_string(in_flight_.load()) + "\n";
  header(out, "perdiem_http_requests_in_flight_peak", "gauge", "The most requests read or checked at once so far.");
  out += "perdiem_http_requests_in_flight_peak " + std::to_string(in_flight_peak_.load()) + "\n";

  header(out, "perdiem_claims_total", "counter", "Claims checked, by the status they were given.");
  static const char* kStatus[3] = {"checked", "out_of_scope", "rejected"};
  for (int i = 0; i < 3; ++i)
    out += std::string("perdiem_claims_total{status=\"") + kStatus[i] + "\"} " + std::to_string(claims_[i]) + "\n";

  header(out, "perdiem_lines_total", "counter", "Service lines checked (lines of rejected claims are not counted).");
  out += "perdiem_lines_total " + std::to_string(lines_) + "\n";

  header(out, "perdiem_line_decisions_total", "counter", "Service lines, by the decision they were given.");
  for (size_t i = 0; i < kDecisions; ++i)
    out += std::string("perdiem_line_decisions_total{decision=\"") + decision_name(static_cast<Decision>(i)) +
           "\"} " + std::to_string(decisions_[i]) + "\n";

  header(out, "perdiem_edits_total", "counter", "Edits made, by rule and the rule's decision.");
  for (const auto& [k, n] : edits_)
    out += "perdiem_edits_total{rule=\"" + label(k.first) + "\",decision=\"" + label(k.second) + "\"} " +
           std::to_string(n) + "\n";

  header(out, "perdiem_file_problems_total", "counter", "Problems that belong to no claim (an unreadable input).");
  out += "perdiem_file_problems_total " + std::to_string(file_problems_) + "\n";

  out += extra;
  return out;
}

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

}  // namespace perdiem::server
