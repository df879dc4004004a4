// Private to the writers: a service line as every format writes it: the
// engine's result. A line the result does not cover, and every line of an
// out_of_scope claim, is not_checked with no edits: never shown as paid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "perdiem/claim.h"
#include "perdiem/result.h"

namespace perdiem::output {

// What a writer prints for line i of a claim.
struct LineView {
  const ServiceLine& line;
  uint32_t number;
  Decision decision;
  Quantity allowed;
  const std::vector<Edit>* edits;        // null: none
  const std::vector<std::string>* notes; // null: none
};

inline LineView line_view(const Claim& claim, const ClaimResult& r, size_t i) {
  const ServiceLine& l = claim.lines[i];
  const uint32_t number = l.number != 0 ? l.number : static_cast<uint32_t>(i + 1);
  const LineResult* lr = i < r.lines.size() ? &r.lines[i] : nullptr;
  if (lr == nullptr) return {l, number, Decision::kNotChecked, Quantity{}, nullptr, nullptr};
  const auto* notes = lr->notes.empty() ? nullptr : &lr->notes;
  if (r.status == ClaimStatus::kOutOfScope) return {l, number, Decision::kNotChecked, Quantity{}, nullptr, notes};
  return {l, number, lr->decision, lr->allowed_units, lr->edits.empty() ? nullptr : &lr->edits, notes};
}

}  // namespace perdiem::output
