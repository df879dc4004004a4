// Rule id -> function. The ids and stages are listed in rules/catalogue.cc.
#include "rules/stages.h"

namespace perdiem::rules {

const RuleEntry* find_rule(std::string_view id) {
  // The kinds are the lines each rule starts from (the `i` of its loop); a
  // rule that starts from none of a claim's lines cannot add an edit to it.
  static constexpr RuleEntry kTable[] = {
      {"place-of-service-home", place_of_service_home, kHomeInfusionService},
      {"excluded-drug-type", excluded_drug_type, 0},  // also any line the drug reference knows
      {"supply-bundled", supply_bundled, kSupply | kFlush},
      {"incidental-per-diem", incidental_per_diem, kIncidental},
      {"unlisted-drug-detail", unlisted_drug_detail, kNocDrug | kRxNoc},
      {"nursing-visit-professional", nursing_visit_professional, kNursingVisit},
      {"injectable-needs-iv-or-nurse", injectable_needs_iv_or_nurse, kProduct},
      {"mutually-exclusive-per-diem", mutually_exclusive_per_diem, kExclusive},
      {"hourly-pharmacy-with-per-diem", hourly_pharmacy_with_per_diem, kHourlyPharmacy},
      {"per-diem-needs-drug", per_diem_needs_drug, kPerDiem},
      {"anticoagulant-per-diem-for-flush", anticoagulant_per_diem_for_flush, kAnticoagInjection},
      {"visit-needs-drug", visit_needs_drug, kProfessionalVisit},
      {"nursing-add-on-needs-primary", nursing_add_on_needs_primary, kNursingAddOn},
      // These two edit a product only beside a TPN per diem.
      {"tpn-component-included", tpn_component_included, kTpnPerDiem},
      {"specialty-amino-acid-necessity", specialty_amino_acid_necessity, kTpnPerDiem},
      {"iv-solution-incidental", iv_solution_incidental, kIvSolution},
      {"per-diem-units", per_diem_units, kPerDiem},
      {"concurrent-therapy-modifier", concurrent_therapy_modifier, kPerDiem},
  };
  for (const auto& e : kTable)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace perdiem::rules
