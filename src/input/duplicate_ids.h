// Duplicate claim ids on the way from a reader to a sink. Private to the
// engine library: read_input() and the pipeline's pieces use it.
#pragma once

#include <fmt/format.h>

#include <utility>

#include "perdiem/input.h"

namespace perdiem {

// The file problem said once when the tracker is full, at `claim`.
inline Problem tracker_full(const Claim& claim) {
  Problem p;
  p.severity = Severity::kWarning;
  p.offset = claim.source.offset;
  p.segment = claim.source.segment;
  p.message = fmt::format(
      "more than {} distinct claim ids were read; duplicate claim ids are looked for among the "
      "first {} only",
      ClaimIdTracker::kMaxIds, ClaimIdTracker::kMaxIds);
  return p;
}

// Looks for duplicate claim ids (ReadLimits::claim_ids) on the way to the sink.
// It holds each claim back until the next one arrives (or flush()), having
// asked the cache for its id's table slot, so the look-up does not wait for
// memory. What the next sink sees, and in what order, is unchanged.
class DuplicateIdSink : public ClaimSink {
 public:
  DuplicateIdSink(ClaimSink& next, ClaimIdTracker& ids) : next_(next), ids_(ids) {}
  void on_claim(Claim&& c) override {
    const uint64_t hash = ClaimIdTracker::hash_of(c.claim_id);
    ids_.prefetch(hash);
    flush();
    // The reader gets back what held_ had (a spent claim or an empty one)
    // and resets it, as ClaimSink allows.
    std::swap(held_, c);
    held_hash_ = hash;
    holding_ = true;
  }
  void on_file_problem(const Problem& p) override {
    flush();
    next_.on_file_problem(p);
  }
  // Hands over the claim held back.
  void flush() {
    if (!holding_) return;
    holding_ = false;
    if (ids_.note(held_, held_hash_)) next_.on_file_problem(tracker_full(held_));
    next_.on_claim(std::move(held_));
  }

 private:
  ClaimSink& next_;
  ClaimIdTracker& ids_;
  Claim held_;
  uint64_t held_hash_ = 0;
  bool holding_ = false;
};

}  // namespace perdiem
