// Rule id -> function. The ids and stages are listed in rules/catalogue.cc.
#include "rules/stages.h"

namespace perdiem::rules {

RuleFn find_rule_fn(std::string_view id) {
  struct Entry {
    std::string_view id;
    RuleFn fn;
  };
  static constexpr Entry kTable[] = {
      {"place-of-service-home", place_of_service_home},
      {"excluded-drug-type", excluded_drug_type},
      {"supply-bundled", supply_bundled},
      {"incidental-per-diem", incidental_per_diem},
      {"unlisted-drug-detail", unlisted_drug_detail},
      {"nursing-visit-professional", nursing_visit_professional},
      {"injectable-needs-iv-or-nurse", injectable_needs_iv_or_nurse},
      {"mutually-exclusive-per-diem", mutually_exclusive_per_diem},
      {"hourly-pharmacy-with-per-diem", hourly_pharmacy_with_per_diem},
      {"per-diem-needs-drug", per_diem_needs_drug},
      {"anticoagulant-per-diem-for-flush", anticoagulant_per_diem_for_flush},
      {"visit-needs-drug", visit_needs_drug},
      {"nursing-add-on-needs-primary", nursing_add_on_needs_primary},
      {"tpn-component-included", tpn_component_included},
      {"specialty-amino-acid-necessity", specialty_amino_acid_necessity},
      {"iv-solution-incidental", iv_solution_incidental},
      {"per-diem-units", per_diem_units},
      {"concurrent-therapy-modifier", concurrent_therapy_modifier},
  };
  for (const auto& e : kTable)
    if (e.id == id) return e.fn;
  return nullptr;
}

}  // namespace perdiem::rules
