// supply-bundled (stage 1): "J1642, A4216 and A4218 are considered supply
// codes for home infusion services and are not eligible for separate
// reimbursement", the Supply and Equipment Codes table, and the per diem's
// "Heparin and saline; Solutions used to dilute, reconstitute or administer
// substances". A line in the pack's supplies, or a saline, sterile water or
// heparin lock flush billed on a NOC drug code, is bundled into the per diem.
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kSupplies };
constexpr std::string_view kSets[] = {"supplies"};
constexpr std::string_view kKeys[] = {"default", "flush"};
constexpr std::string_view kArgs[] = {"what"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i)) continue;
    if (f.in(rule.set(kSupplies))) ctx.edit(i, rule, "default", {}, remove_line_fix());
    else if (f.is(kFlagFlush)) ctx.edit(i, rule, "flush", {{"what", ctx.what(i, ctx.text(0))}}, remove_line_fix());
  }
}

}  // namespace

extern const RuleSpec rule_supply_bundled;
const RuleSpec rule_supply_bundled = {
    .id = "supply-bundled",
    .stage = 1,
    .needs = {.sets = kSets, .facts = kFactFlush},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .starts_from_flags = kFlagFlush,
    .check = check,
};

}  // namespace perdiem::rules
