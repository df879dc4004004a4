// The engine: scope, the four stages, line decisions.
#include "perdiem/engine.h"

#include "rules/compiled.h"
#include "rules/context.h"
#include "rules/stages.h"

namespace perdiem {

Engine::Engine(std::shared_ptr<const PackSet> packs, CheckOptions options)
    : packs_(std::move(packs)), options_(options) {}

const Pack& Engine::headline_pack() const {
  if (options_.as_of)
    if (const Pack* p = packs_->in_force(*options_.as_of)) return *p;
  return packs_->latest();
}

namespace {

bool rule_applies(const RuleDef& r, Date claim_date) {
  if (!r.enabled) return false;
  if (r.effective && claim_date < *r.effective) return false;
  if (r.expires && *r.expires < claim_date) return false;
  return true;
}

}  // namespace

ClaimResult Engine::check(const Claim& claim) const {
  ClaimResult result;
  if (claim.has_errors() || claim.lines.empty()) {
    result.status = ClaimStatus::kRejected;
    return result;
  }
  const Date earliest = claim.earliest_date();
  const Pack* pack = packs_->in_force(options_.as_of ? *options_.as_of : earliest);
  result.lines.resize(claim.lines.size());
  for (size_t i = 0; i < claim.lines.size(); ++i) result.lines[i].allowed_units = claim.lines[i].units;

  if (!pack) {
    result.status = ClaimStatus::kOutOfScope;
    result.reason = options_.as_of ? "no version of the policy is in force on the --as-of date " + options_.as_of->iso()
                                   : "dates of service begin before the policy's effective date " +
                                         packs_->first().effective.iso();
    return result;
  }
  result.pack = pack;
  if (earliest < pack->effective) {
    result.status = ClaimStatus::kOutOfScope;
    result.reason = "dates of service begin " + earliest.iso() + ", before the policy's effective date " +
                    pack->effective.iso();
    return result;
  }
  if (claim.frequency == "8") {
    result.status = ClaimStatus::kOutOfScope;
    result.reason = "a void/cancel claim (frequency 8) is not edited";
    return result;
  }

  std::vector<rules::LineFacts> facts;
  rules::classify(*pack, claim, facts);
  bool in_scope = false;
  for (const auto& f : facts) in_scope = in_scope || f.is(rules::kHomeInfusionService);
  if (!in_scope) {
    result.status = ClaimStatus::kOutOfScope;
    result.reason = "no home infusion service line (per diem, S9810, 99601/99602, G0068-G0070 or G0088-G0090)";
    return result;
  }

  rules::Context ctx(*pack, claim, facts, result.lines);
  for (int stage = 1; stage <= 4; ++stage) {
    ctx.snapshot();
    for (const rules::StageRule& r : pack->compiled->stages[stage])
      if (rule_applies(*r.def, earliest)) r.fn(ctx, *r.def);
  }
  rules::add_pairing_notes(ctx);

  for (size_t i = 0; i < claim.lines.size(); ++i) {
    LineResult& lr = result.lines[i];
    switch (lr.decision) {
      case Decision::kDeny:
      case Decision::kBundle: lr.allowed_units = Quantity{}; break;
      case Decision::kReduce:
        for (const auto& e : lr.edits)
          if (e.fix.kind == Fix::Kind::kSetUnits && e.fix.units < lr.allowed_units) lr.allowed_units = e.fix.units;
        break;
      default: break;
    }
  }
  return result;
}

}  // namespace perdiem
