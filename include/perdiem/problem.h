// Problem: why a claim (or a whole input) could not be read.
//
// A problem is a result, not an exception: readers collect problems and keep
// going. Every problem says where it is: the 1-based segment number (X12) or
// line number (NDJSON), the 0-based byte offset into the input, and for X12
// the element position. Messages never quote member data (names, ids, dates
// of birth); they name the segment, element and position instead.
#pragma once

#include <cstdint>
#include <string>

namespace perdiem {

enum class Severity : uint8_t {
  kError,    // the claim (or input) is rejected
  kWarning,  // reported, nothing rejected (e.g. an SE01 count mismatch)
};

struct Problem {
  Severity severity = Severity::kError;
  std::string message;     // plain words, no member data
  uint64_t segment = 0;    // 1-based segment number in the file (X12); NDJSON: line number; 0 = n/a
  uint64_t offset = 0;     // 0-based byte offset of the segment/value in the input
  std::string element;     // X12 element reference such as "SV104", or JSON field path; may be empty
};

}  // namespace perdiem
