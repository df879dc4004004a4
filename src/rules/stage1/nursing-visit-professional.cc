// nursing-visit-professional (stage 1): "The billing of 99601 ... and 99602
// ... requires a qualified healthcare professional to administer." A
// nursing visit whose rendering provider (the line's, else the claim's,
// else the billing provider's) has no taxonomy of the pack's qualified
// professionals is denied.
#include "rules/context.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kNursingVisit };
constexpr std::string_view kSets[] = {"nursing_visit"};
enum { kQualified };
constexpr std::string_view kLists[] = {"qualified_professional_taxonomy"};
constexpr std::string_view kKeys[] = {"default", "missing"};
constexpr std::string_view kArgs[] = {"who", "taxonomy"};

void check(Context& ctx, const Rule& rule) {
  const auto& qualified = rule.list(kQualified);
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kNursingVisit))) continue;
    const char* who = nullptr;
    const std::string_view tax = ctx.rendering_taxonomy(i, &who);
    if (tax.empty()) {
      ctx.edit(i, rule, "missing", {});
      continue;
    }
    if (!has_prefix(tax, qualified)) ctx.edit(i, rule, "default", {{"who", who}, {"taxonomy", tax}});
  }
}

}  // namespace

extern const RuleSpec rule_nursing_visit_professional;
const RuleSpec rule_nursing_visit_professional = {
    .id = "nursing-visit-professional",
    .stage = 1,
    .needs = {.sets = kSets, .lists = kLists},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .check = check,
};

}  // namespace perdiem::rules
