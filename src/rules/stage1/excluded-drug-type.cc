// excluded-drug-type (stage 1): "Oral drugs, including oral nutrition;
// inhaled drugs; topical medications; osteoarthritis drugs; and
// Intradialytic Total Parental Nutrition are also not reimbursable when
// billed as a home infusion services." Denied, with the fix to remove the
// line: a product whose routes are all oral, inhaled or topical, or that is
// given into a joint or is of an osteoarthritis class; enteral formula with
// the oral nutrition modifier; parenteral nutrition (a TPN per diem or a PN
// product) on the days a home dialysis per diem covers, day by day: the
// other days of a TPN line stay payable.
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kEnteral, kTpnPerDiem, kParenteral, kDialysis };
constexpr std::string_view kSets[] = {"enteral_formula", "tpn_per_diem", "parenteral_nutrition",
                                      "dialysis_per_diem"};
enum { kOralNutrition };
constexpr std::string_view kLists[] = {"oral_nutrition_modifier"};
enum { kOsteoarthritis };
constexpr std::string_view kClassLists[] = {"osteoarthritis_classes"};
constexpr std::string_view kKeys[] = {"default", "oral_nutrition", "intradialytic", "intradialytic_some_days"};
constexpr std::string_view kArgs[] = {"what", "days", "other_line", "other_code"};

void check(Context& ctx, const Rule& rule) {
  const auto& bo = rule.list(kOralNutrition);
  constexpr uint16_t kExcludedRoutes = kRouteOral | kRouteInhaled | kRouteTopical | kRouteIntraArticular;
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i)) continue;
    const LineFacts& f = ctx.fact(i);
    const ServiceLine& l = ctx.line(i);
    // Oral nutrition: enteral formula with modifier BO.
    if (f.in(rule.set(kEnteral))) {
      bool oral = false;
      for (const auto& m : bo) oral = oral || l.has_modifier(m);
      if (oral) {
        ctx.edit(i, rule, "oral_nutrition", {}, remove_line_fix());
        continue;
      }
    }
    // Intradialytic parenteral nutrition: PN on the days a dialysis per
    // diem covers (what was billed: stage 1 sees every line).
    if (f.in(rule.set(kTpnPerDiem) | rule.set(kParenteral))) {
      DaySet dialysis;
      size_t first = static_cast<size_t>(-1);
      for (size_t j = 0; j < ctx.size(); ++j) {
        if (j == i || !ctx.fact(j).in(rule.set(kDialysis)) || !ctx.billed_together(i, j)) continue;
        dialysis |= ctx.billed(j);
        if (first == static_cast<size_t>(-1)) first = j;
      }
      if (first != static_cast<size_t>(-1)) {
        ctx.judge(i, rule, ctx.live(i) - dialysis, "intradialytic", "intradialytic_some_days",
                  {{"days", overlap_text(ctx, i, first)}, {"other_line", ctx.line_ref(first)},
                   {"other_code", ctx.line(first).code}},
                  remove_line_fix());
        continue;
      }
    }
    // Oral, inhaled, topical and osteoarthritis drugs, by route (or class).
    if (!f.is(kFlagProduct) && !f.ref) continue;
    std::string_view what;
    if (rule.classes(kOsteoarthritis).has(f.drug_class) || (f.routes & kRouteIntraArticular))
      what = "an osteoarthritis drug (intra-articular)";
    else if (f.routes != 0 && (f.routes & ~kExcludedRoutes) == 0) {
      if (f.routes & kRouteOral) what = "an oral drug";
      else if (f.routes & kRouteInhaled) what = "an inhaled drug";
      else what = "a topical medication";
    }
    if (!what.empty()) ctx.edit(i, rule, "default", {{"what", what}}, remove_line_fix());
  }
}

}  // namespace

extern const RuleSpec rule_excluded_drug_type;
const RuleSpec rule_excluded_drug_type = {
    .id = "excluded-drug-type",
    .stage = 1,
    .needs = {.sets = kSets,
              .lists = kLists,
              .class_lists = kClassLists,
              .facts = kFactDrug | kFactNoc | kFactProduct},
    .message_keys = kKeys,
    .args = kArgs,
    .check = check,
};

}  // namespace perdiem::rules
