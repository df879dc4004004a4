// One round of fixing a claim (plan.h).
#include "fix/plan.h"

#include <algorithm>
#include <optional>

namespace perdiem::fix {

namespace {

void copy_header(const Claim& in, Claim& out) {
  out.reset();
  out.claim_id = in.claim_id;
  out.member_id = in.member_id;
  out.total_charge = in.total_charge;
  out.place_of_service = out.arena.copy(in.place_of_service);
  out.frequency = in.frequency;
  out.diagnoses = in.diagnoses;
  out.billing_taxonomy = in.billing_taxonomy;
  out.rendering_taxonomy = in.rendering_taxonomy;
  out.file = in.file;
  out.source = in.source;
  out.span = in.span;
  out.x12 = in.x12;
  out.problems = in.problems;
}

// A copy of `l` whose changeable text (modifiers, place of service) is in
// `arena`.
ServiceLine copy_line(const ServiceLine& l, Arena& arena) {
  ServiceLine c = l;
  for (uint8_t m = 0; m < c.modifier_count; ++m) c.modifiers[m] = arena.copy(l.modifiers[m]);
  c.place_of_service = arena.copy(l.place_of_service);
  return c;
}

bool has(const ServiceLine& l, std::string_view m) { return l.has_modifier(m); }

bool add_modifier(ServiceLine& l, std::string_view m, Arena& arena) {
  if (m.empty() || has(l, m) || l.modifier_count >= l.modifiers.size()) return false;
  l.modifiers[l.modifier_count++] = arena.copy(m);
  return true;
}

bool remove_modifier(ServiceLine& l, std::string_view m) {
  for (uint8_t i = 0; i < l.modifier_count; ++i)
    if (l.modifiers[i] == m) {
      for (uint8_t j = i; j + 1 < l.modifier_count; ++j) l.modifiers[j] = l.modifiers[j + 1];
      l.modifiers[--l.modifier_count] = {};
      return true;
    }
  return false;
}

bool replace_modifier(ServiceLine& l, std::string_view from, std::string_view to, Arena& arena) {
  if (to.empty()) return false;
  for (uint8_t i = 0; i < l.modifier_count; ++i)
    if (l.modifiers[i] == from) {
      if (has(l, to)) return remove_modifier(l, from);  // already there: the old one goes
      l.modifiers[i] = arena.copy(to);
      return true;
    }
  return false;
}

// The fixes of one line's edits, sorted into what applies.
struct LineFixes {
  const Edit* remove = nullptr;
  const Edit* split = nullptr;  // every piece with units
  const Edit* units = nullptr;  // the smallest set_units
  std::vector<const Edit*> modifiers;  // add / replace / remove, in edit order
  const Edit* place = nullptr;
};

LineFixes sort_fixes(const LineResult& lr) {
  LineFixes f;
  if (lr.decision == Decision::kNotChecked) return f;
  for (const Edit& e : lr.edits) {
    switch (e.fix.kind) {
      case Fix::Kind::kRemoveLine:
        if (!f.remove) f.remove = &e;
        break;
      case Fix::Kind::kSplitLine: {
        const auto& ps = e.fix.pieces;
        const bool all_units = !ps.empty() && std::all_of(ps.begin(), ps.end(), [](const Fix::Piece& p) {
          return p.has_units && p.units.raw() > 0;
        });
        if (all_units && !f.split) f.split = &e;
        break;
      }
      case Fix::Kind::kSetUnits:
        if (e.fix.units.raw() > 0 && (!f.units || e.fix.units < f.units->fix.units)) f.units = &e;
        break;
      case Fix::Kind::kAddModifier:
      case Fix::Kind::kReplaceModifier:
      case Fix::Kind::kRemoveModifier: f.modifiers.push_back(&e); break;
      case Fix::Kind::kSetPlaceOfService:
        if (!e.fix.value.empty() && !f.place) f.place = &e;
        break;
      default: break;
    }
  }
  return f;
}

void record(std::vector<FixChange>& changes, const Claim& claim, uint32_t line, uint32_t round, const Edit& e,
            const BilledLine& before, std::vector<BilledLine> after) {
  FixChange c;
  c.claim_id = std::string(claim.claim_id);
  c.line = line;
  c.round = round;
  c.rule = e.rule ? e.rule->id : std::string();
  c.fix = e.fix;
  c.before = before;
  c.after = std::move(after);
  changes.push_back(std::move(c));
}

}  // namespace

bool applicable_kind(Fix::Kind k) {
  switch (k) {
    case Fix::Kind::kSetUnits:
    case Fix::Kind::kAddModifier:
    case Fix::Kind::kReplaceModifier:
    case Fix::Kind::kRemoveModifier:
    case Fix::Kind::kSetPlaceOfService:
    case Fix::Kind::kRemoveLine:
    case Fix::Kind::kSplitLine: return true;
    default: return false;
  }
}

// Wide enough for cents x thousandths of a unit (both up to 10^18).
__extension__ typedef __int128 Wide;

Money charge_for(const ServiceLine& line, Quantity units) {
  const int64_t old_units = line.units.raw();
  if (old_units == 0 || units == line.units) return line.charge;
  // cents x new / old, rounded half away from zero, in 128 bits.
  const Wide num = static_cast<Wide>(line.charge.raw()) * units.raw();
  const Wide den = old_units;
  Wide q = num / den;
  const Wide r = num % den;
  const Wide twice = (r < 0 ? -r : r) * 2;
  const Wide mag = den < 0 ? -den : den;
  if (twice >= mag) q += ((num < 0) != (den < 0)) ? -1 : 1;
  return Money::from_raw(static_cast<int64_t>(q));
}

BilledLine billed(const Claim& claim, const ServiceLine& l) {
  BilledLine b;
  b.code = std::string(l.code);
  for (uint8_t m = 0; m < l.modifier_count; ++m) b.modifiers.emplace_back(l.modifiers[m]);
  b.dates = l.dates;
  b.units = l.units;
  b.charge = l.charge;
  b.place_of_service = std::string(l.place_of_service.empty() ? claim.place_of_service : l.place_of_service);
  return b;
}

void start(const Claim& in, Corrected& out) {
  copy_header(in, out.claim);
  out.origin.clear();
  for (uint32_t i = 0; i < in.lines.size(); ++i) {
    out.claim.lines.push_back(copy_line(in.lines[i], out.claim.arena));
    out.origin.push_back(i);
  }
}

Round apply(const Corrected& in, const ClaimResult& result, uint32_t round, Corrected& out,
            std::vector<FixChange>& changes) {
  Round r;
  const Claim& c = in.claim;
  const size_t n = c.lines.size();
  std::vector<LineFixes> fixes(n);
  if (result.status == ClaimStatus::kChecked && result.lines.size() == n)
    for (size_t i = 0; i < n; ++i) fixes[i] = sort_fixes(result.lines[i]);

  size_t kept = 0;
  bool any = false;
  for (const LineFixes& f : fixes) {
    if (!f.remove) ++kept;
    any = any || f.remove || f.split || f.units || !f.modifiers.empty() || f.place;
  }
  // Nothing to do, or nothing left: the claim as it was.
  const bool all_removed = n > 0 && kept == 0;
  if (!any || all_removed) {
    start(in.claim, out);
    out.origin = in.origin;
    r.all_removed = all_removed;
    return r;
  }

  // The place of service: the claim's when every line that stays moves
  // to the same one; else each line's own.
  std::optional<std::string_view> claim_place;
  {
    std::string_view to;
    bool every = true;
    for (const LineFixes& f : fixes) {
      if (f.remove) continue;
      if (!f.place || (!to.empty() && f.place->fix.value != to)) {
        every = false;
        break;
      }
      to = f.place->fix.value;
    }
    if (every && !to.empty() && to != c.place_of_service) claim_place = to;
  }

  copy_header(c, out.claim);
  out.origin.clear();
  if (claim_place) out.claim.place_of_service = out.claim.arena.copy(*claim_place);
  Arena& arena = out.claim.arena;

  for (size_t i = 0; i < n; ++i) {
    const ServiceLine& l = c.lines[i];
    const LineFixes& f = fixes[i];
    const uint32_t sent = in.origin[i] + 1;
    const BilledLine before = billed(c, l);
    if (f.remove) {
      record(changes, c, sent, round, *f.remove, before, {});
      r.changed = true;
      continue;
    }
    auto place = [&](ServiceLine& x) {
      if (!f.place) return false;
      const std::string_view to = f.place->fix.value;
      if (claim_place) {
        // The claim moves; a line's own place moves with it.
        if (!x.place_of_service.empty() && x.place_of_service != to) x.place_of_service = arena.copy(to);
        return true;
      }
      const std::string_view now = x.place_of_service.empty() ? c.place_of_service : x.place_of_service;
      if (now == to) return false;
      x.place_of_service = arena.copy(to);
      return true;
    };
    if (f.split) {
      std::vector<BilledLine> after;
      for (const Fix::Piece& p : f.split->fix.pieces) {
        ServiceLine x = copy_line(l, arena);
        x.dates = p.dates;
        x.modifier_count = 0;
        x.modifiers = {};
        for (const std::string& m : p.modifiers) add_modifier(x, m, arena);
        x.units = p.units;
        x.charge = charge_for(l, p.units);
        place(x);
        out.claim.lines.push_back(x);
        out.origin.push_back(in.origin[i]);
        after.push_back(billed(out.claim, x));
      }
      record(changes, c, sent, round, *f.split, before, after);
      if (f.place) record(changes, c, sent, round, *f.place, before, after);
      r.changed = true;
      continue;
    }
    ServiceLine x = copy_line(l, arena);
    std::vector<const Edit*> applied;
    if (f.units && f.units->fix.units != x.units) {
      x.charge = charge_for(l, f.units->fix.units);
      x.units = f.units->fix.units;
      applied.push_back(f.units);
    }
    for (const Edit* e : f.modifiers) {
      bool done = false;
      switch (e->fix.kind) {
        case Fix::Kind::kAddModifier: done = add_modifier(x, e->fix.value, arena); break;
        case Fix::Kind::kReplaceModifier: done = replace_modifier(x, e->fix.value, e->fix.value2, arena); break;
        case Fix::Kind::kRemoveModifier: done = remove_modifier(x, e->fix.value); break;
        default: break;
      }
      if (done) applied.push_back(e);
    }
    if (place(x)) applied.push_back(f.place);
    out.claim.lines.push_back(x);
    out.origin.push_back(in.origin[i]);
    if (!applied.empty()) {
      const BilledLine after = billed(out.claim, x);
      for (const Edit* e : applied) record(changes, c, sent, round, *e, before, {after});
      r.changed = true;
    }
  }
  if (claim_place) r.changed = true;
  for (uint32_t k = 0; k < out.claim.lines.size(); ++k) out.claim.lines[k].number = k + 1;
  if (r.changed) {
    Money total;
    for (const ServiceLine& x : out.claim.lines) total += x.charge;
    out.claim.total_charge = total;
  }
  return r;
}

}  // namespace perdiem::fix
