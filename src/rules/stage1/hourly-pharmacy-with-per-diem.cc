// hourly-pharmacy-with-per-diem (stage 1): S9810 "professional pharmacy
// services ... per hour (do not use this code with any per diem code)".
// Judged on what was billed, day by day: S9810 does not pass on a day that
// any per diem line of the claim covers, whatever that line's own decision
// (incidental per diems, and per diems denied for their place of service,
// included).
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kHourly, kPerDiem };
constexpr std::string_view kSets[] = {"hourly_pharmacy", "per_diem"};
constexpr std::string_view kStarts[] = {"hourly_pharmacy"};
constexpr std::string_view kKeys[] = {"default", "some_days"};
constexpr std::string_view kArgs[] = {"other_line", "other_code", "days"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kHourly))) continue;
    DaySet per_diem_days;
    size_t first = static_cast<size_t>(-1);
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (j == i || !ctx.fact(j).in(rule.set(kPerDiem)) || !ctx.billed_together(i, j)) continue;
      per_diem_days |= ctx.billed(j);
      if (first == static_cast<size_t>(-1)) first = j;
    }
    if (first == static_cast<size_t>(-1)) continue;
    ctx.judge(i, rule, ctx.live(i) - per_diem_days, "default", "some_days",
              {{"other_line", ctx.line_ref(first)}, {"other_code", ctx.line(first).code},
               {"days", overlap_text(ctx, i, first)}},
              remove_line_fix());
  }
}

}  // namespace

extern const RuleSpec rule_hourly_pharmacy_with_per_diem;
const RuleSpec rule_hourly_pharmacy_with_per_diem = {
    .id = "hourly-pharmacy-with-per-diem",
    .stage = 1,
    .needs = {.sets = kSets},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
