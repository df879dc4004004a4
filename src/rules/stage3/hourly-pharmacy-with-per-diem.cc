// hourly-pharmacy-with-per-diem (stage 3): S9810 "professional pharmacy
// services ... per hour (do not use this code with any per diem code)".
// S9810 on a day a payable per diem covers is denied.
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kHourly, kPerDiem };
constexpr std::string_view kSets[] = {"hourly_pharmacy", "per_diem"};
constexpr std::string_view kStarts[] = {"hourly_pharmacy"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"other_line", "other_code", "days"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kHourly))) continue;
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (!ctx.payable(j) || !ctx.fact(j).in(rule.set(kPerDiem)) || !ctx.overlaps(i, j)) continue;
      ctx.edit(i, rule, "default",
               {{"other_line", ctx.line_ref(j)}, {"other_code", ctx.line(j).code},
                {"days", overlap_text(ctx, i, j)}},
               remove_line_fix());
      break;
    }
  }
}

}  // namespace

extern const RuleSpec rule_hourly_pharmacy_with_per_diem;
const RuleSpec rule_hourly_pharmacy_with_per_diem = {
    .id = "hourly-pharmacy-with-per-diem",
    .stage = 3,
    .needs = {.sets = kSets},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
