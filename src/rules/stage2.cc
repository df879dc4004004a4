// Stage 2: subcutaneous and intramuscular injectables (SPEC §4).
#include "rules/stages.h"

namespace perdiem::rules {

namespace {
// An approved medical intravenous therapy: a payable IV drug (not a
// solution or diluent that only keeps a line open).
bool is_iv_therapy(const Context& ctx, size_t j) {
  const LineFacts& f = ctx.fact(j);
  const auto& ids = ctx.compiled.class_ids;
  return ctx.payable(j) && f.is(kProduct) && (f.routes & kRouteIV) && f.drug_class != ids.iv_solution &&
         f.drug_class != ids.diluent && !f.is(kIvSolution);
}
}  // namespace

void injectable_needs_iv_or_nurse(Context& ctx, const RuleDef& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    if (!ctx.payable(i) || !f.is(kProduct) || f.clotting) continue;
    if (!(f.routes & (kRouteSC | kRouteIM)) || (f.routes & kRouteIV)) continue;
    if (is_registered_nurse(ctx, i)) continue;
    bool supported = false;
    for (size_t j = 0; j < ctx.size() && !supported; ++j) {
      if (j == i || !ctx.overlaps(i, j)) continue;
      if (is_iv_therapy(ctx, j)) supported = true;
      else if (ctx.payable(j) && ctx.fact(j).is(kNursingVisit | kProfessionalVisit)) supported = true;
    }
    if (supported) continue;
    const char* route = (f.routes & kRouteSC) && (f.routes & kRouteIM) ? "subcutaneous or intramuscular"
                        : (f.routes & kRouteSC)                       ? "subcutaneous"
                                                                      : "intramuscular";
    ctx.edit(i, rule, "default", {{"route", route}});
  }
}

}  // namespace perdiem::rules
