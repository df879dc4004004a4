// nursing-add-on-needs-primary (stage 3): 99602 "each additional hour
// (List separately in addition to primary code for procedure)". An add-on
// hour with no payable primary visit on its day is denied; the fix names
// the primary visit code to add (the first of the pack's nursing_primary).
#include "rules/rule.h"

namespace perdiem::rules {

namespace {

enum { kAddOn, kPrimary };
constexpr std::string_view kSets[] = {"nursing_add_on", "nursing_primary"};
constexpr std::string_view kStarts[] = {"nursing_add_on"};
constexpr std::string_view kNonEmpty[] = {"nursing_primary"};
constexpr std::string_view kKeys[] = {"default"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kAddOn))) continue;
    bool primary = false;
    for (size_t j = 0; j < ctx.size() && !primary; ++j)
      primary = ctx.payable(j) && ctx.fact(j).in(rule.set(kPrimary)) && ctx.overlaps(i, j);
    if (primary) continue;
    Fix fix;
    fix.kind = Fix::Kind::kAddLine;
    fix.value = rule.codes(kPrimary).items().front();
    fix.dates = ctx.line(i).dates;
    ctx.edit(i, rule, "default", {}, std::move(fix));
  }
}

}  // namespace

extern const RuleSpec rule_nursing_add_on_needs_primary;
const RuleSpec rule_nursing_add_on_needs_primary = {
    .id = "nursing-add-on-needs-primary",
    .stage = 3,
    .needs = {.sets = kSets, .nonempty = kNonEmpty},
    .message_keys = kKeys,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
