// Arena storage for claim text, and small claim helpers.
#include <algorithm>
#include <cstring>

#include "perdiem/claim.h"

namespace perdiem {

std::string_view Arena::copy(std::string_view s) {
  if (s.empty()) return {};
  if (cap_ - used_ < s.size()) {
    // Small first chunk (most claims need little), larger ones after; not
    // zero-filled, since every byte handed out is written first.
    const size_t size = std::max<size_t>(chunks_.empty() ? 512 : 8192, s.size());
    chunks_.push_back(std::unique_ptr<char[]>(new char[size]));
    used_ = 0;
    cap_ = size;
  }
  char* dst = chunks_.back().get() + used_;
  std::memcpy(dst, s.data(), s.size());
  used_ += s.size();
  return {dst, s.size()};
}

void Arena::reset() {
  if (chunks_.size() > 1) {
    // Keep the largest chunk: the first is the small one.
    std::swap(chunks_.front(), chunks_.back());
    chunks_.resize(1);
  }
  used_ = 0;
  cap_ = chunks_.empty() ? 0 : cap_;
}

void Claim::reset() {
  claim_id = member_id = place_of_service = frequency = {};
  billing_taxonomy = rendering_taxonomy = file = {};
  total_charge = Money{};
  diagnoses.clear();
  lines.clear();
  problems.clear();
  source = SourceRef{};
  span = ByteSpan{};
  x12 = X12Claim{};
  arena.reset();
}

Date Claim::earliest_date() const {
  Date d = lines.front().dates.from;
  for (const auto& l : lines) d = std::min(d, l.dates.from);
  return d;
}

}  // namespace perdiem
