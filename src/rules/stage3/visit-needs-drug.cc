// visit-needs-drug (stage 3): G0068-G0070 and G0088-G0090 are professional
// services "for each infusion drug administration calendar day" of a drug
// of their kind (G0070/G0090 chemotherapy; G0069/G0089 subcutaneous;
// G0068/G0088 other intravenous). Day by day: a visit passes on the days a
// payable drug of its category is billed. Its notes say when the drug it
// rests on is one the reference cannot classify.
#include "rules/compiled.h"
#include "rules/facts.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kChemotherapy, kSubcutaneous, kOtherIv };
constexpr std::string_view kSets[] = {"visit_chemotherapy", "visit_subcutaneous", "visit_other_iv"};
enum { kChemotherapyClasses };
constexpr std::string_view kClassLists[] = {"chemotherapy_classes"};
constexpr std::string_view kKeys[] = {"default", "some_days", "denied"};
constexpr std::string_view kArgs[] = {"category", "other"};

uint64_t visits(const Rule& rule) { return rule.set(kChemotherapy) | rule.set(kSubcutaneous) | rule.set(kOtherIv); }

// The days of visit i with a payable drug of its category; its first such
// drug's line, and whether it rests on a drug of unknown class (a drug of
// known class wins).
DaySet drug_days(const Context& ctx, const Rule& rule, size_t i, size_t* partner, bool* unverified) {
  const LineFacts& f = ctx.fact(i);
  const ClassSet& chemo = rule.classes(kChemotherapyClasses);
  size_t unknown = static_cast<size_t>(-1), known = static_cast<size_t>(-1);
  DaySet days;
  for (size_t j = 0; j < ctx.size(); ++j) {
    if (j == i || !ctx.meets(i, j)) continue;
    const LineFacts& p = ctx.fact(j);
    if (!p.is(kFlagProduct) || p.is(kFlagIvSolution) || (p.class_known() && !ctx.compiled.classes[p.drug_class].drug))
      continue;
    bool found = false;
    if (!p.class_known()) {
      found = true;  // cannot be disproved; noted
      if (unknown == static_cast<size_t>(-1)) unknown = j;
    } else if (f.in(rule.set(kChemotherapy))) {
      found = chemo.has(p.drug_class);
    } else if (f.in(rule.set(kSubcutaneous))) {
      found = (p.routes & kRouteSC) != 0;
    } else {
      found = (p.routes & kRouteIV) && !chemo.has(p.drug_class);
    }
    if (!found) continue;
    days |= ctx.live(j);
    if (p.class_known() && known == static_cast<size_t>(-1)) known = j;
  }
  if (partner) *partner = known != static_cast<size_t>(-1) ? known : unknown;
  if (unverified) *unverified = known == static_cast<size_t>(-1) && unknown != static_cast<size_t>(-1);
  return days;
}

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.in(visits(rule))) continue;
    const char* category = f.in(rule.set(kChemotherapy))   ? "chemotherapy"
                           : f.in(rule.set(kSubcutaneous)) ? "subcutaneous"
                                                           : "intravenous (not chemotherapy)";
    const DaySet days = drug_days(ctx, rule, i, nullptr, nullptr);
    const size_t denied = days.meets(ctx.live(i)) ? static_cast<size_t>(-1)
                                                  : denied_partner(ctx, i, [&](size_t j) {
                                                      return ctx.fact(j).is(kFlagProduct) && !ctx.fact(j).is(kFlagIvSolution);
                                                    });
    if (denied != static_cast<size_t>(-1))
      ctx.judge(i, rule, days, "denied", "some_days", {{"category", category}, {"other", denied_text(ctx, denied, ctx.text(1))}});
    else
      ctx.judge(i, rule, days, "default", "some_days", {{"category", category}});
  }
}

void notes(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).in(visits(rule))) continue;
    size_t p = 0;
    bool unverified = false;
    if (drug_days(ctx, rule, i, &p, &unverified).empty() || !unverified) continue;
    std::string& note = ctx.note(i);
    note += "Its drug, line ";
    append_number(note, ctx.line(p).number);
    note += ' ';
    note += ctx.line(p).code;
    note += ", could not be verified to be of the visit's category: the drug reference does not know its class.";
  }
}

}  // namespace

extern const RuleSpec rule_visit_needs_drug;
const RuleSpec rule_visit_needs_drug = {
    .id = "visit-needs-drug",
    .stage = 3,
    .needs = {.sets = kSets,
              .class_lists = kClassLists,
              .facts = kFactDrug | kFactNoc | kFactProduct | kFactIvSolution},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .check = check,
    .notes = notes,
};

}  // namespace perdiem::rules
