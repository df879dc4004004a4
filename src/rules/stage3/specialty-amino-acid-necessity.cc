// specialty-amino-acid-necessity (stage 3): "Specialty amino acids with
// concentrations of 15% and above when medically necessary for fluid
// restricted patients (e.g., Aminosyn 15%, Clinisol 15%, Novamine 15%,
// Prosol 20%, Plenamine 15%)" are billed apart from the TPN per diem. Such a
// product beside a payable TPN per diem, on a claim with no diagnosis of
// the pack's fluid restriction list, is pended for medical necessity.
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kTpnPerDiem };
constexpr std::string_view kSets[] = {"tpn_per_diem"};
enum { kFluidRestriction };
constexpr std::string_view kLists[] = {"fluid_restriction_diagnosis"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"what"};

void check(Context& ctx, const Rule& rule) {
  int restricted = -1;  // the diagnoses are read only when a line needs them
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || f.tpn != TpnRole::kSpecialtyHigh) continue;
    if (restricted < 0) {
      restricted = 0;
      for (std::string_view dx : ctx.claim.diagnoses)
        if (has_prefix(dx, rule.list(kFluidRestriction))) restricted = 1;
    }
    if (restricted) continue;
    bool with_tpn = false;
    for (size_t t = 0; t < ctx.size() && !with_tpn; ++t)
      with_tpn = t != i && ctx.fact(t).in(rule.set(kTpnPerDiem)) && ctx.meets(i, t);
    if (!with_tpn) continue;
    ctx.edit(i, rule, "default", {{"what", ctx.what(i, ctx.text(0))}});
  }
}

}  // namespace

extern const RuleSpec rule_specialty_amino_acid_necessity;
const RuleSpec rule_specialty_amino_acid_necessity = {
    .id = "specialty-amino-acid-necessity",
    .stage = 3,
    .needs = {.sets = kSets, .lists = kLists, .facts = kFactTpn},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .check = check,
};

}  // namespace perdiem::rules
