// place-of-service-home (stage 1): "Claims must be billed with the place of
// service 'Home'." A home infusion service line (one of the pack's scope
// sets: per diem, S9810, nursing and professional visits) whose place of
// service, the line's else the claim's, is not in home_place_of_service is
// denied, with the fix to bill the first of them. Drugs and supplies are
// held to it through their per diem, not themselves.
#include "rules/compiled.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kHome };
constexpr std::string_view kLists[] = {"home_place_of_service"};
constexpr std::string_view kKeys[] = {"default", "missing"};
constexpr std::string_view kArgs[] = {"pos"};

void check(Context& ctx, const Rule& rule) {
  const auto& home = rule.list(kHome);
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(ctx.compiled.scope)) continue;
    const ServiceLine& l = ctx.line(i);
    const std::string_view pos = l.place_of_service.empty() ? ctx.claim.place_of_service : l.place_of_service;
    if (in_list(pos, home)) continue;
    Fix fix;
    fix.kind = Fix::Kind::kSetPlaceOfService;
    fix.value = home.front();
    ctx.edit(i, rule, pos.empty() ? "missing" : "default", {{"pos", pos}}, std::move(fix));
  }
}

}  // namespace

extern const RuleSpec rule_place_of_service_home;
const RuleSpec rule_place_of_service_home = {
    .id = "place-of-service-home",
    .stage = 1,
    .needs = {.lists = kLists, .nonempty = kLists},
    .message_keys = kKeys,
    .args = kArgs,
    .check = check,
};

}  // namespace perdiem::rules
