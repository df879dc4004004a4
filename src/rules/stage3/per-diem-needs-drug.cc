// per-diem-needs-drug (stage 3): "The per diem HCPCS code must be billed on
// the same claim as the corresponding drug for the same dates of service"
// and "The Plan reimburses home infusion therapy services on a per diem
// basis only when a drug infusion is administered that day." A per diem
// (not incidental; of a family that needs a product) with no corresponding
// payable product of its own (shared/pairing.h) on any of its days is
// denied; days without one, when others have one, are per-diem-units'. When
// its drug is another per diem's (two per diems of one therapy with one
// drug are one therapy), the message says whose. Its notes say, of every
// per diem that survives, what it was paired with, and when a pairing rests
// on a drug the reference cannot classify.
#include "rules/rule.h"
#include "rules/shared/pairing.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem, kIncidental };
constexpr std::string_view kSets[] = {"per_diem", "incidental_per_diem"};
constexpr std::string_view kStarts[] = {"per_diem"};
enum { kSecond, kThird };
constexpr std::string_view kKeys[] = {"default", "taken", "denied"};
constexpr std::string_view kArgs[] = {"family", "other_line", "other_code", "other"};

bool needs_product(const Rule& rule, const LineFacts& f) {
  return f.in(rule.set(kPerDiem)) && !f.in(rule.set(kIncidental)) && f.family && f.family->needs_product;
}

const std::vector<Pairing>& pairing(const Context& ctx, const Rule& rule) {
  return pairings(ctx, rule.set(kIncidental), rule.list(kSecond), rule.list(kThird));
}

void check(Context& ctx, const Rule& rule) {
  const std::vector<Pairing>& pr = pairing(ctx, rule);
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !needs_product(rule, f)) continue;
    if (pr[i].own.meets(ctx.live(i))) continue;
    if (pr[i].rival != static_cast<size_t>(-1)) {
      const size_t r = pr[i].rival;
      ctx.edit(i, rule, "taken", {{"family", f.family->name}, {"other_line", ctx.line_ref(r)},
                                  {"other_code", ctx.line(r).code}});
    } else if (const size_t d = denied_partner(ctx, i, [&](size_t j) {
                 bool unv = false;
                 return corresponds(ctx, *f.family, j, unv);
               });
               d != static_cast<size_t>(-1)) {
      ctx.edit(i, rule, "denied", {{"family", f.family->name}, {"other", denied_text(ctx, d, ctx.text(1))}});
    } else {
      ctx.edit(i, rule, "default", {{"family", f.family->name}});
    }
  }
}

void append_line(const Context& ctx, std::string& text, size_t j) {
  append_number(text, ctx.line(j).number);
  text += ' ';
  text += ctx.line(j).code;
}

void notes(Context& ctx, const Rule& rule) {
  const std::vector<Pairing>& pr = pairing(ctx, rule);
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !needs_product(rule, f)) continue;
    const std::vector<size_t>& partners = pr[i].partners;
    if (partners.empty()) continue;
    std::string& text = ctx.note(i);
    text += "Paired with ";
    for (size_t k = 0; k < partners.size(); ++k) {
      text += k ? ", line " : "line ";
      append_line(ctx, text, partners[k]);
    }
    text += " (";
    text += f.family->name;
    text += ").";
    // Only when some pairing is unverified, say which.
    for (size_t k = 0; pr[i].unverified && k < partners.size(); ++k) {
      bool unv = false;
      corresponds(ctx, *f.family, partners[k], unv);
      if (!unv) continue;
      std::string& note = ctx.note(i);
      note += "Pairing with line ";
      append_line(ctx, note, partners[k]);
      note += " could not be verified: the drug reference does not know its class.";
    }
  }
}

}  // namespace

extern const RuleSpec rule_per_diem_needs_drug;
const RuleSpec rule_per_diem_needs_drug = {
    .id = "per-diem-needs-drug",
    .stage = 3,
    .needs = {.sets = kSets, .lists = kPairingLists, .tables = kPairingTables, .facts = kPairingFacts},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
    .notes = notes,
};

}  // namespace perdiem::rules
