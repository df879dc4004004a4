// What the rule tests share: the claims they start from. Each
// tests/rules/RULE-ID_test.cc holds one rule's tests (SPEC §4), all of them
// built into one test program, rules_test.
#pragma once

#include "rule_test_util.h"

namespace perdiem::testing {

using ::testing::HasSubstr;
using K = Fix::Kind;

inline const Days kWeek = June(1, 7);
inline constexpr const char* kRN = "163W00000X";  // registered nurse

// An anti-infective therapy for the week: S9500 (once every 24 hours) and
// ceftriaxone J0696, billed correctly.
inline ClaimJson antibiotic_week() { return claim().line("S9500", kWeek, 7).line("J0696", kWeek, 7); }

// A week of TPN (S9366) for short bowel syndrome, with no product yet.
inline ClaimJson tpn_week() { return claim().dx("K91.2").line("S9366", kWeek, 7); }

// A second therapy: immune globulin S9338 with J1569 (and modifier `mod`).
inline ClaimJson with_ivig(ClaimJson c, const Days& d, const char* mod = nullptr) {
  c.line("S9338", d, day_count(d));
  if (mod) c.mod(mod);
  return c.line("J1569", d, 40);
}
// A third therapy: the inotrope S9348 with dobutamine J1250.
inline ClaimJson with_inotrope(ClaimJson c, const Days& d, const char* mod = nullptr) {
  c.line("S9348", d, day_count(d));
  if (mod) c.mod(mod);
  return c.line("J1250", d, 7);
}

}  // namespace perdiem::testing
