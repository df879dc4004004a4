// The line facts (facts.h): each fact's declaration of the pack data it
// reads, and Context::classify(), which derives them for every line of a
// claim before the first rule runs.
#include "rules/facts.h"

#include <algorithm>
#include <cstdlib>

#include "rules/compiled.h"

namespace perdiem::rules {

namespace {

using SV = std::string_view;

constexpr SV kDrugClassLists[] = {"non_drug_classes", "unlisted_drug_classes"};

constexpr SV kNocSets[] = {"noc_drug", "prescription_drug_noc"};
constexpr SV kNocLists[] = {"oral_keywords", "subcutaneous_keywords", "intramuscular_keywords",
                            "intravenous_keywords"};

constexpr SV kFlushSets[] = {"flush_noc", "heparin_lock_flush"};
constexpr SV kFlushLists[] = {"flush_keywords", "heparin_flush_keywords"};
constexpr SV kFlushClassLists[] = {"diluent_classes", "heparin_flush_classes"};

constexpr SV kProductSets[] = {"products", "supplies"};

constexpr SV kIvSolutionSets[] = {"iv_solutions"};
constexpr SV kIvSolutionClassLists[] = {"iv_solution_classes"};

constexpr SV kTpnSets[] = {"amino_acid", "parenteral_nutrition", "tpn_description_codes", "compounded_formula"};
constexpr SV kTpnLists[] = {"amino_acid_keywords",   "specialty_high_amino_acid_keywords",
                            "tpn_separate_keywords", "tpn_included_keywords",
                            "tpn_standard_multivitamin_keywords", "negation_words", "negating_suffixes"};
constexpr ParamSpec kTpnParams[] = {{"specialty_amino_acid_percent", Param::Type::kNumber}};

constexpr SV kClottingSets[] = {"clotting_factor"};

constexpr FactSpec kFacts[] = {
    {"drug", kFactDrug, {.class_lists = kDrugClassLists}},
    {"noc", kFactNoc, {.sets = kNocSets, .lists = kNocLists, .tables = kTableDescriptionClasses, .facts = kFactDrug}},
    {"flush", kFactFlush,
     {.sets = kFlushSets, .lists = kFlushLists, .class_lists = kFlushClassLists, .facts = kFactDrug}},
    {"product", kFactProduct, {.sets = kProductSets, .facts = kFactFlush}},
    {"iv-solution", kFactIvSolution,
     {.sets = kIvSolutionSets, .class_lists = kIvSolutionClassLists, .facts = kFactNoc | kFactFlush}},
    {"tpn", kFactTpn, {.sets = kTpnSets, .lists = kTpnLists, .params = kTpnParams, .facts = kFactNoc}},
    {"clotting", kFactClotting, {.sets = kClottingSets, .facts = kFactDrug}},
};

void lower_into(std::string& out, std::string_view s) {
  out.assign(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

// A TPN product's role read from its description (lower case), for a code
// that does not say. `compounded`: a compounded or premixed formula, read
// for its amino acid's strength only (never made separately payable by its
// words: "with insulin added" bills the insulin on its own line).
TpnRole tpn_from_description(const FactData& fd, std::string_view desc, bool compounded, TpnRole code_role,
                             bool& unstated) {
  const double threshold = static_cast<double>(fd.specialty_percent.raw()) / 1000.0;
  const double strength = amino_acid_strength(desc, fd.amino_acid_words, fd.component_words);
  if (compounded) return strength >= threshold ? TpnRole::kSpecialtyHigh : code_role;
  if (fd.amino_acid_words.found_in(desc)) {
    if (strength >= threshold || fd.specialty_high_words.found_in(desc)) return TpnRole::kSpecialtyHigh;
    if (fd.separate_words.found_in(desc)) return TpnRole::kSeparate;  // renal, hepatic, stress formulas
    unstated = strength < 0;
    return TpnRole::kIncluded;  // a standard amino acid (with no strength given: noted)
  }
  // A standard multivitamin is included though it holds vitamin K.
  if (fd.multivitamin_words.found_in(desc)) return TpnRole::kIncluded;
  if (fd.separate_words.found_in(desc)) return TpnRole::kSeparate;
  if (fd.included_words.found_in(desc)) return TpnRole::kIncluded;
  return code_role;
}

// Reads class and route from a NOC line's description (lower case).
void from_description(const FactData& fd, std::string_view desc_lower, std::string& padded, LineFacts& f) {
  padded.assign(1, ' ');
  padded += desc_lower;
  padded += ' ';
  for (const FactData::DescriptionClass& cls : fd.description_classes) {
    if (cls.keywords.found_in(padded)) {
      f.drug_class = cls.drug_class;
      break;
    }
  }
  uint16_t r = 0;
  if (fd.intravenous.found_in(padded)) r |= kRouteIV;
  if (fd.subcutaneous.found_in(padded)) r |= kRouteSC;
  if (fd.intramuscular.found_in(padded)) r |= kRouteIM;
  if (fd.oral.found_in(padded)) r |= kRouteOral;
  // The description fills in a route only where the code does not define
  // one: J8499/J8999 (oral) and J7699 (inhalation) stay what their code says.
  if (r && f.routes == 0) f.routes = r;
}

}  // namespace

std::span<const FactSpec> fact_specs() { return kFacts; }

void Context::classify() {
  const Compiled& cp = compiled;
  const FactData& fd = cp.fact;
  const uint32_t want = cp.facts;
  std::vector<LineFacts>& facts = scratch_.facts;
  facts.assign(size(), LineFacts{});
  facts_ = facts.data();
  // Days: the lines judged (those that do not end before the policy's
  // effective date: SPEC §4 Scope), cut into stretches.
  scratch_.reset_days(size());
  std::vector<DateSpan>& spans = scratch_.judged_spans;
  spans.clear();
  for (size_t i = 0; i < size(); ++i)
    if (claim.lines[i].dates.to >= judged_from_) spans.push_back(claim.lines[i].dates);
  scratch_.stretches.cut(spans);
  for (size_t i = 0; i < size(); ++i) {
    if (claim.lines[i].dates.to < judged_from_) continue;
    scratch_.billed[i] = scratch_.stretches.of(claim.lines[i].dates);
    scratch_.live[i] = scratch_.next_live[i] = scratch_.billed[i];
  }
  scratch_.pairings_snapshot = 0;
  changed_ = false;
  all_sets_ = 0;
  all_flags_ = 0;
  for (size_t i = 0; i < size(); ++i) {
    const ServiceLine& l = claim.lines[i];
    LineFacts& f = facts[i];
    f.key = code_key(l.code);
    // kFactDrug: the drug reference rows for the code and the NDC, with
    // their classes.
    const DrugInfo* by_code = nullptr;
    uint16_t code_class = 0;
    if (const CodeInfo* iv = lookup(f.key)) {
      f.sets = iv->sets;
      if (iv->family >= 0) f.family = &pack.families[static_cast<size_t>(iv->family)];
      by_code = iv->drug;
      code_class = iv->drug_class;
    }
    const Compiled::NdcRow* ndc_row = cp.ndc(l.ndc);
    const DrugInfo* by_ndc = ndc_row ? ndc_row->drug : nullptr;
    const uint16_t ndc_class = ndc_row ? ndc_row->drug_class : 0;
    f.ref = by_ndc ? by_ndc : by_code;
    f.ref_is_ndc = by_ndc != nullptr;
    const uint16_t ref_class = by_ndc ? ndc_class : code_class;
    if (f.ref) {
      if (!fd.unlisted.has(ref_class)) f.drug_class = ref_class;
      f.routes = f.ref->routes;
      f.tpn = f.ref->tpn;
      f.clotting = f.ref->clotting_factor;
    }
    // kFactNoc
    const bool noc = (want & kFactNoc) && (f.in(fd.noc_sets) || (by_code && fd.unlisted.has(code_class)));
    if (noc) f.flags |= kFlagNoc;
    // Only NOC, flush and nutrition lines read their description.
    std::string_view desc;
    if (noc || f.in(fd.flush_noc | fd.amino_acid | fd.parenteral_nutrition | fd.description_codes)) {
      lower_into(scratch_.desc, l.description);
      desc = scratch_.desc;
    }
    if (noc && !by_ndc && !desc.empty()) from_description(fd, desc, scratch_.padded, f);
    // kFactClotting
    if (f.in(fd.clotting_factor)) f.clotting = true;

    // kFactFlush: flushes and diluents billed on NOC drug lines are supplies.
    if (want & kFactFlush) {
      if (f.in(fd.flush_noc)) {
        const bool ndc_flush = by_ndc && (fd.diluent_classes.has(ndc_class) || fd.heparin_flush_classes.has(ndc_class));
        const bool desc_flush = !by_ndc && fd.flush_keywords.found_in(desc);
        if (ndc_flush || desc_flush) f.flags |= kFlagFlush;
        if ((by_ndc && fd.heparin_flush_classes.has(ndc_class)) ||
            (!by_ndc && fd.heparin_flush_keywords.found_in(desc)))
          f.flags |= kFlagHeparinFlush;
      }
      if (f.in(fd.heparin_lock_flush) || (f.ref && fd.heparin_flush_classes.has(ref_class)))
        f.flags |= kFlagHeparinFlush;
    }

    // kFactTpn, in the SPEC's order: the code's row when the code says;
    // else a known NDC's row; else, for a code that does not say, its
    // description. A description never overrides a code or a known NDC.
    if (want & kFactTpn) {
      const TpnRole code_role = by_code ? by_code->tpn : TpnRole::kNone;
      const TpnRole ndc_role = by_ndc ? by_ndc->tpn : TpnRole::kNone;
      const bool describe = f.in(fd.description_codes) || noc;
      if (!describe && code_role != TpnRole::kNone) f.tpn = code_role;
      else if (ndc_role != TpnRole::kNone) f.tpn = ndc_role;
      else if (describe && !desc.empty())
        f.tpn = tpn_from_description(fd, desc, f.in(fd.compounded), code_role, f.tpn_unstated);
      else f.tpn = code_role;
      // An amino acid of a code that does not say, with nothing to read.
      if (describe && desc.empty() && f.in(fd.amino_acid) && !by_ndc) f.tpn_unstated = true;
    }
    // kFactIvSolution: an IV solution billed on a NOC line (its NDC or
    // description says so) is treated like J7030-J7060: incidental to a
    // drug infusion unless hydration.
    if (want & kFactIvSolution) {
      if (f.in(fd.iv_solutions)) f.flags |= kFlagIvSolution;
      if (noc && !f.is(kFlagFlush) && fd.iv_solution_classes.has(f.drug_class)) f.flags |= kFlagIvSolution;
    }
    // kFactProduct
    if (f.in(fd.products) && !f.in(fd.supplies) && !f.is(kFlagFlush)) f.flags |= kFlagProduct;
    // A line that is not judged brings nothing into scope.
    if (scratch_.billed[i].any()) {
      all_sets_ |= f.sets;
      all_flags_ |= f.flags;
    }
  }
}

}  // namespace perdiem::rules
