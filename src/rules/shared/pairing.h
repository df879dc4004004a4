// Pairing per diems with the products that correspond to them, day by day
// (SPEC §4, the therapy definition), shared by the rules that need it
// (per-diem-needs-drug, per-diem-units, concurrent-therapy-modifier and
// their notes). A rule that calls these declares what they read: the
// families table, the product and flush facts, and the SH/SJ modifier lists
// (kPairingTables, kPairingFacts, kPairingLists below).
//
// A therapy, on a day, is a payable per diem together with a corresponding
// product of its own that day. Per diems are matched to distinct products
// (a product is a distinct drug: its HCPCS code, or for an unlisted code
// its NDC, else its description), one per diem to one product, as many as
// can be matched, per diems taken in this order: those claiming no SH/SJ,
// then SH, then SJ, each group in line order. So two per diems of one
// family with one drug are one therapy: the one taken later has no product
// of its own. TPN (a family that needs no product) is a therapy on its own
// days. Catheter care (a family that needs a drug but is no concurrent
// therapy) needs a corresponding product that day but takes none.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/context.h"
#include "rules/facts.h"
#include "rules/rule.h"

namespace perdiem::rules {

constexpr uint32_t kPairingTables = kTableFamilies;
constexpr uint32_t kPairingFacts = kFactProduct | kFactFlush;
inline constexpr std::string_view kPairingLists[] = {"second_therapy_modifier", "third_therapy_modifier"};

// Does product line p correspond to per diem family f? Sets `unverified`
// when the pairing rests on an unknown drug class.
bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified);

// What the pairing found for a line: struct Pairing (context.h).

// The pairing of every line of the claim (index = line), on the days
// payable as the current stage began; kept while they stay the same.
// `incidental`: the incidental per diems' set (not per diems that pair);
// `second`, `third`: the SH and SJ modifier lists.
const std::vector<Pairing>& pairings(const Context& ctx, uint64_t incidental, const std::vector<std::string>& second,
                                     const std::vector<std::string>& third);

// The role a line's modifiers claim: 0 primary (none), 1 SH, 2 SJ.
int claimed_role(const ServiceLine& l, const std::vector<std::string>& second, const std::vector<std::string>& third);

}  // namespace perdiem::rules
