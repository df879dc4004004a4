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

SpanText overlap_text(const Context& ctx, size_t a, size_t b) {
  const DateSpan& x = ctx.line(a).dates;
  const DateSpan& y = ctx.line(b).dates;
  return Context::span_text({std::max(x.from, y.from), std::min(x.to, y.to)});
}

bool has_fluid_restriction(const Context& ctx) {
  for (std::string_view dx : ctx.claim.diagnoses)
    for (const auto& p : *ctx.compiled.fluid_restriction_diagnosis)
      if (!p.empty() && dx.substr(0, p.size()) == p) return true;
  return false;
}

// The first payable TPN per diem overlapping line i, or npos.
size_t tpn_per_diem_over(const Context& ctx, size_t i) {
  for (size_t j = 0; j < ctx.size(); ++j)
    if (ctx.payable(j) && ctx.fact(j).is(kTpnPerDiem) && ctx.overlaps(i, j)) return j;
  return static_cast<size_t>(-1);
}

}  // namespace

void mutually_exclusive_per_diem(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    // kExclusive: the code is in some pair's first set (most are in none).
    if (!ctx.payable(i) || !ctx.fact(i).is(kPerDiem) || !ctx.fact(i).is(kExclusive)) continue;
    const CodeKey ki = ctx.fact(i).key;
    bool fired = false;
    for (const auto& pair : ctx.pack.exclusive_pairs) {
      if (fired || !pair.first.contains_key(ki)) continue;
      for (size_t j = 0; j < ctx.size(); ++j) {
        if (j == i || !ctx.payable(j) || !ctx.overlaps(i, j) || !pair.second.contains_key(ctx.fact(j).key)) continue;
        const DateSpan& a = ctx.line(i).dates;
        const DateSpan& b = ctx.line(j).dates;
        Fix fix;
        if (b.from <= a.from && a.to <= b.to) fix.kind = Fix::Kind::kRemoveLine;
        ctx.edit(i, rule, "default",
                 {{"other_line", ctx.line_ref(j)}, {"other_code", ctx.line(j).code},
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
               {{"other_line", ctx.line_ref(j)}, {"other_code", ctx.line(j).code},
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
      if (!flush_lines.empty()) flush_lines += ", ";
      append_number(flush_lines, ctx.line(j).number);
      flush_lines += ' ';
      flush_lines += ctx.line(j).code;
    } else if (f.drug_class == ctx.compiled.class_ids.anticoagulant ||
               (ctx.payable(j) && f.is(kProduct) && !f.class_known())) {
      other_anticoagulant = true;  // a real (or possibly real) anticoagulant is billed
    }
  }
  return !flush_lines.empty() && !other_anticoagulant;
}

const Scratch::Coverage& covered_days(const Context& ctx, size_t i) {
  Scratch::Coverage& c = ctx.scratch().coverage[i];
  if (c.snapshot == ctx.snapshot_number()) return c;  // asked before, nothing changed since
  c.snapshot = ctx.snapshot_number();
  c.days = 0;
  c.unverified = false;
  c.partners.clear();
  const Family* fam = ctx.fact(i).family;
  const DateSpan span = ctx.line(i).dates;
  if (!fam) return c;
  if (!fam->needs_product) {
    c.days = span.days();
    return c;
  }
  std::vector<DateSpan>& spans = ctx.scratch().spans;
  spans.clear();
  for (size_t j = 0; j < ctx.size(); ++j) {
    if (j == i || !ctx.payable(j) || !ctx.overlaps(i, j)) continue;
    bool unv = false;
    if (!corresponds(ctx, *fam, j, unv)) continue;
    spans.push_back(ctx.line(j).dates);
    c.partners.push_back(j);
    if (unv) c.unverified = true;
  }
  // The days of `span` within the union of the products' spans: walk them
  // in order of start, counting each day once.
  if (spans.size() > 1)
    std::sort(spans.begin(), spans.end(), [](const DateSpan& a, const DateSpan& b) { return a.from < b.from; });
  Date next = span.from;  // the first day not yet counted
  for (const DateSpan& s : spans) {
    const Date lo = std::max(s.from, next);
    const Date hi = std::min(s.to, span.to);
    if (lo > hi) continue;
    c.days += hi - lo + 1;
    next = hi + 1;
  }
  return c;
}

void per_diem_needs_drug(Context& ctx, const RuleDef& rule) {
  const RuleDef* flush_rule = ctx.compiled.flush_rule;
  const bool flush_rule_applies = flush_rule && ctx.applies(*flush_rule);
  std::string& flush_lines = ctx.text(0);
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kPerDiem) || f.is(kIncidental) || !f.family || !f.family->needs_product) continue;
    if (flush_rule_applies && anticoagulant_only_flush(ctx, i, flush_lines)) continue;
    if (covered_days(ctx, i).days > 0) continue;
    ctx.edit(i, rule, "default", {{"family", f.family->name}});
  }
}

void anticoagulant_per_diem_for_flush(Context& ctx, const RuleDef& rule) {
  std::string& flush_lines = ctx.text(0);
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
    if (!p.is(kProduct) || p.is(kIvSolution) || (p.class_known() && !ctx.compiled.classes[p.drug_class].drug)) continue;
    bool found = false;
    if (!p.class_known()) {
      if (unknown == static_cast<size_t>(-1)) unknown = j;  // cannot be disproved; noted
    } else if (f.is(kVisitChemotherapy)) {
      found = p.drug_class == ctx.compiled.class_ids.chemotherapy;
    } else if (f.is(kVisitSubcutaneous)) {
      found = (p.routes & kRouteSC) != 0;
    } else {
      found = (p.routes & kRouteIV) && p.drug_class != ctx.compiled.class_ids.chemotherapy;
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
    fix.value = ctx.compiled.first_nursing_primary;
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
             {{"what", ctx.what(i, ctx.text(0))}, {"other_line", ctx.line_ref(t)}, {"other_code", ctx.line(t).code}},
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
    ctx.edit(i, rule, "default", {{"what", ctx.what(i, ctx.text(0))}});
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
             {{"other_line", ctx.line_ref(first)}, {"other_code", ctx.line(first).code},
              {"days", overlap_text(ctx, i, first)}},
             remove_line());
  }
}

}  // namespace perdiem::rules
