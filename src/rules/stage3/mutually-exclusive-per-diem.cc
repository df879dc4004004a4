// mutually-exclusive-per-diem (stage 3): the descriptors' "do not use this
// code with ..." notes ([[exclusive]] pairs of the pack: S9329 with
// S9330/S9331, S9364 with S9365-S9368, S9373 with S9374-S9377, S9494 with
// S9497-S9504, S9325 with S9326-S9328). The first code of a pair is denied
// when it shares days with the second; removing it is the fix when the
// second covers all of its days.
#include "rules/compiled.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem };
constexpr std::string_view kSets[] = {"per_diem"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"other_line", "other_code", "note", "days"};

void check(Context& ctx, const Rule& rule) {
  const uint64_t first = ctx.compiled.exclusive_first;
  if (!ctx.any(first)) return;
  for (size_t i = 0; i < ctx.size(); ++i) {
    // The code is in some pair's first set (most are in none).
    if (!ctx.payable(i) || !ctx.fact(i).in(rule.set(kPerDiem)) || !ctx.fact(i).in(first)) continue;
    const CodeKey ki = ctx.fact(i).key;
    bool fired = false;
    for (const auto& pair : ctx.pack.exclusive_pairs) {
      if (fired || !pair.first.contains_key(ki)) continue;
      for (size_t j = 0; j < ctx.size(); ++j) {
        if (j == i || !ctx.payable(j) || !ctx.overlaps(i, j) || !pair.second.contains_key(ctx.fact(j).key)) continue;
        const DateSpan& a = ctx.line(i).dates;
        const DateSpan& b = ctx.line(j).dates;
        Fix fix;
        if (b.from <= a.from && a.to <= b.to) fix.kind = Fix::Kind::kRemoveLine;
        ctx.edit(i, rule, "default",
                 {{"other_line", ctx.line_ref(j)}, {"other_code", ctx.line(j).code},
                  {"note", pair.note}, {"days", overlap_text(ctx, i, j)}},
                 std::move(fix));
        fired = true;
        break;
      }
    }
  }
}

}  // namespace

extern const RuleSpec rule_mutually_exclusive_per_diem;
const RuleSpec rule_mutually_exclusive_per_diem = {
    .id = "mutually-exclusive-per-diem",
    .stage = 3,
    .needs = {.sets = kSets, .tables = kTableExclusive},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .check = check,
};

}  // namespace perdiem::rules
