// Pairing per diems with the products that correspond to them, shared by
// the rules that need it (per-diem-needs-drug, per-diem-units and their
// notes). A rule that calls these declares what they read: the families
// table and the product and flush facts (kPairingNeeds below, or-ed into
// its Needs::tables and Needs::facts).
#pragma once

#include <cstddef>

#include "rules/context.h"
#include "rules/facts.h"
#include "rules/rule.h"

namespace perdiem::rules {

constexpr uint32_t kPairingTables = kTableFamilies;
constexpr uint32_t kPairingFacts = kFactProduct | kFactFlush;

// Does product line p correspond to per diem family f? Sets `unverified`
// when the pairing rests on an unknown drug class.
bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified);

// The days of per diem i that have a corresponding payable product, the
// products that give them (for notes) and whether a pairing rests on an
// unknown drug class. Valid until the next call; kept while what is
// payable stays the same.
const Scratch::Coverage& covered_days(const Context& ctx, size_t i);

}  // namespace perdiem::rules
