// iv-solution-incidental (stage 3): "J7030 – J7060 Iv solutions, separate
// billing is dependent on whether incidental to a drug infusion (keeping a
// line open) or whether prescribed for medical condition i.e., hydration.
// (dependent on concurrent use)". Day by day: an IV solution does not pass
// on a day a payable per diem covers unless one of that day's per diems is
// a hydration per diem (it is bundled into the drug infusion's).
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem, kHydration };
constexpr std::string_view kSets[] = {"per_diem", "hydration_per_diem"};
constexpr std::string_view kKeys[] = {"default", "some_days"};
constexpr std::string_view kArgs[] = {"other_line", "other_code", "days"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).is(kFlagIvSolution)) continue;
    // The days a payable per diem covers, and those a hydration one does.
    DaySet per_diem, hydration;
    size_t first = static_cast<size_t>(-1);
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (j == i || !ctx.fact(j).in(rule.set(kPerDiem)) || !ctx.meets(i, j)) continue;
      if (ctx.fact(j).in(rule.set(kHydration))) hydration |= ctx.live(j);
      else if (first == static_cast<size_t>(-1)) first = j;
      per_diem |= ctx.live(j);
    }
    if (first == static_cast<size_t>(-1)) continue;
    ctx.judge(i, rule, ctx.live(i) - (per_diem - hydration), "default", "some_days",
              {{"other_line", ctx.line_ref(first)}, {"other_code", ctx.line(first).code},
               {"days", overlap_text(ctx, i, first)}},
              remove_line_fix());
  }
}

}  // namespace

extern const RuleSpec rule_iv_solution_incidental;
const RuleSpec rule_iv_solution_incidental = {
    .id = "iv-solution-incidental",
    .stage = 3,
    .needs = {.sets = kSets, .facts = kFactIvSolution},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from_flags = kFlagIvSolution,
    .check = check,
};

}  // namespace perdiem::rules
