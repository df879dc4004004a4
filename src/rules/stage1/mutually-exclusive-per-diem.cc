// mutually-exclusive-per-diem (stage 1): the descriptors' "do not use this
// code with ..." notes, judged on what was billed ([[exclusive]] pairs of the
// pack: S9329 with S9330/S9331, S9364 with S9365-S9368, S9373 with
// S9374-S9377, S9494 with S9497-S9504, S9325 with S9326-S9328): the first
// code of a pair does not pass on the days it shares with a line of the
// second. And two daily volume tiers of one family on one day (pairs whose
// `loses` is "later": S9365-S9368, S9374-S9377, "per day" by their
// descriptors): the later line does not pass on the days they share. Day by
// day: a line that shares only some days with its rival keeps the others.
#include "rules/compiled.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem };
constexpr std::string_view kSets[] = {"per_diem"};
constexpr std::string_view kKeys[] = {"default", "some_days"};
constexpr std::string_view kArgs[] = {"other_line", "other_code", "note", "days"};

void check(Context& ctx, const Rule& rule) {
  const uint64_t first = ctx.compiled.exclusive_first;
  if (!ctx.any(first)) return;
  for (size_t i = 0; i < ctx.size(); ++i) {
    // The code is in some pair's first set (most are in none).
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kPerDiem)) || !ctx.fact(i).in(first)) continue;
    const CodeKey ki = ctx.fact(i).key;
    for (const auto& pair : ctx.pack.exclusive_pairs) {
      if (!pair.first.contains_key(ki)) continue;
      // The days it shares with the pair's other codes (earlier lines only,
      // for a pair of tiers where the later line loses).
      DaySet shared;
      size_t rival = static_cast<size_t>(-1);
      for (size_t j = 0; j < ctx.size(); ++j) {
        if (j == i || !pair.second.contains_key(ctx.fact(j).key) || !ctx.billed_together(i, j)) continue;
        if (pair.later_loses && j > i) continue;
        shared |= ctx.billed(j);
        if (rival == static_cast<size_t>(-1)) rival = j;
      }
      if (rival == static_cast<size_t>(-1)) continue;
      ctx.judge(i, rule, ctx.live(i) - shared, "default", "some_days",
                {{"other_line", ctx.line_ref(rival)}, {"other_code", ctx.line(rival).code}, {"note", pair.note},
                 {"days", overlap_text(ctx, i, rival)}},
                remove_line_fix());
      break;
    }
  }
}

}  // namespace

extern const RuleSpec rule_mutually_exclusive_per_diem;
const RuleSpec rule_mutually_exclusive_per_diem = {
    .id = "mutually-exclusive-per-diem",
    .stage = 1,
    .needs = {.sets = kSets, .tables = kTableExclusive},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .check = check,
};

}  // namespace perdiem::rules
