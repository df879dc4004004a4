// per-diem-units (stage 4): "The Plan reimburses home infusion therapy
// services on a per diem basis only when a drug infusion is administered
// that day" and the policy's units table (every 4 to 24 hours for 7 days: 7;
// every 10 days for 30 days: 3; once a week: 1 per week). A per diem billed
// with more units than it has days with a corresponding payable product
// (every day for a family that needs none, such as TPN) is reduced to them.
#include "rules/shared/pairing.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem, kIncidental };
constexpr std::string_view kSets[] = {"per_diem", "incidental_per_diem"};
constexpr std::string_view kStarts[] = {"per_diem"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"allowed", "covered", "family"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.in(rule.set(kPerDiem)) || f.in(rule.set(kIncidental)) || !f.family) continue;
    const ServiceLine& l = ctx.line(i);
    const int covered = covered_days(ctx, i).days;
    const Quantity allowed = Quantity::from_int(covered);
    if (l.units <= allowed) continue;
    std::string& which = ctx.text(0);
    if (f.family->needs_product) {
      which += "days with a corresponding payable product within ";
      which += Context::span_text(l.dates);
    } else {
      which += "days of ";
      which += Context::span_text(l.dates);
      which += "; the TPN formula is included";
    }
    std::string& count = ctx.text(1);
    append_number(count, covered);
    Fix fix;
    fix.kind = Fix::Kind::kSetUnits;
    fix.units = allowed;
    ctx.edit(i, rule, "default", {{"allowed", count}, {"covered", which}, {"family", f.family->name}},
             std::move(fix));
  }
}

}  // namespace

extern const RuleSpec rule_per_diem_units;
const RuleSpec rule_per_diem_units = {
    .id = "per-diem-units",
    .stage = 4,
    .needs = {.sets = kSets, .tables = kPairingTables, .facts = kPairingFacts},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
