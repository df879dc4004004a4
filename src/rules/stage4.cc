// Stage 4: units and concurrency of the per diems that survive (SPEC §4),
// and the notes that say what each surviving per diem was paired with.
#include <algorithm>

#include "rules/stages.h"

namespace perdiem::rules {

void per_diem_units(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kPerDiem) || f.is(kIncidental) || !f.family) continue;
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

namespace {

using Role = Scratch::Role;

const char* role_name(Role r) {
  return r == Role::kPrimary ? "primary" : r == Role::kSecond ? "second (SH)" : "third or later (SJ)";
}

}  // namespace

void concurrent_therapy_modifier(Context& ctx, const RuleDef& rule) {
  const auto& sh_list = *ctx.compiled.second_therapy_modifier;
  const auto& sj_list = *ctx.compiled.third_therapy_modifier;
  const std::string_view sh = sh_list.empty() ? std::string_view("SH") : std::string_view(sh_list.front());
  const std::string_view sj = sj_list.empty() ? std::string_view("SJ") : std::string_view(sj_list.front());
  auto modifier_of = [&](Role r) { return r == Role::kSecond ? sh : r == Role::kThird ? sj : std::string_view(); };

  std::vector<Scratch::Therapy>& therapy = ctx.scratch().therapies;
  therapy.clear();
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).therapy_per_diem()) continue;
    const ServiceLine& l = ctx.line(i);
    Role r = Role::kPrimary;
    for (const auto& m : sh_list)
      if (l.has_modifier(m)) r = Role::kSecond;
    if (r == Role::kPrimary)
      for (const auto& m : sj_list)
        if (l.has_modifier(m)) r = Role::kThird;
    therapy.push_back({i, r});
  }
  if (therapy.empty()) return;
  // One therapy without SH/SJ (most claims): no role can be wrong.
  if (therapy.size() == 1 && therapy[0].claimed == Role::kPrimary) return;

  auto dates = [&](const Scratch::Therapy& t) -> const DateSpan& { return ctx.line(t.line).dates; };
  Date lo = dates(therapy[0]).from, hi = dates(therapy[0]).to;
  for (const auto& t : therapy) {
    lo = std::min(lo, dates(t).from);
    hi = std::max(hi, dates(t).to);
  }
  // The roles of a day depend only on which therapies run that day, so only
  // the first day of each stretch with the same therapies is looked at:
  // the next such day is the nearest start or day after an end.
  auto next_change = [&](Date d) {
    Date next = hi + 1;
    for (const auto& t : therapy) {
      if (dates(t).from > d) next = std::min(next, dates(t).from);
      if (dates(t).to + 1 > d) next = std::min(next, dates(t).to + 1);
    }
    return next;
  };
  for (Date d = lo; d <= hi; d = next_change(d)) {
    int n = 0;
    for (const auto& t : therapy) n += dates(t).contains(d) ? 1 : 0;
    if (n == 0) continue;
    // The day's roles: one primary, one second, the rest third or later.
    // Therapies keep the role they claim while it lasts, in line order; the
    // others get the roles left, in line order.
    int slots[3] = {1, n >= 2 ? 1 : 0, n >= 3 ? n - 2 : 0};
    for (auto& t : therapy) {
      if (!dates(t).contains(d)) continue;
      int& s = slots[static_cast<int>(t.claimed)];
      if (s > 0) --s;
      else t.lost = true;
    }
    for (auto& t : therapy) {
      if (!t.lost) continue;
      t.lost = false;
      Role open = Role::kPrimary;
      for (int r = 0; r < 3; ++r)
        if (slots[r] > 0) { open = static_cast<Role>(r); --slots[r]; break; }
      if (!t.conflict) {
        t.conflict = true;
        t.day = d;
        t.open = open;
        t.n = n;
      }
    }
  }

  for (const auto& t : therapy) {
    if (!t.conflict) continue;
    const size_t i = t.line;
    Fix fix;
    const std::string day = t.day.iso();
    const std::string n = std::to_string(t.n);
    // SH exists on a day with two therapies or more, SJ with three or more.
    const bool exists = t.claimed == Role::kSecond ? t.n >= 2 : t.claimed == Role::kThird ? t.n >= 3 : true;
    std::string& why = ctx.text(0);
    if (exists) {
      why += "is already taken";
    } else {
      why += "does not exist with ";
      why += n;
      why += " therapies";
    }
    if (t.claimed == Role::kPrimary) {
      const std::string_view mod = modifier_of(t.open);
      fix.kind = Fix::Kind::kAddModifier;
      fix.value = mod;
      ctx.edit(i, rule, "missing", {{"day", day}, {"n", n}, {"open", role_name(t.open)}, {"modifier", mod}},
               std::move(fix));
    } else if (t.open == Role::kPrimary) {
      const std::string_view mod = modifier_of(t.claimed);
      fix.kind = Fix::Kind::kRemoveModifier;
      fix.value = mod;
      // On a day with no other therapy the SH/SJ role does not exist (the
      // line may be concurrent on other days); with two or more therapies
      // the primary role is the one left open.
      if (t.n < 2) {
        ctx.edit(i, rule, "absent", {{"day", day}, {"modifier", mod}}, std::move(fix));
      } else {
        ctx.edit(i, rule, "default",
                 {{"day", day}, {"n", n}, {"claimed", role_name(t.claimed)}, {"why", why},
                  {"fix_text", "no modifier (no other line takes the primary role that day)"}},
                 std::move(fix));
      }
    } else {
      fix.kind = Fix::Kind::kReplaceModifier;
      fix.value = modifier_of(t.claimed);
      fix.value2 = modifier_of(t.open);
      std::string& text = ctx.text(1);
      text += "modifier ";
      text += fix.value2;
      text += " instead of ";
      text += fix.value;
      ctx.edit(i, rule, "default",
               {{"day", day}, {"n", n}, {"claimed", role_name(t.claimed)}, {"why", why}, {"fix_text", text}},
               std::move(fix));
    }
  }
}

