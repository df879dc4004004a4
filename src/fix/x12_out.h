// The corrected 837P (perdiem/fix.h, WHAT IS KEPT): a changed claim
// written from its input bytes with only its CLM, LX, SV1 and DTP*472
// segments rewritten, and the bytes between claims copied with SE01
// recounted where a claim of the transaction set changed its number of
// segments. Private to the fix session.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fix/plan.h"
#include "perdiem/claim.h"

namespace perdiem::fix {

// Appends the corrected claim `fixed` of `sent` (read from `input`) to
// `out`. Returns how many segments more (or fewer) it has than `sent`.
int64_t write_x12_claim(std::string_view input, const Claim& sent, const Corrected& fixed, std::string& out);

// The bytes between claims, copied; an SE whose transaction set changed
// its number of segments gets SE01 recounted.
class SeRecount {
 public:
  // A claim of the transaction set whose ST is at `st_offset` has `delta`
  // more segments; its SE is in bytes copied later, read with `delims`.
  void changed(uint64_t st_offset, int64_t delta, const X12Delimiters& delims);
  // Appends input[from, to) to `out`, recounting the SE01 it finds while a
  // change is owed.
  void copy(std::string_view input, uint64_t from, uint64_t to, std::string& out);
  // Transaction sets whose SE was never found (damaged input): SE01 left.
  uint64_t unfound() const { return owed_.size(); }

 private:
  std::map<uint64_t, int64_t> owed_;  // by ST offset
  uint64_t current_st_ = 0;           // the ST of the claims seen last
  X12Delimiters delims_;
};

}  // namespace perdiem::fix
