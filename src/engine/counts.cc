// What a checked claim counts for, and the exit status: the run's Totals
// (include/perdiem/result.h), CheckCounts and CheckSummary::exit_status()
// (include/perdiem/check.h). Every front end's totals and exit status are
// computed here and nowhere else (SPEC §1, §3).
#include "perdiem/check.h"

namespace perdiem {

void Totals::add(const Claim& claim, const ClaimResult& result) {
  ++claims;
  switch (result.status) {
    case ClaimStatus::kChecked: ++checked; break;
    case ClaimStatus::kOutOfScope: ++out_of_scope; break;
    case ClaimStatus::kRejected: ++rejected; return;  // its lines are not counted
  }
  for (size_t i = 0; i < claim.lines.size(); ++i) {
    // A line the policy did not judge is counted apart, never as paid.
    Decision d = Decision::kNotChecked;
    if (result.status == ClaimStatus::kChecked && i < result.lines.size()) d = result.lines[i].decision;
    const auto k = static_cast<size_t>(d) < kDecisions ? static_cast<size_t>(d) : static_cast<size_t>(Decision::kNotChecked);
    ++lines;
    ++by_decision[k];
    charge += claim.lines[i].charge;
    charge_by_decision[k] += claim.lines[i].charge;
  }
}

void CheckCounts::add(const Claim& claim, const ClaimResult& result) {
  totals.add(claim, result);
  if (result.status == ClaimStatus::kRejected) unreadable = true;
  // Exit statuses 0 and 1 look at judged lines only (SPEC §3).
  for (const auto& l : result.lines)
    if (l.decision != Decision::kPay && l.decision != Decision::kNotChecked) some_not_paid = true;
}

void CheckCounts::add_file_problem(const Problem& problem) {
  ++totals.file_problems;
  if (problem.severity == Severity::kError) unreadable = true;
}

void CheckCounts::add(const CheckCounts& more) {
  Totals& a = totals;
  const Totals& b = more.totals;
  a.claims += b.claims;
  a.checked += b.checked;
  a.out_of_scope += b.out_of_scope;
  a.rejected += b.rejected;
  a.lines += b.lines;
  for (size_t i = 0; i < kDecisions; ++i) {
    a.by_decision[i] += b.by_decision[i];
    a.charge_by_decision[i] += b.charge_by_decision[i];
  }
  a.charge += b.charge;
  a.file_problems += b.file_problems;
  unreadable = unreadable || more.unreadable;
  some_not_paid = some_not_paid || more.some_not_paid;
  inputs += more.inputs;
  inputs_without_claims += more.inputs_without_claims;
}

int CheckSummary::exit_status() const {
  if (write_failed || timed_out || unreadable) return kExitUnreadable;
  return some_not_paid ? kExitSomeNotPaid : kExitAllPaid;
}

}  // namespace perdiem
