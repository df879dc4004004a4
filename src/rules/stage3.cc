// Stage 3: pairing of per diems with the products they correspond to
// (SPEC §4). These rules see the lines stages 1 and 2 left payable.
#include <algorithm>

#include "rules/stages.h"

namespace perdiem::rules {

namespace {

Fix remove_line() {
  Fix f;
  f.kind = Fix::Kind::kRemoveLine;
  return f;
}

std::string overlap_text(const Context& ctx, size_t a, size_t b) {
  const DateSpan& x = ctx.line(a).dates;
  const DateSpan& y = ctx.line(b).dates;
  return Context::span_text({std::max(x.from, y.from), std::min(x.to, y.to)});
}

bool has_fluid_restriction(const Context& ctx) {
  for (std::string_view dx : ctx.claim.diagnoses)
    for (const auto& p : ctx.pack.list("fluid_restriction_diagnosis"))
      if (!p.empty() && dx.substr(0, p.size()) == p) return true;
  return false;
}

// The first payable TPN per diem overlapping line i, or npos.
size_t tpn_per_diem_over(const Context& ctx, size_t i) {
  for (size_t j = 0; j < ctx.size(); ++j)
    if (ctx.payable(j) && ctx.fact(j).is(kTpnPerDiem) && ctx.overlaps(i, j)) return j;
  return static_cast<size_t>(-1);
}

// The rule is switched on and in force for the claim's dates (as the engine
// decides whether a rule runs).
bool rule_in_force(const Context& ctx, const RuleDef* r) {
  if (!r || !r->enabled) return false;
  const Date d = ctx.claim.earliest_date();
  return !(r->effective && d < *r->effective) && !(r->expires && *r->expires < d);
}

}  // namespace

void mutually_exclusive_per_diem(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).is(kPerDiem)) continue;
    const CodeKey ki = code_key(ctx.line(i).code);
    bool fired = false;
    for (const auto& pair : ctx.pack.exclusive_pairs) {
      if (fired || !pair.first.contains_key(ki)) continue;
      for (size_t j = 0; j < ctx.size(); ++j) {
        if (j == i || !ctx.payable(j) || !ctx.overlaps(i, j) || !pair.second.contains(ctx.line(j).code)) continue;
        const DateSpan& a = ctx.line(i).dates;
        const DateSpan& b = ctx.line(j).dates;
        Fix fix;
        if (b.from <= a.from && a.to <= b.to) fix.kind = Fix::Kind::kRemoveLine;
        ctx.edit(i, rule, "default",
                 {{"other_line", ctx.line_ref(j)}, {"other_code", std::string(ctx.line(j).code)},
                  {"note", pair.note}, {"days", overlap_text(ctx, i, j)}},
                 std::move(fix));
        fired = true;
        break;
      }
    }
  }
}

void hourly_pharmacy_with_per_diem(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).is(kHourlyPharmacy)) continue;
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (!ctx.payable(j) || !ctx.fact(j).is(kPerDiem) || !ctx.overlaps(i, j)) continue;
      ctx.edit(i, rule, "default",
               {{"other_line", ctx.line_ref(j)}, {"other_code", std::string(ctx.line(j).code)},
                {"days", overlap_text(ctx, i, j)}},
               remove_line());
      break;
    }
  }
}

bool anticoagulant_only_flush(const Context& ctx, size_t i, std::string& flush_lines) {
  if (!ctx.fact(i).is(kAnticoagInjection)) return false;
  bool other_anticoagulant = false;
  flush_lines.clear();
  for (size_t j = 0; j < ctx.size(); ++j) {
    if (j == i || !ctx.overlaps(i, j)) continue;
    const LineFacts& f = ctx.fact(j);
    if (f.is(kHeparinFlush)) {
      flush_lines += (flush_lines.empty() ? "" : ", ") + ctx.line_ref(j) + " " + std::string(ctx.line(j).code);
    } else if (f.drug_class == "anticoagulant" ||
               (ctx.payable(j) && f.is(kProduct) && !f.class_known())) {
      other_anticoagulant = true;  // a real (or possibly real) anticoagulant is billed
    }
  }
  return !flush_lines.empty() && !other_anticoagulant;
}

int covered_days(const Context& ctx, size_t i, std::vector<size_t>* partners, bool* unverified) {
  const Family* fam = ctx.fact(i).family;
  const DateSpan span = ctx.line(i).dates;
  if (unverified) *unverified = false;
  if (!fam) return 0;
  if (!fam->needs_product) return span.days();
  std::vector<DateSpan> spans;
  for (size_t j = 0; j < ctx.size(); ++j) {
    if (j == i || !ctx.payable(j) || !ctx.overlaps(i, j)) continue;
    bool unv = false;
    if (!corresponds(ctx, *fam, j, unv)) continue;
    spans.push_back(ctx.line(j).dates);
    if (partners) partners->push_back(j);
    if (unv && unverified) *unverified = true;
  }
  int days = 0;
  for (Date d = span.from; d <= span.to; d = d + 1) {
    for (const DateSpan& s : spans)
      if (s.contains(d)) { ++days; break; }
  }
  return days;
}

