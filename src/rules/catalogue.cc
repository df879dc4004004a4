#include "rules/catalogue.h"

#include <array>

namespace perdiem {
namespace {

using SV = std::string_view;

constexpr std::array<SV, 4> kCommon = {"line", "code", "dates", "units"};

constexpr std::array<SV, 2> kPosKeys = {"default", "missing"};
constexpr std::array<SV, 1> kPosArgs = {"pos"};
constexpr std::array<SV, 3> kExclKeys = {"default", "oral_nutrition", "intradialytic"};
constexpr std::array<SV, 4> kExclArgs = {"what", "days", "other_line", "other_code"};
constexpr std::array<SV, 2> kSupplyKeys = {"default", "flush"};
constexpr std::array<SV, 1> kWhatArgs = {"what"};
constexpr std::array<SV, 1> kDefault = {"default"};
constexpr std::array<SV, 0> kNone = {};
constexpr std::array<SV, 1> kMissingArgs = {"missing"};
constexpr std::array<SV, 2> kNurseKeys = {"default", "missing"};
constexpr std::array<SV, 2> kNurseArgs = {"who", "taxonomy"};
constexpr std::array<SV, 1> kRouteArgs = {"route"};
constexpr std::array<SV, 4> kPairArgs = {"other_line", "other_code", "note", "days"};
constexpr std::array<SV, 3> kOtherArgs = {"other_line", "other_code", "days"};
constexpr std::array<SV, 1> kFamilyArgs = {"family"};
constexpr std::array<SV, 1> kFlushArgs = {"flush_lines"};
constexpr std::array<SV, 1> kCategoryArgs = {"category"};
constexpr std::array<SV, 3> kTpnArgs = {"what", "other_line", "other_code"};
constexpr std::array<SV, 3> kUnitsArgs = {"allowed", "covered", "family"};
constexpr std::array<SV, 3> kConcKeys = {"default", "missing", "absent"};
constexpr std::array<SV, 7> kConcArgs = {"day", "n", "claimed", "why", "open", "modifier", "fix_text"};

constexpr std::array<RuleSpec, 18> kSpecs = {{
    {"place-of-service-home", 1, kPosKeys, kPosArgs},
    {"excluded-drug-type", 1, kExclKeys, kExclArgs},
    {"supply-bundled", 1, kSupplyKeys, kWhatArgs},
    {"incidental-per-diem", 1, kDefault, kNone},
    {"unlisted-drug-detail", 1, kDefault, kMissingArgs},
    {"nursing-visit-professional", 1, kNurseKeys, kNurseArgs},
    {"injectable-needs-iv-or-nurse", 2, kDefault, kRouteArgs},
    {"mutually-exclusive-per-diem", 3, kDefault, kPairArgs},
    {"hourly-pharmacy-with-per-diem", 3, kDefault, kOtherArgs},
    {"per-diem-needs-drug", 3, kDefault, kFamilyArgs},
    {"anticoagulant-per-diem-for-flush", 3, kDefault, kFlushArgs},
    {"visit-needs-drug", 3, kDefault, kCategoryArgs},
    {"nursing-add-on-needs-primary", 3, kDefault, kNone},
    {"tpn-component-included", 3, kDefault, kTpnArgs},
    {"specialty-amino-acid-necessity", 3, kDefault, kWhatArgs},
    {"iv-solution-incidental", 3, kDefault, kOtherArgs},
    {"per-diem-units", 4, kDefault, kUnitsArgs},
    {"concurrent-therapy-modifier", 4, kConcKeys, kConcArgs},
}};

constexpr SV kSets[] = {
    "per_diem", "incidental_per_diem", "catheter_care_per_diem", "tpn_per_diem",
    "hydration_per_diem", "dialysis_per_diem", "hourly_pharmacy", "nursing_visit",
    "nursing_primary", "nursing_add_on", "professional_visit", "visit_other_iv",
    "visit_subcutaneous", "visit_chemotherapy", "office_started_chemotherapy", "supplies",
    "flush_noc", "iv_solutions", "noc_drug", "prescription_drug_noc", "clotting_factor",
    "enteral_formula", "parenteral_nutrition", "amino_acid", "products",
    "anticoagulant_injection_per_diem", "heparin_lock_flush"};

constexpr SV kLists[] = {
    "home_place_of_service", "qualified_professional_taxonomy", "registered_nurse_taxonomy",
    "second_therapy_modifier", "third_therapy_modifier", "oral_nutrition_modifier",
    "fluid_restriction_diagnosis", "flush_keywords", "heparin_flush_keywords",
    "specialty_high_amino_acid_keywords", "amino_acid_keywords", "tpn_separate_keywords",
    "tpn_included_keywords", "oral_keywords", "subcutaneous_keywords", "intramuscular_keywords",
    "intravenous_keywords"};

}  // namespace

std::span<const std::string_view> common_message_args() { return kCommon; }
std::span<const RuleSpec> rule_specs() { return kSpecs; }
const RuleSpec* find_rule_spec(std::string_view id) {
  for (const auto& s : kSpecs)
    if (s.id == id) return &s;
  return nullptr;
}
std::span<const std::string_view> required_sets() { return kSets; }
std::span<const std::string_view> required_lists() { return kLists; }

}  // namespace perdiem
