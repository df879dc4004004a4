// Shared by the libFuzzer targets: the built-in pack, and a sink that checks
// each claim, renders it, and asserts what must hold for ANY input:
//   - a problem points inside the input (offset <= size) and says something;
//   - a claim with an error is reported `rejected`; a claim that is not
//     rejected has lines;
//   - byte spans (perdiem/claim.h) lie inside the input, claims' in input
//     order without overlapping, each line's inside its claim's, in order;
//   - the rendered result is valid JSON (simdjson parses it back).
// A broken invariant aborts, so libFuzzer keeps the input as a crash.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/pack.h"
#include "perdiem/writer.h"

namespace perdiem::fuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "INVARIANT BROKEN: %s %s\n", what, detail.c_str());
  std::abort();
}

inline std::shared_ptr<const PackSet> builtin_pack() {
  std::vector<PackError> errors;
  auto packs = load_pack(PERDIEM_DEFAULT_PACK, errors);
  if (!packs) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.text().c_str());
    fail("the built-in pack does not load");
  }
  return packs;
}

// The engine on the built-in pack, built once. Each target's
// LLVMFuzzerInitialize asks for it, so the pack is loaded before the first
// input is timed.
inline const Engine& shared_engine() {
  static const Engine engine(builtin_pack());
  return engine;
}

// Small limits, so that the fuzzer reaches the limit paths with small
// inputs; a target sets its own limits on top of these.
inline ReadLimits small_limits() {
  ReadLimits limits;
  limits.max_segment_bytes = 2048;
  limits.max_lines_per_claim = 40;
  limits.max_claims = 200;
  limits.max_input_bytes = 1 << 20;
  return limits;
}

inline void check_problem(const Problem& p, size_t input_size) {
  if (p.message.empty()) fail("a problem without a message");
  if (p.offset > input_size)
    fail("a problem offset past the end of the input", p.message);
}

// Checks, renders and validates every claim; counts what it saw.
class CheckingSink : public ClaimSink {
 public:
  CheckingSink(const Engine* engine, size_t input_size) : engine_(engine), size_(input_size) {}

  void on_claim(Claim&& claim) override { check(claim); }

  void check(const Claim& claim) {
    ++claims;
    for (const auto& p : claim.problems) check_problem(p, size_);
    if (claim.source.offset > size_) fail("a claim source offset past the end of the input");
    check_spans(claim);
    if (!claim.has_errors() && claim.lines.empty()) fail("a claim without lines and without an error");
    if (engine_ == nullptr) return;
    const ClaimResult r = engine_->check(claim);
    if (claim.has_errors() != (r.status == ClaimStatus::kRejected))
      fail("a claim with errors must be rejected, and only such a claim");
    out_.clear();
    write_claim_json(out_, claim, r);
    validate_json(out_);
  }

  void on_file_problem(const Problem& p) override {
    ++file_problems;
    check_problem(p, size_);
  }

  // The claims checked next come from another input: spans start over.
  void new_input() { spans_end_ = 0; }

  size_t claims = 0, file_problems = 0;

 private:
  void check_spans(const Claim& c) {
    if (c.span.empty()) {
      if (c.span.begin != 0 || !c.lines.empty()) fail("a claim without a span has lines or a place");
      return;
    }
    if (c.span.end > size_) fail("a claim span past the end of the input");
    if (c.span.begin < spans_end_) fail("claim spans overlap or are out of order");
    if (c.span.begin != c.source.offset) fail("a claim span that does not begin at the claim");
    spans_end_ = c.span.end;
    uint64_t line_end = c.span.begin;
    for (const auto& l : c.lines) {
      if (l.span.begin < line_end || l.span.end < l.span.begin || l.span.end > c.span.end)
        fail("a line span outside its claim's, or out of order");
      line_end = l.span.end;
      for (const ByteSpan& seg : {l.x12.sv1, l.x12.dtp472})
        if (!seg.empty() && (seg.begin < l.span.begin || seg.end > l.span.end))
          fail("an SV1 or DTP*472 span outside its line's");
    }
    if (!c.x12.clm.empty() && (c.x12.clm.begin != c.span.begin || c.x12.clm.end > c.span.end))
      fail("a CLM span outside its claim's");
  }

  uint64_t spans_end_ = 0;
  void validate_json(const std::string& text) {
    simdjson::padded_string padded(text);
    simdjson::dom::element doc;
    if (parser_.parse(padded).get(doc) != simdjson::SUCCESS) fail("the rendered result is not valid JSON", text);
  }

  const Engine* engine_;
  size_t size_;
  std::string out_;
  simdjson::dom::parser parser_;
};

}  // namespace perdiem::fuzz
