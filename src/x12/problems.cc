// Problems the X12 reader reports (x12/reader.h): file problems, claim
// problems and the cap on how many a claim keeps, and echo_values quoting.
#include "x12/reader.h"

#include <fmt/format.h>

namespace perdiem::x12 {

// ---------------------------------------------------------------- problems

void Reader::file_problem(Severity sev, uint64_t number, uint64_t offset, std::string message,
                          std::string element) {
  Problem p;
  p.severity = sev;
  if (sev == Severity::kError) st_.counts.file_error = true;
  p.message = std::move(message);
  if (number != 0) p.message += echo(offset);
  p.segment = number;
  p.offset = offset;
  p.element = std::move(element);
  sink_.on_file_problem(p);
}

void Reader::claim_error(uint64_t number, uint64_t offset, std::string element,
                         std::string message) {
  add_claim_problem(
      Problem{Severity::kError, std::move(message), number, offset, std::move(element)});
}

void Reader::claim_warning(uint64_t number, uint64_t offset, std::string element,
                           std::string message) {
  add_claim_problem(
      Problem{Severity::kWarning, std::move(message), number, offset, std::move(element)});
}

// A claim keeps at most kMaxClaimProblems problems (a claim of 100,000 broken
// lines must not hold 100,000 messages); the rest are counted, and one of
// them being an error still rejects the claim.
void Reader::add_claim_problem(Problem p) {
  if (claim_.problems.size() >= kMaxClaimProblems) {
    ++problems_dropped_;
    dropped_error_ = dropped_error_ || p.severity == Severity::kError;
    return;
  }
  if (p.segment != 0) p.message += echo(p.offset);
  claim_.problems.push_back(std::move(p));
}

std::string Reader::echo(uint64_t offset) const {
  if (!limits_.echo_values || offset >= data_.size()) return {};
  const size_t end = data_.find(st_.delims.segment, offset);
  std::string_view seg = data_.substr(offset, end == std::string_view::npos ? std::string_view::npos
                                                                            : end - offset);
  std::string out = " [segment text: '";
  for (size_t i = 0; i < seg.size() && i < kEchoBytes; ++i) {
    const auto u = static_cast<unsigned char>(seg[i]);
    out += (u < 0x20 || u >= 0x7f) ? '?' : seg[i];
  }
  out += seg.size() > kEchoBytes ? "...']" : "']";
  return out;
}


}  // namespace perdiem::x12
