// concurrent-therapy-modifier (stage 4): "Modifiers SH (second concurrently
// administered infusion therapy) and SJ (third or more concurrently
// administered infusion therapy) must be indicated with the HCPCS code, as
// appropriate." On any day with two or more payable therapy per diems there
// is one primary (no modifier), one SH and the rest SJ; lines keep the role
// their modifier claims in line order, and a line whose role is taken or
// does not exist on some day is denied with the modifier change that gives
// it the role left open.
#include <algorithm>

#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem, kIncidental, kCatheterCare };
constexpr std::string_view kSets[] = {"per_diem", "incidental_per_diem", "catheter_care_per_diem"};
constexpr std::string_view kStarts[] = {"per_diem"};
enum { kSecond, kThird };
constexpr std::string_view kLists[] = {"second_therapy_modifier", "third_therapy_modifier"};
constexpr std::string_view kKeys[] = {"default", "missing", "absent"};
constexpr std::string_view kArgs[] = {"day", "n", "claimed", "why", "open", "modifier", "fix_text"};

using Role = Scratch::Role;

// A per diem that counts for concurrency: not incidental, not catheter
// care, and of a family that is a therapy (the pack's `concurrent`).
bool is_therapy(const Rule& rule, const LineFacts& f) {
  return f.in(rule.set(kPerDiem)) && !f.in(rule.set(kIncidental) | rule.set(kCatheterCare)) &&
         (!f.family || f.family->concurrent);
}

const char* role_name(Role r) {
  return r == Role::kPrimary ? "primary" : r == Role::kSecond ? "second (SH)" : "third or later (SJ)";
}

void check(Context& ctx, const Rule& rule) {
  const auto& sh_list = rule.list(kSecond);
  const auto& sj_list = rule.list(kThird);
  const std::string_view sh = sh_list.front();
  const std::string_view sj = sj_list.front();
  auto modifier_of = [&](Role r) { return r == Role::kSecond ? sh : r == Role::kThird ? sj : std::string_view(); };

  std::vector<Scratch::Therapy>& therapy = ctx.scratch().therapies;
  therapy.clear();
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !is_therapy(rule, ctx.fact(i))) continue;
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

}  // namespace

extern const RuleSpec rule_concurrent_therapy_modifier;
const RuleSpec rule_concurrent_therapy_modifier = {
    .id = "concurrent-therapy-modifier",
    .stage = 4,
    .needs = {.sets = kSets, .lists = kLists, .tables = kTableFamilies, .nonempty = kLists},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
