// Private to perdiem_server: the counters behind GET /metrics, written in the
// Prometheus text exposition format (version 0.0.4).
//
// THREAD-SAFE. One mutex guards everything; it is taken once per request
// (and once more per check), for well under a microsecond.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "perdiem/result.h"

namespace perdiem {
struct RuleDef;
}

namespace perdiem::server {

class Metrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds.
  static constexpr std::array<double, 14> kBuckets = {0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                      0.05,    0.1,    0.25,  0.5,   1,     2.5,  5};

  Metrics();

  void request(const std::string& route, const std::string& method, int status, double seconds);
  void checked(const Totals& totals, const std::vector<std::pair<const RuleDef*, uint64_t>>& edits);
  // A request to /v1/check begins / ends being read or checked. enter()
  // returns how many are in flight now, this one included (lock-free: the
  // server decides on it whether to answer 503).
  int64_t enter();
  void leave();

  // The exposition. `extra` is appended as is (build info, process figures).
  std::string render(const std::string& extra) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // non-cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // route, method, status
  std::map<std::string, Histogram> latency_;                                  // by route
  uint64_t claims_[3] = {0, 0, 0};       // checked, out_of_scope, rejected
  uint64_t lines_ = 0;
  uint64_t decisions_[kDecisions] = {};
  uint64_t file_problems_ = 0;
  std::map<std::pair<std::string, std::string>, uint64_t> edits_;  // rule, decision
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> in_flight_peak_{0};
};

// The process's own figures (resident and virtual memory from /proc, start
// time), in the same exposition format.
std::string process_metrics(double start_time);

}  // namespace perdiem::server
