#include "check.h"

#include <algorithm>

#include "perdiem/input.h"
#include "perdiem/pack.h"

namespace perdiem::server {

namespace {

// The same steps, in the same order, as the CLI's CheckSink: check, add to
// the totals, note the exit status, write. (The CLI also copies file problems
// to stderr for non-json formats; the API returns them in the problem
// document or the "problems" array instead.)
class Sink : public ClaimSink {
 public:
  Sink(const Engine& engine, ResultWriter& writer, CheckOutcome& out, std::string_view file,
       std::chrono::steady_clock::time_point deadline)
      : engine_(engine), writer_(writer), out_(out), file_(file), deadline_(deadline) {}

  void on_claim(Claim&& claim) override {
    if (out_.timed_out) return;
    // Looking at the clock costs ~20 ns; a claim costs microseconds.
    if (std::chrono::steady_clock::now() > deadline_) {
      out_.timed_out = true;
      return;
    }
    // One result per server thread, refilled for every claim: no allocation
    // once warm.
    thread_local ClaimResult r;
    engine_.check(claim, r);
    out_.totals.add(claim, r);
    if (r.status == ClaimStatus::kRejected) unreadable = true;
    for (const auto& line : r.lines) {
      if (line.decision != Decision::kPay) some_not_paid = true;
      if (r.status != ClaimStatus::kChecked) continue;
      for (const auto& e : line.edits) count_edit(e.rule);
    }
    writer_.claim(out_.body, claim, r);
  }

  void on_file_problem(const Problem& p) override {
    ++out_.totals.file_problems;
    if (p.severity == Severity::kError) unreadable = true;
    out_.file_problems.push_back(p);
    writer_.file_problem(out_.body, file_, p);
  }

  bool unreadable = false;
  bool some_not_paid = false;

 private:
  void count_edit(const RuleDef* rule) {
    if (rule == nullptr) return;
    for (auto& [r, n] : out_.edits_by_rule)
      if (r == rule) {
        ++n;
        return;
      }
    out_.edits_by_rule.emplace_back(rule, 1);
  }

  const Engine& engine_;
  ResultWriter& writer_;
  CheckOutcome& out_;
  std::string_view file_;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace

CheckOutcome check_buffer(const Engine& engine, OutputFormat format, std::string_view data,
                          std::string_view file, std::chrono::steady_clock::time_point deadline) {
  CheckOutcome out;
  auto writer = ResultWriter::make(format, engine.headline_pack());
  out.body.reserve(std::min<size_t>(data.size() * 8 + 4096, size_t{64} << 20));
  writer->begin(out.body);
  Sink sink(engine, *writer, out, file, deadline);
  read_input(data, file, sink);
  writer->end(out.body, out.totals);
  out.exit_status = sink.unreadable ? 2 : sink.some_not_paid ? 1 : 0;
  return out;
}


}  // namespace perdiem::server
