// incidental-per-diem (stage 1): "Per diem codes S9537, S9542, S9558,
// S9559, S9560 and S9562 are incidental to drug reimbursement and are not
// separately reimbursable." Bundled.
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kIncidental };
constexpr std::string_view kSets[] = {"incidental_per_diem"};
constexpr std::string_view kKeys[] = {"default"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i)
    if (ctx.payable(i) && ctx.fact(i).in(rule.set(kIncidental))) ctx.edit(i, rule, "default", {}, remove_line_fix());
}

}  // namespace

extern const RuleSpec rule_incidental_per_diem;
const RuleSpec rule_incidental_per_diem = {
    .id = "incidental-per-diem",
    .stage = 1,
    .needs = {.sets = kSets},
    .message_keys = kKeys,
    .starts_from = kSets,
    .check = check,
};

}  // namespace perdiem::rules
