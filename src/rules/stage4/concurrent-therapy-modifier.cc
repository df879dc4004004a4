// concurrent-therapy-modifier (stage 4): "Modifiers SH (second concurrently
// administered infusion therapy) and SJ (third or more concurrently
// administered infusion therapy) must be indicated with the HCPCS code, as
// appropriate." Day by day (stretch by stretch): on a day with N >= 2
// therapies (shared/pairing.h: a payable per diem with a product of its own
// that day; not catheter care, not incidental) there is one primary (no
// modifier), one SH and N-2 SJ; on a day with one therapy it carries
// neither. Lines take the role their modifier claims in line order; a day
// does not pass for a line that claims a role another line already holds
// that day, claims SH or SJ when that role does not exist that day, or
// claims none when it is not the day's primary; such a line is given the
// roles left open, in line order. A line wrong on every day is denied, its
// fix the one modifier change that makes every day right (or, when its
// days want different modifiers, split_line); a line right on some days
// only gets split_line, each piece with the modifier right for its days. No
// fix undoes another: a modifier is never both taken away and asked for.
#include <algorithm>

#include "rules/rule.h"
#include "rules/shared/pairing.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kPerDiem, kIncidental, kCatheterCare };
constexpr std::string_view kSets[] = {"per_diem", "incidental_per_diem", "catheter_care_per_diem"};
constexpr std::string_view kStarts[] = {"per_diem"};
enum { kSecond, kThird };
constexpr std::string_view kKeys[] = {"default", "missing", "absent", "some_days"};
constexpr std::string_view kArgs[] = {"day", "n", "claimed", "why", "open", "modifier", "fix_text"};

constexpr uint8_t kKeep = 0xFF;  // Context::rebill: the line's own modifiers

const char* role_name(int r) {
  return r == 0 ? "primary" : r == 1 ? "second (SH)" : "third or later (SJ)";
}

// One therapy line and what concurrency found for it.
struct Line {
  size_t line;
  int claimed;                  // its modifiers' role: 0, 1 SH, 2 SJ
  DaySet wrong;                 // therapy days its claimed role is not right
  std::vector<uint8_t> roles;   // per stretch: the role right for it there (kKeep: its own)
  bool one_fix = true;          // every wrong day wants the same role
  int fix_role = -1;            // that role
  Date day{};                   // the first wrong day,
  int n = 0;                    //   the therapies that day
};

