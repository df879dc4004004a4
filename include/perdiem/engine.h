// The engine: applies a policy pack to claims, line by line.
//
// An Engine is built once from a PackSet and is immutable: check() is const
// and THREAD-SAFE, so one Engine serves every thread. The rules run in the
// four stages of SPEC §4 (see docs/rules.md); a later stage sees only the
// lines an earlier stage left payable.
#pragma once

#include <memory>
#include <optional>

#include "perdiem/claim.h"
#include "perdiem/pack.h"
#include "perdiem/result.h"

namespace perdiem {

struct CheckOptions {
  // Apply the pack version in force on this date to every claim. Without it,
  // each claim gets the version in force on its earliest date of service.
  std::optional<Date> as_of;
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const PackSet> packs, CheckOptions options = {});

  // Checks one claim. A claim with read errors comes back `rejected`.
  ClaimResult check(const Claim& claim) const;
  // The same into `out`, replacing all it held but reusing its memory: its
  // vectors and strings keep their capacity (and the engine keeps, per
  // thread, the edits and notes it takes back), so refilling one result
  // claim after claim allocates next to nothing. `out` may be a result of
  // any earlier check, or new.
  void check(const Claim& claim, ClaimResult& out) const;

  const PackSet& packs() const { return *packs_; }
  // The pack reported in output headers: the as-of version, else the latest.
  const Pack& headline_pack() const;

 private:
  std::shared_ptr<const PackSet> packs_;
  CheckOptions options_;
};

}  // namespace perdiem
