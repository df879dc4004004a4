// nursing-add-on-needs-primary (stage 3): 99602 "each additional hour
// (List separately in addition to primary code for procedure)". Day by
// day: an add-on hour passes on the days a payable primary visit (99601)
// is billed. Where none is billed, the fix adds the first code of the
// pack's nursing_primary; where one is billed but was denied, the message
// says which and why, and asks for no line that is already there.
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kAddOn, kPrimary };
constexpr std::string_view kSets[] = {"nursing_add_on", "nursing_primary"};
constexpr std::string_view kStarts[] = {"nursing_add_on"};
constexpr std::string_view kNonEmpty[] = {"nursing_primary"};
constexpr std::string_view kKeys[] = {"default", "some_days", "denied"};
constexpr std::string_view kArgs[] = {"other_line", "other_code", "why"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kAddOn))) continue;
    DaySet primary;
    size_t denied = static_cast<size_t>(-1);  // a primary billed on its days but not payable there
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (j == i || !ctx.fact(j).in(rule.set(kPrimary))) continue;
      if (ctx.meets(i, j)) primary |= ctx.live(j);
      if (denied == static_cast<size_t>(-1) && ctx.billed(j).meets(ctx.live(i) - ctx.live(j)) &&
          !ctx.results[j].edits.empty())
        denied = j;
    }
    if (primary.meets(ctx.live(i)) || denied == static_cast<size_t>(-1)) {
      Fix fix;
      fix.kind = Fix::Kind::kAddLine;
      fix.value = rule.codes(kPrimary).items().front();
      fix.dates = ctx.line(i).dates;
      ctx.judge(i, rule, primary, "default", "some_days", {}, std::move(fix));
      continue;
    }
    // The primary is billed, but denied: say why, and add nothing.
    std::string& why = ctx.text(0);
    const Edit& e = ctx.results[denied].edits.front();
    why += e.rule ? e.rule->id : std::string("a rule");
    why += ", ";
    why += e.group;
    why += '-';
    why += e.carc;
    ctx.judge(i, rule, primary, "denied", "some_days",
              {{"other_line", ctx.line_ref(denied)}, {"other_code", ctx.line(denied).code}, {"why", why}});
  }
}

}  // namespace

extern const RuleSpec rule_nursing_add_on_needs_primary;
const RuleSpec rule_nursing_add_on_needs_primary = {
    .id = "nursing-add-on-needs-primary",
    .stage = 3,
    .needs = {.sets = kSets, .nonempty = kNonEmpty},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
