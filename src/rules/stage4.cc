// Stage 4: units and concurrency of the per diems that survive (SPEC §4),
// and the notes that say what each surviving per diem was paired with.
#include <algorithm>
#include <map>

#include "rules/stages.h"

namespace perdiem::rules {

void per_diem_units(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kPerDiem) || f.is(kIncidental) || !f.family) continue;
    const ServiceLine& l = ctx.line(i);
    const int covered = covered_days(ctx, i, nullptr, nullptr);
    const Quantity allowed = Quantity::from_int(covered);
    if (l.units <= allowed) continue;
    std::string which = f.family->needs_product
                            ? "days with a corresponding payable product within " + Context::span_text(l.dates)
                            : "days of " + Context::span_text(l.dates) + "; the TPN formula is included";
    Fix fix;
    fix.kind = Fix::Kind::kSetUnits;
    fix.units = allowed;
    ctx.edit(i, rule, "default",
             {{"allowed", std::to_string(covered)}, {"covered", which}, {"family", f.family->name}},
             std::move(fix));
  }
}

namespace {

enum class Role : uint8_t { kPrimary, kSecond, kThird };

struct Conflict {
  bool any = false;
  Date day;
  Role claimed = Role::kPrimary;
  Role open = Role::kPrimary;
  int n = 0;
};

const char* role_name(Role r) {
  return r == Role::kPrimary ? "primary" : r == Role::kSecond ? "second (SH)" : "third or later (SJ)";
}

}  // namespace

void concurrent_therapy_modifier(Context& ctx, const RuleDef& rule) {
  const auto& sh_list = ctx.pack.list("second_therapy_modifier");
  const auto& sj_list = ctx.pack.list("third_therapy_modifier");
  const std::string sh = sh_list.empty() ? "SH" : sh_list.front();
  const std::string sj = sj_list.empty() ? "SJ" : sj_list.front();
  auto modifier_of = [&](Role r) { return r == Role::kSecond ? sh : r == Role::kThird ? sj : std::string(); };

  std::vector<size_t> therapy;
  std::vector<Role> claimed;
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).therapy_per_diem()) continue;
    therapy.push_back(i);
    const ServiceLine& l = ctx.line(i);
    Role r = Role::kPrimary;
    for (const auto& m : sh_list)
      if (l.has_modifier(m)) r = Role::kSecond;
    if (r == Role::kPrimary)
      for (const auto& m : sj_list)
        if (l.has_modifier(m)) r = Role::kThird;
    claimed.push_back(r);
  }
  if (therapy.empty()) return;
  // One therapy without SH/SJ (most claims): no role can be wrong.
  if (therapy.size() == 1 && claimed[0] == Role::kPrimary) return;

  Date lo = ctx.line(therapy[0]).dates.from, hi = ctx.line(therapy[0]).dates.to;
  for (size_t t : therapy) {
    lo = std::min(lo, ctx.line(t).dates.from);
    hi = std::max(hi, ctx.line(t).dates.to);
  }
  std::vector<Conflict> conflicts(therapy.size());
  std::vector<size_t> today;
  for (Date d = lo; d <= hi; d = d + 1) {
    today.clear();
    for (size_t k = 0; k < therapy.size(); ++k)
      if (ctx.line(therapy[k]).dates.contains(d)) today.push_back(k);
    const int n = static_cast<int>(today.size());
    if (n == 0) continue;
    int slots[3] = {1, n >= 2 ? 1 : 0, n >= 3 ? n - 2 : 0};
    std::vector<size_t> losers;
    for (size_t k : today) {
      int& s = slots[static_cast<int>(claimed[k])];
      if (s > 0) --s;
      else losers.push_back(k);
    }
    for (size_t k : losers) {
      Role open = Role::kPrimary;
      for (int r = 0; r < 3; ++r)
        if (slots[r] > 0) { open = static_cast<Role>(r); --slots[r]; break; }
      if (!conflicts[k].any) conflicts[k] = {true, d, claimed[k], open, n};
    }
  }

  for (size_t k = 0; k < therapy.size(); ++k) {
    const Conflict& c = conflicts[k];
    if (!c.any) continue;
    const size_t i = therapy[k];
    Fix fix;
    const std::string day = c.day.iso();
    const std::string n = std::to_string(c.n);
    // SH exists on a day with two therapies or more, SJ with three or more.
    const bool exists = c.claimed == Role::kSecond ? c.n >= 2 : c.claimed == Role::kThird ? c.n >= 3 : true;
    const std::string why = exists ? "is already taken" : "does not exist with " + n + " therapies";
    if (c.claimed == Role::kPrimary) {
      const std::string mod = modifier_of(c.open);
      fix.kind = Fix::Kind::kAddModifier;
      fix.value = mod;
      ctx.edit(i, rule, "missing", {{"day", day}, {"n", n}, {"open", role_name(c.open)}, {"modifier", mod}},
               std::move(fix));
    } else if (c.open == Role::kPrimary) {
      const std::string mod = modifier_of(c.claimed);
      fix.kind = Fix::Kind::kRemoveModifier;
      fix.value = mod;
      // On a day with no other therapy the SH/SJ role does not exist (the
      // line may be concurrent on other days); with two or more therapies
      // the primary role is the one left open.
      if (c.n < 2) {
        ctx.edit(i, rule, "absent", {{"day", day}, {"modifier", mod}}, std::move(fix));
      } else {
        ctx.edit(i, rule, "default",
                 {{"day", day}, {"n", n}, {"claimed", role_name(c.claimed)}, {"why", why},
                  {"fix_text", "no modifier (no other line takes the primary role that day)"}},
                 std::move(fix));
      }
    } else {
      fix.kind = Fix::Kind::kReplaceModifier;
      fix.value = modifier_of(c.claimed);
      fix.value2 = modifier_of(c.open);
      const std::string text = "modifier " + fix.value2 + " instead of " + fix.value;
      ctx.edit(i, rule, "default",
               {{"day", day}, {"n", n}, {"claimed", role_name(c.claimed)}, {"why", why}, {"fix_text", text}},
               std::move(fix));
    }
  }
}

void add_pairing_notes(Context& ctx) {
  ctx.snapshot();
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i)) continue;
    if (f.is(kPerDiem) && f.family && f.family->needs_product && !f.is(kIncidental)) {
      std::vector<size_t> partners;
      bool unverified = false;
      covered_days(ctx, i, &partners, &unverified);
      if (partners.empty()) continue;
      std::string text = "Paired with ";
      for (size_t k = 0; k < partners.size(); ++k)
        text += (k ? ", line " : "line ") + ctx.line_ref(partners[k]) + " " + std::string(ctx.line(partners[k]).code);
      text += " (" + f.family->name + ").";
      ctx.note(i, text);
      for (size_t p : partners) {
        bool unv = false;
        corresponds(ctx, *f.family, p, unv);
        if (unv)
          ctx.note(i, "Pairing with line " + ctx.line_ref(p) + " " + std::string(ctx.line(p).code) +
                          " could not be verified: the drug reference does not know its class.");
      }
    }
    if (f.is(kProfessionalVisit)) {
      size_t p = 0;
      bool unverified = false;
      if (visit_has_drug(ctx, i, &p, &unverified) && unverified)
        ctx.note(i, "Its drug, line " + ctx.line_ref(p) + " " + std::string(ctx.line(p).code) +
                        ", could not be verified to be of the visit's category: the drug reference does not know its class.");
    }
  }
}

}  // namespace perdiem::rules
