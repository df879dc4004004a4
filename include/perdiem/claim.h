// The claim model: what the readers (X12 837P, JSON, NDJSON) produce and the
// engine checks. One model for every input format.
//
// Text fields are std::string_view. They point either into the input buffer
// (the X12 reader copies nothing) or into the claim's own Arena (text that had
// to be unescaped or normalised). LIFETIME: a Claim is valid while the input
// buffer it was read from is alive; moving a Claim keeps its views valid.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "perdiem/date.h"
#include "perdiem/money.h"
#include "perdiem/problem.h"

namespace perdiem {

// Stable storage for text a reader had to build. Chunks never move, so views
// into them stay valid when the Arena (or the Claim owning it) is moved.
class Arena {
 public:
  std::string_view copy(std::string_view s);
  void clear() { chunks_.clear(); used_ = cap_ = 0; }
  // Forgets the text but keeps the first chunk for reuse (the views handed
  // out before are no longer valid).
  void reset();

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = 0, cap_ = 0;
};

// Where something came from in the input.
struct SourceRef {
  uint64_t segment = 0;  // X12: 1-based segment number of CLM (or LX); NDJSON: line; JSON: 0
  uint64_t offset = 0;   // 0-based byte offset into the input
};

struct ServiceLine {
  uint32_t number = 0;              // 1-based position within the claim
  std::string_view qualifier;       // SV101-1, "HC" for HCPCS/CPT; empty from JSON
  std::string_view code;            // HCPCS/CPT, e.g. "S9500" (upper case)
  std::array<std::string_view, 4> modifiers{};
  uint8_t modifier_count = 0;
  std::string_view description;     // SV101-7 / JSON "description"
  Money charge;                     // SV102
  std::string_view unit_basis;      // SV103: "UN" units, "MJ" minutes
  Quantity units;                   // SV104
  std::string_view place_of_service;   // SV105; empty = use the claim's
  DateSpan dates;                   // DTP*472 D8 or RD8
  std::string_view ndc;             // LIN*N4 (2410), digits only
  Quantity ndc_quantity;            // CTP04
  std::string_view ndc_unit;        // CTP05-1
  std::string_view rendering_taxonomy;  // 2420A PRV*PE; empty = use the claim's
  SourceRef source;                 // the LX segment

  bool has_modifier(std::string_view m) const {
    for (uint8_t i = 0; i < modifier_count; ++i)
      if (modifiers[i] == m) return true;
    return false;
  }
};

enum class ClaimStatus : uint8_t { kChecked, kOutOfScope, kRejected };

struct Claim {
  std::string_view claim_id;          // CLM01
  std::string_view member_id;         // 2010BA NM1*IL NM109 (or 2010CA patient when present)
  Money total_charge;                 // CLM02
  std::string_view place_of_service;  // CLM05-1
  std::string_view frequency;         // CLM05-3: 1 original, 7 replacement, 8 void
  std::vector<std::string_view> diagnoses;  // upper case, no dot; principal first
  std::string_view billing_taxonomy;  // 2000A PRV*BI
  std::string_view rendering_taxonomy;  // 2310B PRV*PE
  std::vector<ServiceLine> lines;
  std::string_view file;              // input name, for the result's source
  SourceRef source;                   // the CLM segment / JSON object
  // Non-empty errors mean the claim is rejected and not checked.
  std::vector<Problem> problems;
  Arena arena;

  bool has_errors() const {
    for (const auto& p : problems)
      if (p.severity == Severity::kError) return true;
    return false;
  }
  // Back to an empty claim, keeping the capacity of its vectors and arena, so
  // a reader can fill the same object again without allocating. A ClaimSink
  // may hand back a recycled claim this way (see ClaimSink::on_claim).
  void reset();
  // Earliest service date of any line. REQUIRES: !lines.empty().
  Date earliest_date() const;
};

}  // namespace perdiem
