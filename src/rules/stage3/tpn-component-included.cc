// tpn-component-included (stage 3): "The following products are included in
// the TPN Per Diem rate and are not separately reimbursable: Non-specialty
// amino acids ...; Concentrated dextrose ...; Sterile water; Electrolytes
// ...; Standard multi-trace element solutions ...; Standard multivitamin
// solutions ...; Added trace elements ..." Day by day: a product the tpn
// fact classes as included does not pass on the days a payable TPN per diem
// covers (it is bundled into it); its other days stay payable. An amino
// acid whose code does not say its strength (B4178), with none given in its
// description, is taken as standard, with a note.
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kTpnPerDiem, kPerDiem };
constexpr std::string_view kSets[] = {"tpn_per_diem", "per_diem"};
constexpr std::string_view kStarts[] = {"tpn_per_diem"};
constexpr std::string_view kKeys[] = {"default", "some_days"};
constexpr std::string_view kArgs[] = {"what", "other_line", "other_code"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || f.tpn != TpnRole::kIncluded || f.in(rule.set(kPerDiem))) continue;
    // The days payable TPN per diems cover, and the first of them.
    DaySet tpn;
    size_t t = static_cast<size_t>(-1);
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (j == i || !ctx.fact(j).in(rule.set(kTpnPerDiem)) || !ctx.meets(i, j)) continue;
      tpn |= ctx.live(j);
      if (t == static_cast<size_t>(-1)) t = j;
    }
    if (t == static_cast<size_t>(-1)) continue;
    ctx.judge(i, rule, ctx.live(i) - tpn, "default", "some_days",
              {{"what", ctx.what(i, ctx.text(0))}, {"other_line", ctx.line_ref(t)}, {"other_code", ctx.line(t).code}},
              remove_line_fix());
    // SPEC §4: B4178 with no strength given is included (a standard amino acid), with a note.
    if (f.tpn_unstated)
      ctx.note(i).append("No amino acid strength is given on the line: taken as a standard (below 15%) amino acid.");
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
