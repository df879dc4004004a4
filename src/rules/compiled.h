// The rules' look-up tables for one pack, built once when the pack loads:
// a code's set memberships, per diem family and drug reference row in one
// binary search, the rule functions of each stage resolved, and every named
// list, set and rule the rules read resolved from its name, so that checking
// a claim never looks anything up by string.
// Immutable after build; shared read-only by every thread.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/context.h"

namespace perdiem::rules {

struct StageRule {
  const RuleDef* def;
  RuleFn fn;
  uint32_t kinds;  // a claim with no line of these kinds is skipped (0: never)
};

// A rule's message template for one key, cut once into pieces of text and
// the names it fills in, with the RARCs that go with the key.
struct Message {
  enum class Part : uint8_t { kText, kLine, kCode, kDates, kUnits, kArg };
  struct Piece {
    Part part;
    std::string_view text;  // kText: the text; kArg: the argument's name
  };
  std::string_view key;
  std::string_view tmpl;  // as written
  std::vector<Piece> pieces;
  std::vector<std::string_view> rarc;
};

// A keyword list ready to search a text for: the keywords by first
// character, so that one pass over the text finds whether it contains any.
class Keywords {
 public:
  Keywords() = default;
  explicit Keywords(const std::vector<std::string>& words);
  // Some keyword occurs in `text`.
  bool found_in(std::string_view text) const;

 private:
  std::vector<std::string_view> words_;  // non-empty, by first character
  std::array<uint32_t, 257> first_{};    // words_ beginning with c: [first_[c], first_[c + 1])
};

struct Compiled {
  using List = std::vector<std::string>;

  // Tells this build from every other, also one at the same address later
  // (for caches kept beside it).
  uint64_t serial = 0;

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
    bool drug;  // is_drug_class(name)
  };
  std::vector<DrugClass> classes;
  // The classes the rules name.
  struct ClassIds {
    uint16_t noc, iv_solution, diluent, heparin_flush, anticoagulant, chemotherapy, osteoarthritis;
  } class_ids{};
  // Per family, parallel to Pack::families: by class, whether its products
  // correspond (the family's `classes`, "*" standing for every drug class).
  std::vector<std::vector<bool>> family_classes;
  std::vector<StageRule> stages[5];  // [1]..[4]
  // Each rule's messages, parallel to Pack::rules: one per key it has a
  // template or RARCs for, then the one for any other key (the default
  // template with the rule's RARCs).
  std::vector<std::vector<Message>> messages;

  // The pack's named lists the rules read (rules/catalogue.cc requires them).
  const List* home_place_of_service = nullptr;
  const List* qualified_professional_taxonomy = nullptr;
  const List* registered_nurse_taxonomy = nullptr;
  const List* second_therapy_modifier = nullptr;
  const List* third_therapy_modifier = nullptr;
  const List* oral_nutrition_modifier = nullptr;
  const List* fluid_restriction_diagnosis = nullptr;
  Keywords flush_keywords;
  Keywords heparin_flush_keywords;
  Keywords amino_acid_keywords;
  Keywords specialty_high_keywords;
  Keywords tpn_separate_keywords;
  Keywords tpn_included_keywords;
  Keywords oral_keywords;
  Keywords subcutaneous_keywords;
  Keywords intramuscular_keywords;
  Keywords intravenous_keywords;
  // [description_classes], in the order they are tried.
  struct DescriptionClass {
    uint16_t drug_class;
    Keywords keywords;
  };
  std::vector<DescriptionClass> description_classes;
  // The code nursing-add-on-needs-primary proposes to add.
  std::string_view first_nursing_primary;
  // anticoagulant-per-diem-for-flush, which per-diem-needs-drug gives way
  // to; nullptr when the pack does not have it.
  const RuleDef* flush_rule = nullptr;

  // The message of `rule` (one of pack's rules) for `key`.
  const Message& message(const Pack& pack, const RuleDef& rule, std::string_view key) const;
  // What the pack says about a code; nullptr for a code below every set.
  const CodeInfo* lookup(CodeKey k) const;
  // The ndc.csv row of an NDC, or nullptr.
  const NdcRow* ndc(std::string_view ndc) const;
};

// An NDC's key: its 11 digits as a number, with a marker bit above them; 0
// for anything that is not 11 digits (no ndc.csv row is).
uint64_t ndc_key(std::string_view ndc);

// REQUIRES: a pack that passed validation.
std::shared_ptr<const Compiled> compile(const Pack& pack);

}  // namespace perdiem::rules
