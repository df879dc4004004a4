// per-diem-units (stage 4): "The Plan reimburses home infusion therapy
// services on a per diem basis only when a drug infusion is administered
// that day" and the policy's units table (every 4 to 24 hours for 7 days: 7;
// every 10 days for 30 days: 3; once a week: 1 per week). A per diem is
// paid one unit a day on the days that pass every rule: those with a
// corresponding product of its own (shared/pairing.h; every payable day for
// a family that needs none, such as TPN). Billed with more units than it
// has such days, it is reduced to them: with set_units when every payable
// day has one, else with split_line, the days apart. A per diem billed per
// dose day over a span (3 units over 30 days, three infusion days) passes.
#include "rules/rule.h"
#include "rules/shared/pairing.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem, kIncidental };
constexpr std::string_view kSets[] = {"per_diem", "incidental_per_diem"};
constexpr std::string_view kStarts[] = {"per_diem"};
enum { kSecond, kThird };
constexpr std::string_view kKeys[] = {"default", "some_days"};
constexpr std::string_view kArgs[] = {"allowed", "covered", "family"};

void check(Context& ctx, const Rule& rule) {
  const std::vector<Pairing>& pr = pairings(ctx, rule.set(kIncidental), rule.list(kSecond), rule.list(kThird));
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.in(rule.set(kPerDiem)) || f.in(rule.set(kIncidental)) || !f.family) continue;
    const ServiceLine& l = ctx.line(i);
    const DaySet pass = pr[i].own & ctx.live(i);
    const int64_t covered = ctx.days(pass);
    const Quantity allowed = Quantity::from_int(covered);
    if (l.units <= allowed) continue;
    const std::string_view which = f.family->needs_product
                                       ? std::string_view("with a corresponding payable product of its own")
                                       : std::string_view("of its span (its formula is included)");
    std::string& count = ctx.text(1);
    append_number(count, covered);
    if (pass == ctx.live(i)) {
      // Every payable day has one: more units than days.
      Fix fix;
      fix.kind = Fix::Kind::kSetUnits;
      fix.units = allowed;
      ctx.edit(i, rule, "default", {{"allowed", count}, {"covered", which}, {"family", f.family->name}},
               std::move(fix));
    } else {
      ctx.judge(i, rule, pass, "default", "some_days",
                {{"allowed", count}, {"covered", which}, {"family", f.family->name}});
    }
  }
}

}  // namespace

extern const RuleSpec rule_per_diem_units;
const RuleSpec rule_per_diem_units = {
    .id = "per-diem-units",
    .stage = 4,
    .needs = {.sets = kSets, .lists = kPairingLists, .tables = kPairingTables, .facts = kPairingFacts},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