void add_pairing_notes(Context& ctx) {
  if (!ctx.any(kPerDiem | kProfessionalVisit)) return;  // nothing to pair
  ctx.snapshot();
  auto append_line = [&](std::string& text, size_t j) {
    append_number(text, ctx.line(j).number);
    text += ' ';
    text += ctx.line(j).code;
  };
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i)) continue;
    if (f.is(kPerDiem) && f.family && f.family->needs_product && !f.is(kIncidental)) {
      const Scratch::Coverage& coverage = covered_days(ctx, i);
      const std::vector<size_t>& partners = coverage.partners;
      if (partners.empty()) continue;
      std::string& text = ctx.note(i);
      text += "Paired with ";
      for (size_t k = 0; k < partners.size(); ++k) {
        text += k ? ", line " : "line ";
        append_line(text, partners[k]);
      }
      text += " (";
      text += f.family->name;
      text += ").";
      // Only when some pairing is unverified, say which.
      for (size_t k = 0; coverage.unverified && k < partners.size(); ++k) {
        bool unv = false;
        corresponds(ctx, *f.family, partners[k], unv);
        if (!unv) continue;
        std::string& note = ctx.note(i);
        note += "Pairing with line ";
        append_line(note, partners[k]);
        note += " could not be verified: the drug reference does not know its class.";
      }
    }
    if (f.is(kProfessionalVisit)) {
      size_t p = 0;
      bool unverified = false;
      if (visit_has_drug(ctx, i, &p, &unverified) && unverified) {
        std::string& note = ctx.note(i);
        note += "Its drug, line ";
        append_line(note, p);
        note += ", could not be verified to be of the visit's category: the drug reference does not know its class.";
      }
    }
  }
}

}  // namespace perdiem::rules
