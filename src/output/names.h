// Private to the writers: the names of decisions and claim statuses as the
// output spells them (SPEC §3), as views the writers append without
// measuring them.
#pragma once

#include <array>
#include <string_view>

#include "perdiem/result.h"

namespace perdiem::output {

inline constexpr std::array<std::string_view, kDecisions> kDecisionNames = {"pay",    "reduce", "pend",
                                                                          "bundle", "deny",   "not_checked"};
inline constexpr std::array<std::string_view, 3> kStatusNames = {"checked", "out_of_scope", "rejected"};

// decision_name() and status_name() as views.
inline std::string_view decision_text(Decision d) {
  const auto i = static_cast<size_t>(d);
  return i < kDecisionNames.size() ? kDecisionNames[i] : kDecisionNames[0];
}

inline std::string_view status_text(ClaimStatus s) {
  const auto i = static_cast<size_t>(s);
  return i < kStatusNames.size() ? kStatusNames[i] : kStatusNames[0];
}

inline std::string_view severity_name(Severity s) { return s == Severity::kWarning ? "warning" : "error"; }

}  // namespace perdiem::output
