#include "rules/compiled.h"

#include <algorithm>

namespace perdiem::rules {

uint32_t Compiled::lookup(CodeKey k, const Pack& pack, const Family** family) const {
  *family = nullptr;
  if (k == 0 || intervals.empty()) return 0;
  auto it = std::upper_bound(intervals.begin(), intervals.end(), k,
                             [](CodeKey key, const Interval& iv) { return key < iv.lo; });
  if (it == intervals.begin()) return 0;
  --it;
  if (it->family >= 0) *family = &pack.families[static_cast<size_t>(it->family)];
  return it->kinds;
}

std::shared_ptr<const Compiled> compile(const Pack& pack) {
  auto c = std::make_shared<Compiled>();
  struct Bit {
    const char* set;
    uint32_t kind;
  };
  static constexpr Bit kBits[] = {
      {"per_diem", kPerDiem},
      {"incidental_per_diem", kIncidental},
      {"catheter_care_per_diem", kCatheterCare},
      {"tpn_per_diem", kTpnPerDiem},
      {"hydration_per_diem", kHydrationPerDiem},
      {"dialysis_per_diem", kDialysisPerDiem},
      {"hourly_pharmacy", kHourlyPharmacy},
      {"nursing_primary", kNursingPrimary},
      {"nursing_add_on", kNursingAddOn},
      {"professional_visit", kProfessionalVisit},
      {"visit_other_iv", kVisitOtherIv},
      {"visit_subcutaneous", kVisitSubcutaneous},
      {"visit_chemotherapy", kVisitChemotherapy},
      {"supplies", kSupply},
      {"iv_solutions", kIvSolution},
      {"noc_drug", kNocDrug},
      {"prescription_drug_noc", kRxNoc},
      {"products", kProduct},
      {"enteral_formula", kEnteralFormula},
      {"parenteral_nutrition", kParenteralNutrition},
      {"clotting_factor", kClottingFactor},
      {"heparin_lock_flush", kHeparinFlush},
      {"amino_acid", kAminoAcid},
      {"anticoagulant_injection_per_diem", kAnticoagInjection},
  };

  // Every place where some set or family starts or stops holding codes.
  std::vector<CodeKey> bounds;
  auto add_bounds = [&](const CodeSet& s) {
    for (const auto& r : s.ranges()) {
      bounds.push_back(r.lo);
      bounds.push_back(r.hi + 1);
    }
  };
  for (const Bit& b : kBits) add_bounds(pack.set(b.set));
  for (const Family& f : pack.families) add_bounds(f.per_diem);
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

  for (CodeKey b : bounds) {
    Compiled::Interval iv{b, 0, -1};
    for (const Bit& bit : kBits)
      if (pack.set(bit.set).contains_key(b)) iv.kinds |= bit.kind;
    for (size_t f = 0; f < pack.families.size(); ++f)
      if (pack.families[f].per_diem.contains_key(b)) {
        iv.family = static_cast<int32_t>(f);
        break;
      }
    if (!c->intervals.empty() && c->intervals.back().kinds == iv.kinds && c->intervals.back().family == iv.family)
      continue;  // same as the interval before: extend it
    c->intervals.push_back(iv);
  }

  for (const RuleDef& r : pack.rules)
    if (r.stage >= 1 && r.stage <= 4)
      if (RuleFn fn = find_rule_fn(r.id)) c->stages[r.stage].push_back({&r, fn});

  c->flush_keywords = &pack.list("flush_keywords");
  c->heparin_flush_keywords = &pack.list("heparin_flush_keywords");
  c->amino_acid_keywords = &pack.list("amino_acid_keywords");
  c->specialty_high_keywords = &pack.list("specialty_high_amino_acid_keywords");
  c->tpn_separate_keywords = &pack.list("tpn_separate_keywords");
  c->tpn_included_keywords = &pack.list("tpn_included_keywords");
  c->flush_noc = &pack.set("flush_noc");
  return c;
}

}  // namespace perdiem::rules
