// A pack compiled against the engine's rules: what checking a claim looks
// up, resolved once so that a check never looks anything up by name.
//
// compile() checks that the rules a pack lists exist and that the pack has
// every set, list, parameter and table those rules and the line facts they
// read declare (rule.h, facts.h); cuts the code space into intervals so
// that one search gives a code's every set (as bits), its per diem family
// and its drug row; numbers the drug classes; binds each rule (its sets as
// bits, its lists, parameters and messages) and orders them by stage; and
// reports, as warnings, pack data that nothing the pack applies reads.
//
// A Compiled is immutable after compile() and shared read-only by every
// thread, beside the Pack it was compiled from (PackSet keeps both).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/facts.h"
#include "rules/rule.h"

namespace perdiem::rules {

struct Compiled {
  // Tells this build from every other, also one at the same address later
  // (for caches kept beside it).
  uint64_t serial = 0;

  // The bit of each set that something reads (at most 64 sets).
  std::map<std::string, uint64_t, std::less<>> set_bits;
  uint64_t bit(std::string_view set) const {
    auto it = set_bits.find(set);
    return it == set_bits.end() ? 0 : it->second;
  }
  // The lines that bring a claim into scope (Pack::scope).
  uint64_t scope = 0;
  // The codes that are the first of some [[exclusive]] pair, as one more
  // set bit (0 when no rule reads the pairs).
  uint64_t exclusive_first = 0;

  // Disjoint code intervals [starts[i], starts[i + 1]) and what the pack
  // says about every code in interval i. A drug row's code is an interval
  // of its own.
  std::vector<CodeKey> starts;  // sorted; apart, so that the search reads only keys
  std::vector<CodeInfo> intervals;
  // ndc.csv rows by ndc_key(), sorted.
  struct NdcRow {
    uint64_t key;
    const DrugInfo* drug;
    uint16_t drug_class;  // of `drug`
  };
  std::vector<NdcRow> ndcs;

  // Drug classes, numbered once so that rules compare numbers, not names:
  // a line's class is an index into `classes`, 0 (the empty name) when it
  // is not known.
  struct DrugClass {
    std::string_view name;
    bool drug;  // a drug (not in the pack's non_drug_classes)
  };
  std::vector<DrugClass> classes;
  std::map<std::string_view, uint16_t> class_index;
  // Per family, parallel to Pack::families: by class, whether its products
  // correspond (the family's `classes`, "*" standing for every drug class).
  std::vector<std::vector<bool>> family_classes;

  // The line facts the pack's rules read (Fact bits, with what they read
  // in turn), and their data.
  uint32_t facts = 0;
  FactData fact;

  // The rules the pack lists, bound; parallel to Pack::rules.
  std::vector<Rule> rules;
  // Those of each stage, in the pack's order; [1]..[4].
  std::vector<const Rule*> stages[5];
  // Those of each stage that replace other rules (their edits are settled
  // when the stage is done), and those with notes, in the pack's order.
  std::vector<const Rule*> replacing[5];
  std::vector<const Rule*> with_notes;

  // What the pack says about a code; nullptr for a code below every set.
  const CodeInfo* lookup(CodeKey k) const;
  // The ndc.csv row of an NDC, or nullptr.
  const NdcRow* ndc(std::string_view ndc) const;
  // The bound rule of one of the pack's rules.
  const Rule& rule(const Pack& pack, const RuleDef& def) const {
    return rules[static_cast<size_t>(&def - pack.rules.data())];
  }
};

// An NDC's key: its 11 digits as a number, with a marker bit above them; 0
// for anything that is not 11 digits (no ndc.csv row is).
uint64_t ndc_key(std::string_view ndc);

// Compiles `pack` against the rule registry. On failure returns nullptr
// and appends every mistake to `errors` (file and line of the pack); what
// is not wrong but read by nothing goes to `warnings`. Also sets each of
// the pack's RuleDef::stage to its rule's (the one change made to `pack`).
std::shared_ptr<const Compiled> compile(Pack& pack, std::vector<PackError>& errors,
                                        std::vector<PackError>& warnings);

}  // namespace perdiem::rules
