// Line facts: what is derived once about each line, before any rule runs,
// from the pack's data (Context::classify, facts.cc). Which of the pack's
// sets a line's code is in, its per diem family and its drug reference row
// come from one look-up; the facts below are derived from them, each from
// the pack data it declares. A rule names the facts it reads
// (Needs::facts), and a pack must then hold what those facts read: a pack
// whose rules read no TPN fact needs no TPN keywords.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "rules/keywords.h"
#include "rules/rule.h"

namespace perdiem::rules {

enum Fact : uint32_t {
  // The drug reference: a line's class, routes, TPN role and clotting
  // factor from drugs.csv (by code) and ndc.csv (by NDC, which wins). Always
  // derived: every rule that looks at products reads it.
  kFactDrug = 1u << 0,
  // An unlisted (NOC) drug code: kFlagNoc, and its class and route read
  // from its description when no known NDC says them.
  kFactNoc = 1u << 1,
  // kFlagFlush / kFlagHeparinFlush: a saline, sterile water or heparin lock
  // flush, billed on a NOC line (its NDC or description says so) or under
  // the heparin lock flush code.
  kFactFlush = 1u << 2,
  // kFlagProduct: a product a per diem can pair with (the pack's products,
  // not a supply, not a flush).
  kFactProduct = 1u << 3,
  // kFlagIvSolution: an IV solution (the pack's set, or a NOC line whose
  // class is an IV solution).
  kFactIvSolution = 1u << 4,
  // LineFacts::tpn: how a parenteral nutrition product stands against a
  // TPN per diem (included, specialty, separate), in this order, first
  // answer wins: its code's row; its NDC's row, where the NDC table knows
  // it; then, only for codes that do not say (B4178, compounded formulas,
  // unlisted codes), its description.
  kFactTpn = 1u << 5,
  // LineFacts::clotting: a hemophilia or clotting factor product.
  kFactClotting = 1u << 6,
};

struct FactSpec {
  std::string_view id{};
  Fact fact{};
  Needs needs{};  // needs.facts: the facts it is derived from
};

// Every fact, in the order they are derived.
std::span<const FactSpec> fact_specs();

// What the facts read, resolved by compile() for the facts a pack needs.
struct FactData {
  // kFactDrug: the classes that stand for "unlisted" in the drug tables
  // (a row of such a class gives no class).
  ClassSet unlisted;
  // kFactNoc
  uint64_t noc_sets = 0;  // noc_drug | prescription_drug_noc
  struct DescriptionClass {
    uint16_t drug_class;
    Keywords keywords;
  };
  std::vector<DescriptionClass> description_classes;  // in the order they are tried
  Keywords oral, subcutaneous, intramuscular, intravenous;  // route keywords
  // kFactFlush
  uint64_t flush_noc = 0, heparin_lock_flush = 0;
  Keywords flush_keywords, heparin_flush_keywords;
  ClassSet diluent_classes, heparin_flush_classes;
  // kFactProduct
  uint64_t products = 0, supplies = 0;
  // kFactIvSolution
  uint64_t iv_solutions = 0;
  ClassSet iv_solution_classes;
  // kFactTpn (SPEC §4: how a TPN line is classed)
  uint64_t amino_acid = 0, parenteral_nutrition = 0;
  uint64_t description_codes = 0;  // codes that do not say: their description is read
  uint64_t compounded = 0;         // compounded or premixed formulas: read for the amino acid's strength only
  WordKeywords amino_acid_words, specialty_high_words, separate_words, included_words, multivitamin_words,
      component_words;
  std::vector<std::string> component_word_list;  // what component_words holds views of (filled once)
  Quantity specialty_percent;  // an amino acid this strong or stronger is specialty
  // kFactClotting
  uint64_t clotting_factor = 0;
};

}  // namespace perdiem::rules
