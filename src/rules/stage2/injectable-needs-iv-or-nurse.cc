// injectable-needs-iv-or-nurse (stage 2): "Injectable therapies, including
// but not limited to subcutaneous or intramuscular, are payable only when
// billed on the same day as an approved medical intravenous therapy and/or
// the injectable therapy requires administration by a registered nurse.
// Self-administered therapies are not reimbursable, with the exception of
// factor/hemophilia clotting products." Day by day: a subcutaneous or
// intramuscular drug (no IV route) passes on a day with a payable IV drug or
// a nursing or professional visit, or on every day when its rendering
// provider is a registered nurse (the pack's list: RN, NP and CNS, who are
// registered nurses too); clotting factors are exempt. Read with the
// sentence before it, this is what "self-administered" means (docs/rules.md).
#include "rules/compiled.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kNursingVisit, kProfessionalVisit };
constexpr std::string_view kSets[] = {"nursing_visit", "professional_visit"};
enum { kRegisteredNurse };
constexpr std::string_view kLists[] = {"registered_nurse_taxonomy"};
enum { kNotTherapy };
constexpr std::string_view kClassLists[] = {"line_keeping_classes"};
constexpr std::string_view kKeys[] = {"default", "some_days", "denied"};
constexpr std::string_view kArgs[] = {"route", "other"};

// An approved medical intravenous therapy: an IV drug (not a solution or
// diluent that only keeps a line open).
bool is_iv_drug(const Context& ctx, const Rule& rule, size_t j) {
  const LineFacts& f = ctx.fact(j);
  return f.is(kFlagProduct) && (f.routes & kRouteIV) && !rule.classes(kNotTherapy).has(f.drug_class) &&
         !f.is(kFlagIvSolution);
}

void check(Context& ctx, const Rule& rule) {
  const uint64_t visits = rule.set(kNursingVisit) | rule.set(kProfessionalVisit);
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kFlagProduct) || f.clotting) continue;
    if (!(f.routes & (kRouteSC | kRouteIM)) || (f.routes & kRouteIV)) continue;
    if (has_prefix(ctx.rendering_taxonomy(i), rule.list(kRegisteredNurse))) continue;
    // The days with an IV therapy or a visit.
    DaySet supported;
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (j == i || !ctx.meets(i, j)) continue;
      if (is_iv_drug(ctx, rule, j) || ctx.fact(j).in(visits)) supported |= ctx.live(j);
    }
    const char* route = (f.routes & kRouteSC) && (f.routes & kRouteIM) ? "subcutaneous or intramuscular"
                        : (f.routes & kRouteSC)                       ? "subcutaneous"
                                                                      : "intramuscular";
    // An IV drug or a visit billed on its days but denied: say so.
    const size_t denied = supported.meets(ctx.live(i)) ? static_cast<size_t>(-1)
                                                      : denied_partner(ctx, i, [&](size_t j) {
                                                          return is_iv_drug(ctx, rule, j) || ctx.fact(j).in(visits);
                                                        });
    if (denied != static_cast<size_t>(-1))
      ctx.judge(i, rule, supported, "denied", "some_days",
                {{"route", route}, {"other", denied_text(ctx, denied, ctx.text(1))}});
    else
      ctx.judge(i, rule, supported, "default", "some_days", {{"route", route}});
  }
}

}  // namespace

extern const RuleSpec rule_injectable_needs_iv_or_nurse;
const RuleSpec rule_injectable_needs_iv_or_nurse = {
    .id = "injectable-needs-iv-or-nurse",
    .stage = 2,
    .needs = {.sets = kSets,
              .lists = kLists,
              .class_lists = kClassLists,
              .facts = kFactDrug | kFactNoc | kFactProduct | kFactIvSolution | kFactClotting},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from_flags = kFlagProduct,
    .check = check,
};

}  // namespace perdiem::rules