void per_diem_needs_drug(Context& ctx, const RuleDef& rule) {
  const RuleDef* flush_rule = ctx.pack.rule("anticoagulant-per-diem-for-flush");
  std::string flush_lines;
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kPerDiem) || f.is(kIncidental) || !f.family || !f.family->needs_product) continue;
    if (rule_in_force(ctx, flush_rule) && anticoagulant_only_flush(ctx, i, flush_lines)) continue;
    if (covered_days(ctx, i, nullptr, nullptr) > 0) continue;
    ctx.edit(i, rule, "default", {{"family", f.family->name}});
  }
}

void anticoagulant_per_diem_for_flush(Context& ctx, const RuleDef& rule) {
  std::string flush_lines;
  for (size_t i = 0; i < ctx.size(); ++i)
    if (ctx.payable(i) && anticoagulant_only_flush(ctx, i, flush_lines))
      ctx.edit(i, rule, "default", {{"flush_lines", flush_lines}});
}

bool visit_has_drug(const Context& ctx, size_t i, size_t* partner, bool* unverified) {
  const LineFacts& f = ctx.fact(i);
  size_t unknown = static_cast<size_t>(-1);
  for (size_t j = 0; j < ctx.size(); ++j) {
    if (!ctx.payable(j) || !ctx.overlaps(i, j)) continue;
    const LineFacts& p = ctx.fact(j);
    if (!p.is(kProduct) || p.is(kIvSolution) || (p.class_known() && !is_drug_class(p.drug_class))) continue;
    bool found = false;
    if (!p.class_known()) {
      if (unknown == static_cast<size_t>(-1)) unknown = j;  // cannot be disproved; noted
    } else if (f.is(kVisitChemotherapy)) {
      found = p.drug_class == "chemotherapy";
    } else if (f.is(kVisitSubcutaneous)) {
      found = (p.routes & kRouteSC) != 0;
    } else {
      found = (p.routes & kRouteIV) && p.drug_class != "chemotherapy";
    }
    if (found) {
      if (partner) *partner = j;
      if (unverified) *unverified = false;
      return true;
    }
  }
  if (unknown == static_cast<size_t>(-1)) return false;
  if (partner) *partner = unknown;
  if (unverified) *unverified = true;
  return true;
}

void visit_needs_drug(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kProfessionalVisit)) continue;
    if (visit_has_drug(ctx, i, nullptr, nullptr)) continue;
    const char* category = f.is(kVisitChemotherapy)   ? "chemotherapy"
                           : f.is(kVisitSubcutaneous) ? "subcutaneous"
                                                      : "intravenous (not chemotherapy)";
    ctx.edit(i, rule, "default", {{"category", category}});
  }
}

void nursing_add_on_needs_primary(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).is(kNursingAddOn)) continue;
    bool primary = false;
    for (size_t j = 0; j < ctx.size() && !primary; ++j)
      primary = ctx.payable(j) && ctx.fact(j).is(kNursingPrimary) && ctx.overlaps(i, j);
    if (primary) continue;
    Fix fix;
    fix.kind = Fix::Kind::kAddLine;
    fix.value = ctx.pack.set("nursing_primary").items().empty() ? "99601" : ctx.pack.set("nursing_primary").items().front();
    fix.dates = ctx.line(i).dates;
    ctx.edit(i, rule, "default", {}, std::move(fix));
  }
}

void tpn_component_included(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || f.tpn != TpnRole::kIncluded || f.is(kPerDiem)) continue;
    const size_t t = tpn_per_diem_over(ctx, i);
    if (t == static_cast<size_t>(-1)) continue;
    ctx.edit(i, rule, "default",
             {{"what", ctx.what(i)}, {"other_line", ctx.line_ref(t)}, {"other_code", std::string(ctx.line(t).code)}},
             remove_line());
  }
}

void specialty_amino_acid_necessity(Context& ctx, const RuleDef& rule) {
  int restricted = -1;  // the diagnoses are read only when a line needs them
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || f.tpn != TpnRole::kSpecialtyHigh) continue;
    if (restricted < 0) restricted = has_fluid_restriction(ctx) ? 1 : 0;
    if (restricted) continue;
    if (tpn_per_diem_over(ctx, i) == static_cast<size_t>(-1)) continue;
    ctx.edit(i, rule, "default", {{"what", ctx.what(i)}});
  }
}

void iv_solution_incidental(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.payable(i) || !ctx.fact(i).is(kIvSolution)) continue;
    size_t first = static_cast<size_t>(-1);
    bool hydration = false;
    for (size_t j = 0; j < ctx.size(); ++j) {
      if (!ctx.payable(j) || !ctx.fact(j).is(kPerDiem) || !ctx.overlaps(i, j)) continue;
      if (ctx.fact(j).is(kHydrationPerDiem)) hydration = true;
      if (first == static_cast<size_t>(-1)) first = j;
    }
    if (first == static_cast<size_t>(-1) || hydration) continue;
    ctx.edit(i, rule, "default",
             {{"other_line", ctx.line_ref(first)}, {"other_code", std::string(ctx.line(first).code)},
              {"days", overlap_text(ctx, i, first)}},
             remove_line());
  }
}

}  // namespace perdiem::rules