void check(Context& ctx, const Rule& rule) {
  const auto& sh_list = rule.list(kSecond);
  const auto& sj_list = rule.list(kThird);
  const std::string_view sh = sh_list.front();
  const std::string_view sj = sj_list.front();
  auto modifier_of = [&](int r) { return r == 1 ? sh : r == 2 ? sj : std::string_view(); };

  const std::vector<Pairing>& pr = pairings(ctx, rule.set(kIncidental), sh_list, sj_list);
  const uint64_t not_therapy = rule.set(kIncidental) | rule.set(kCatheterCare);
  std::vector<Line> lines;
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !pr[i].therapy || !ctx.fact(i).in(rule.set(kPerDiem)) || ctx.fact(i).in(not_therapy))
      continue;
    lines.push_back({i, claimed_role(ctx.line(i), sh_list, sj_list), {}, {}});
  }
  if (lines.empty()) return;
  // One therapy without SH/SJ (most claims): no role can be wrong.
  if (lines.size() == 1 && lines[0].claimed == 0) return;

  const size_t stretches = ctx.stretches().size();
  std::vector<size_t> on, lost;
  for (size_t k = 0; k < stretches; ++k) {
    on.clear();
    for (size_t t = 0; t < lines.size(); ++t)
      if (pr[lines[t].line].own.has(k)) on.push_back(t);
    const int n = static_cast<int>(on.size());
    if (n == 0) continue;
    // The day's roles: one primary, one second, the rest third or later.
    // Lines keep the role they claim while it lasts, in line order; the
    // others get the roles left, in line order.
    int slots[3] = {1, n >= 2 ? 1 : 0, n >= 3 ? n - 2 : 0};
    lost.clear();
    for (size_t t : on) {
      int& s = slots[lines[t].claimed];
      if (s > 0) --s;
      else lost.push_back(t);
    }
    for (size_t t : lost) {
      int open = 0;
      for (int r = 0; r < 3; ++r)
        if (slots[r] > 0) {
          open = r;
          --slots[r];
          break;
        }
      Line& l = lines[t];
      if (l.wrong.empty()) {
        l.day = ctx.stretches().at(k).from;
        l.n = n;
        l.fix_role = open;
      } else if (open != l.fix_role) {
        l.one_fix = false;
      }
      l.wrong.add(k);
      if (l.roles.size() < stretches) l.roles.resize(stretches, kKeep);
      l.roles[k] = static_cast<uint8_t>(open);
    }
  }

  for (const Line& t : lines) {
    if (t.wrong.empty()) continue;
    const size_t i = t.line;
    const DaySet pass = ctx.live(i) - t.wrong;
    // The wrong days are billed again, each with the modifier right for it.
    ctx.rebill(i, t.wrong, t.roles, sh, sj);
    if (!pass.empty()) {
      ctx.judge(i, rule, pass, "default", "some_days", {{"claimed", role_name(t.claimed)}});
      continue;
    }
    const std::string day = t.day.iso();
    const std::string n = std::to_string(t.n);
    Fix fix;
    if (!t.one_fix) {
      fix.kind = Fix::Kind::kSplitLine;
      ctx.judge(i, rule, pass, "default", "some_days",
                {{"day", day}, {"n", n}, {"claimed", role_name(t.claimed)}, {"why", "is not right on every day"},
                 {"fix_text", "the modifier right for each of its days, in pieces"}},
                std::move(fix));
      continue;
    }
    // SH exists on a day with two therapies or more, SJ with three or more.
    const bool exists = t.claimed == 1 ? t.n >= 2 : t.claimed == 2 ? t.n >= 3 : true;
    std::string& why = ctx.text(0);
    if (exists) {
      why += "is already taken";
    } else {
      why += "does not exist with ";
      why += n;
      why += " therapies";
    }
    if (t.claimed == 0) {
      const std::string_view mod = modifier_of(t.fix_role);
      fix.kind = Fix::Kind::kAddModifier;
      fix.value = mod;
      ctx.judge(i, rule, pass, "missing", "some_days",
                {{"day", day}, {"n", n}, {"open", role_name(t.fix_role)}, {"modifier", mod}}, std::move(fix));
    } else if (t.fix_role == 0) {
      const std::string_view mod = modifier_of(t.claimed);
      fix.kind = Fix::Kind::kRemoveModifier;
      fix.value = mod;
      // On a day with no other therapy the SH/SJ role does not exist; with
      // two or more therapies the primary role is the one left open.
      if (t.n < 2) {
        ctx.judge(i, rule, pass, "absent", "some_days", {{"day", day}, {"modifier", mod}}, std::move(fix));
      } else {
        ctx.judge(i, rule, pass, "default", "some_days",
                  {{"day", day}, {"n", n}, {"claimed", role_name(t.claimed)}, {"why", why},
                   {"fix_text", "no modifier (no other line takes the primary role that day)"}},
                  std::move(fix));
      }
    } else {
      fix.kind = Fix::Kind::kReplaceModifier;
      fix.value = modifier_of(t.claimed);
      fix.value2 = modifier_of(t.fix_role);
      std::string& text = ctx.text(1);
      text += "modifier ";
      text += fix.value2;
      text += " instead of ";
      text += fix.value;
      ctx.judge(i, rule, pass, "default", "some_days",
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
    .needs = {.sets = kSets, .lists = kPairingLists, .tables = kPairingTables, .facts = kPairingFacts,
              .nonempty = kPairingLists},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kStarts,
    .check = check,
};

}  // namespace perdiem::rules
