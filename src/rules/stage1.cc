// Stage 1: each line on its own (SPEC §4). These rules see every line.
#include "rules/stages.h"

namespace perdiem::rules {

namespace {
bool in_list(std::string_view v, const std::vector<std::string>& list) {
  for (const auto& s : list)
    if (v == s) return true;
  return false;
}
bool has_prefix(std::string_view v, const std::vector<std::string>& prefixes) {
  for (const auto& p : prefixes)
    if (!p.empty() && v.substr(0, p.size()) == p) return true;
  return false;
}
Fix remove_line() {
  Fix f;
  f.kind = Fix::Kind::kRemoveLine;
  return f;
}
}  // namespace

void place_of_service_home(Context& ctx, const RuleDef& rule) {
  const auto& home = *ctx.compiled.home_place_of_service;
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.fact(i).is(kHomeInfusionService)) continue;
    const ServiceLine& l = ctx.line(i);
    const std::string_view pos = l.place_of_service.empty() ? ctx.claim.place_of_service : l.place_of_service;
    if (in_list(pos, home)) continue;
    Fix fix;
    fix.kind = Fix::Kind::kSetPlaceOfService;
    fix.value = home.empty() ? "12" : home.front();
    ctx.edit(i, rule, pos.empty() ? "missing" : "default", {{"pos", pos}}, std::move(fix));
  }
}

void excluded_drug_type(Context& ctx, const RuleDef& rule) {
  const auto& bo = *ctx.compiled.oral_nutrition_modifier;
  constexpr uint16_t kExcludedRoutes = kRouteOral | kRouteInhaled | kRouteTopical | kRouteIntraArticular;
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    const ServiceLine& l = ctx.line(i);
    // Oral nutrition: enteral formula with modifier BO.
    if (f.is(kEnteralFormula)) {
      bool oral = false;
      for (const auto& m : bo) oral = oral || l.has_modifier(m);
      if (oral) {
        ctx.edit(i, rule, "oral_nutrition", {}, remove_line());
        continue;
      }
    }
    // Intradialytic parenteral nutrition: PN on a day a dialysis per diem covers.
    if (f.is(kTpnPerDiem | kParenteralNutrition)) {
      bool fired = false;
      for (size_t j = 0; j < ctx.size() && !fired; ++j) {
        if (!ctx.fact(j).is(kDialysisPerDiem) || !ctx.overlaps(i, j)) continue;
        const DateSpan& a = l.dates;
        const DateSpan& b = ctx.line(j).dates;
        const DateSpan both{std::max(a.from, b.from), std::min(a.to, b.to)};
        ctx.edit(i, rule, "intradialytic",
                 {{"days", Context::span_text(both)}, {"other_line", ctx.line_ref(j)},
                  {"other_code", ctx.line(j).code}},
                 remove_line());
        fired = true;
      }
      if (fired) continue;
    }
    // Oral, inhaled, topical and osteoarthritis drugs, by route (or class).
    if (!f.is(kProduct) && !f.ref) continue;
    std::string_view what;
    if (f.drug_class == ctx.compiled.class_ids.osteoarthritis || (f.routes & kRouteIntraArticular))
      what = "an osteoarthritis drug (intra-articular)";
    else if (f.routes != 0 && (f.routes & ~kExcludedRoutes) == 0) {
      if (f.routes & kRouteOral) what = "an oral drug";
      else if (f.routes & kRouteInhaled) what = "an inhaled drug";
      else what = "a topical medication";
    }
    if (!what.empty()) ctx.edit(i, rule, "default", {{"what", what}}, remove_line());
  }
}

void supply_bundled(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (f.is(kSupply)) ctx.edit(i, rule, "default", {}, remove_line());
    else if (f.is(kFlush)) ctx.edit(i, rule, "flush", {{"what", ctx.what(i, ctx.text(0))}}, remove_line());
  }
}

void incidental_per_diem(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i)
    if (ctx.fact(i).is(kIncidental)) ctx.edit(i, rule, "default", {}, remove_line());
}

void unlisted_drug_detail(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    const ServiceLine& l = ctx.line(i);
    const bool no_ndc = l.ndc.empty();
    const bool no_desc = l.description.empty();
    std::string_view missing;
    if (f.is(kNocDrug)) {
      if (no_ndc && no_desc) missing = "an NDC and a description";
      else if (no_ndc) missing = "an NDC";
      else if (no_desc) missing = "a description";
    } else if (f.is(kRxNoc) && no_ndc) {
      missing = "an NDC";
    }
    if (missing.empty()) continue;
    Fix fix;
    if (no_ndc) fix.kind = Fix::Kind::kAddNdc;
    ctx.edit(i, rule, "default", {{"missing", missing}}, std::move(fix));
  }
}

void nursing_visit_professional(Context& ctx, const RuleDef& rule) {
  const auto& qualified = *ctx.compiled.qualified_professional_taxonomy;
  for (size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.fact(i).is(kNursingVisit)) continue;
    const char* who = nullptr;
    const std::string_view tax = ctx.rendering_taxonomy(i, &who);
    if (tax.empty()) {
      ctx.edit(i, rule, "missing", {});
      continue;
    }
    if (!has_prefix(tax, qualified))
      ctx.edit(i, rule, "default", {{"who", who}, {"taxonomy", tax}});
  }
}

bool is_registered_nurse(const Context& ctx, size_t i) {
  return has_prefix(ctx.rendering_taxonomy(i), *ctx.compiled.registered_nurse_taxonomy);
}

}  // namespace perdiem::rules
