// The corrected JSON and NDJSON claim (perdiem/fix.h, WHAT IS KEPT): a
// changed claim's object rewritten member by member, so that what fix does
// not change (unknown members too, and the sender's layout around them)
// stays as written. Private to the fix session.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fix/plan.h"
#include "perdiem/claim.h"

namespace perdiem::fix {

// One member of a JSON object: its key (as written, without its quotes)
// and the bytes of its value.
struct Member {
  std::string_view key;
  size_t value_begin = 0, value_end = 0;  // offsets into the object's text
};

// The members of the object `text` (which begins with '{'). REQUIRES: valid
// JSON (the reader accepted it).
std::vector<Member> members(std::string_view text);

// Appends the corrected claim `fixed` of `sent` (read from `input`) to `out`.
void write_json_claim(std::string_view input, const Claim& sent, const Corrected& fixed, std::string& out);

}  // namespace perdiem::fix
