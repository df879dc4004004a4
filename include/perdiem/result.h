// The result of checking one claim: a decision per line, with the edits that
// led to it. A denied line is a result, not an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/claim.h"
#include "perdiem/date.h"
#include "perdiem/money.h"

namespace perdiem {

// Ordered by severity: a line's decision is its most severe edit,
// deny > bundle > pend > reduce > pay (SPEC §3). not_checked is apart: a
// line the policy did not judge (an out-of-scope claim's, a line that ends
// before the policy's effective date); it is never shown or counted as paid.
enum class Decision : uint8_t { kPay = 0, kReduce = 1, kPend = 2, kBundle = 3, kDeny = 4, kNotChecked = 5 };
constexpr size_t kDecisions = 6;

const char* decision_name(Decision d);           // "pay", "reduce", ...
bool parse_decision(std::string_view s, Decision& out);
const char* status_name(ClaimStatus s);          // "checked", "out_of_scope", "rejected"

// A mechanical correction the submitter can apply (SPEC §4). At most one per edit.
struct Fix {
  enum class Kind : uint8_t {
    kNone,
    kSetUnits,            // units
    kAddModifier,         // value = modifier
    kReplaceModifier,     // value = from, value2 = to
    kRemoveModifier,      // value = modifier
    kSetPlaceOfService,   // value = POS code
    kRemoveLine,
    kAddNdc,              // the NOC drug needs its 11-digit NDC
    kAddLine,             // value = code or product family; dates = when
    kSplitLine,           // pieces: bill these days apart (SPEC §4, Days)
  };
  // split_line: consecutive pieces that together cover the days that
  // should be billed, each what to bill for its days; days that should not
  // be billed at all are in no piece.
  struct Piece {
    DateSpan dates{};
    std::vector<std::string> modifiers;
    bool has_units = false;  // units follow from the days (a per diem: one a day)
    Quantity units;
  };
  Kind kind = Kind::kNone;
  std::string value;
  std::string value2;
  Quantity units;
  DateSpan dates{};
  std::vector<Piece> pieces;
};

struct RuleDef;  // policy/pack.h

struct Edit {
  const RuleDef* rule = nullptr;     // the pack's rule: id, citation, reason codes
  Decision decision = Decision::kPay;
  std::string_view group;            // "CO"
  std::string_view carc;             // "151"
  std::vector<std::string_view> rarc;  // "N362"
  std::string message;               // plain words naming the lines and codes
  Fix fix;
};

struct LineResult {
  Decision decision = Decision::kPay;
  Quantity allowed_units;            // units after the edits (0 when denied or bundled)
  std::vector<Edit> edits;
  std::vector<std::string> notes;    // remarks that change nothing
};

struct Pack;  // policy/pack.h

struct ClaimResult {
  ClaimStatus status = ClaimStatus::kChecked;
  std::string reason;                // why out_of_scope (empty otherwise)
  const Pack* pack = nullptr;        // the pack version applied (null when rejected early)
  std::vector<LineResult> lines;     // parallel to Claim::lines (empty when rejected)
};

// Aggregates over a run, for the "totals" object and the exit status.
struct Totals {
  uint64_t claims = 0, checked = 0, out_of_scope = 0, rejected = 0;
  uint64_t lines = 0;
  uint64_t by_decision[kDecisions] = {};
  Money charge;
  Money charge_by_decision[kDecisions];
  uint64_t file_problems = 0;
  void add(const Claim& claim, const ClaimResult& result);
};

}  // namespace perdiem
