// One round of fixing a claim (perdiem/fix.h): the mechanical fixes of its
// check applied to a copy of the claim, line by line, with the changes
// made. Private to the fix session.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "perdiem/claim.h"
#include "perdiem/fix.h"
#include "perdiem/result.h"

namespace perdiem::fix {

// A claim as corrected so far: the claim, and for each of its lines the
// index of the line of the input claim it comes from. Its text views point
// into the input, into the input claim's arena, or (what a fix changed:
// modifiers and places of service) into its own arena.
struct Corrected {
  Claim claim;
  std::vector<uint32_t> origin;
};

// Starts `out` as an unchanged copy of `in` (the claim as read).
void start(const Claim& in, Corrected& out);

// What one round did.
struct Round {
  bool changed = false;       // some fix was applied
  bool all_removed = false;   // every line would have gone: nothing applied
};

// Applies to `in` (a claim as corrected so far) the fixes of `result` (its
// check) that can be applied, into `out` (which must not be `in`). Every
// change made is appended to `changes` (round `round`, lines numbered as
// the input claim `sent` numbers them).
Round apply(const Corrected& in, const ClaimResult& result, uint32_t round, Corrected& out,
            std::vector<FixChange>& changes);

// The line's charge for `units` at its own unit price (charge / units),
// rounded to the cent, halves away from zero. A line of 0 units keeps its
// charge.
Money charge_for(const ServiceLine& line, Quantity units);

// The billed state of a line of `claim` (its place of service: its own, or
// the claim's).
BilledLine billed(const Claim& claim, const ServiceLine& line);

// A fix `apply` carries out (SPEC §6, "Applied"), as the kind says; pieces
// and modifiers are judged when applied.
bool applicable_kind(Fix::Kind k);

}  // namespace perdiem::fix
