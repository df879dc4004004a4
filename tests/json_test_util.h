// Helpers shared by the JSON reader's tests: the SPEC §2 example claim, a
// minimal claim to vary, reading text, and a claim's problems.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "perdiem/input.h"
#include "test_util.h"

namespace perdiem::json_testing {

using perdiem::testing::CollectingSink;

// The SPEC §2 example, on one line (also a valid NDJSON line).
inline const std::string kExample =
    R"({"claim_id":"C1","member_id":"M1","place_of_service":"12","frequency":"1",)"
    R"("diagnoses":["A41.9"],"billing_taxonomy":"3336H0001X","rendering_taxonomy":"163W00000X",)"
    R"("lines":[{"code":"S9500","modifiers":["SH"],"from":"2024-06-01","to":"2024-06-07",)"
    R"("units":7,"charge":700.00,"ndc":"00409733201","description":"...",)"
    R"("place_of_service":"12","rendering_taxonomy":"163W00000X"}]})";

inline CollectingSink read(const std::string& text, bool ndjson = false, const ReadLimits& limits = {}) {
  CollectingSink sink;
  read_json(text, "in.json", sink, ndjson, limits);
  return sink;
}

// A minimal valid claim with one line; `line` replaces the line's fields.
inline std::string claim(const std::string& id, const std::string& line = R"("code":"S9500","from":"2024-06-01","units":1,"charge":"100.00")",
                  const std::string& extra = "") {
  return R"({"claim_id":")" + id + R"(",)" + extra + R"("lines":[{)" + line + "}]}";
}

// The one error problem of a claim (fails the test when there is not exactly one).
inline const Problem& only_problem(const Claim& c) {
  EXPECT_EQ(c.problems.size(), 1u);
  for (const auto& p : c.problems) EXPECT_EQ(p.severity, Severity::kError) << p.message;
  static const Problem kNone;
  return c.problems.empty() ? kNone : c.problems.front();
}

inline std::string all_messages(const Claim& c) {
  std::string s;
  for (const auto& p : c.problems) s += p.message + "\n";
  return s;
}

inline Date iso(const char* s) { return *Date::parse_iso(s); }

}  // namespace perdiem::json_testing
