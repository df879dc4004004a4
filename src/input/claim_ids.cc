// ClaimIdTracker: duplicate claim ids across a run, in bounded memory.
#include <fmt/format.h>

#include <functional>

#include "perdiem/input.h"

namespace perdiem {
namespace {

std::string printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < 40; ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    out += (u < 0x20 || u >= 0x7f || s[i] == '"') ? '?' : s[i];
  }
  if (s.size() > 40) out += "...";
  return out;
}

}  // namespace

bool ClaimIdTracker::note(Claim& claim) {
  if (claim.claim_id.empty()) return false;
  const uint64_t key = std::hash<std::string_view>{}(claim.claim_id);
  const auto it = seen_.find(key);
  if (it != seen_.end()) {
    const Place& first = it->second;
    std::string where = files_[first.file];
    if (first.segment != 0) where += fmt::format(", segment {}", first.segment);
    where += fmt::format(", byte {}", first.offset);
    std::string why;
    if (claim.frequency == "7" || claim.frequency == "8")
      why = fmt::format(" (this claim's frequency code {} says it replaces or voids a claim)",
                        claim.frequency);
    Problem p;
    p.severity = Severity::kWarning;
    p.element = "claim_id";
    p.segment = claim.source.segment;
    p.offset = claim.source.offset;
    p.message = fmt::format(
        "claim id \"{}\" was already used by the claim at {}{}; both claims are reported",
        printable(claim.claim_id), where, why);
    claim.problems.push_back(std::move(p));
    return false;
  }
  if (seen_.size() >= kMaxIds) {
    const bool first_time = !full_;
    full_ = true;
    return first_time;
  }
  if (files_.empty() || files_.back() != claim.file) files_.emplace_back(claim.file);
  seen_.emplace(key, Place{static_cast<uint32_t>(files_.size() - 1), claim.source.segment,
                           claim.source.offset});
  return false;
}

}  // namespace perdiem
