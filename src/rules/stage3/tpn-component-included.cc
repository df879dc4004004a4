// tpn-component-included (stage 3): "The following products are included in
// the TPN Per Diem rate and are not separately reimbursable: Non-specialty
// amino acids ...; Concentrated dextrose ...; Sterile water; Electrolytes
// ...; Standard multi-trace element solutions ...; Standard multivitamin
// solutions ...; Added trace elements ..." A product the tpn fact classes as
// included, on a day a payable TPN per diem covers, is bundled into it.
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kTpnPerDiem, kPerDiem };
constexpr std::string_view kSets[] = {"tpn_per_diem", "per_diem"};
constexpr std::string_view kStarts[] = {"tpn_per_diem"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"what", "other_line", "other_code"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || f.tpn != TpnRole::kIncluded || f.in(rule.set(kPerDiem))) continue;
    // The first payable TPN per diem that shares its days.
    size_t t = 0;
    while (t < ctx.size() && !(ctx.payable(t) && ctx.fact(t).in(rule.set(kTpnPerDiem)) && ctx.overlaps(i, t))) ++t;
    if (t == ctx.size()) continue;
    ctx.edit(i, rule, "default",
             {{"what", ctx.what(i, ctx.text(0))}, {"other_line", ctx.line_ref(t)}, {"other_code", ctx.line(t).code}},
             remove_line_fix());
  }
}

}  // namespace

extern const RuleSpec rule_tpn_component_included;
const RuleSpec rule_tpn_component_included = {
    .id = "tpn-component-included",
    .stage = 3,
    .needs = {.sets = kSets, .facts = kFactTpn},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
