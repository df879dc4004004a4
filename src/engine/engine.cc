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

ClaimResult Engine::check(const Claim& claim) const {
  ClaimResult result;
  check(claim, result);
  return result;
}

void Engine::check(const Claim& claim, ClaimResult& out) const {
  // The engine is shared by every thread; its working memory is not.
  thread_local rules::Scratch scratch;

  out.status = ClaimStatus::kChecked;
  out.reason.clear();
  out.pack = nullptr;
  if (claim.has_errors() || claim.lines.empty()) {
    out.status = ClaimStatus::kRejected;
    scratch.reset(out.lines, 0);
    return;
  }
  const Date earliest = claim.earliest_date();
  const Pack* pack = packs_->in_force(options_.as_of ? *options_.as_of : earliest);
  scratch.reset(out.lines, claim.lines.size());
  for (size_t i = 0; i < claim.lines.size(); ++i) out.lines[i].allowed_units = claim.lines[i].units;

  if (!pack) {
    out.status = ClaimStatus::kOutOfScope;
    if (options_.as_of)
      out.reason.append("no version of the policy is in force on the --as-of date ").append(options_.as_of->iso());
    else
      out.reason.append("dates of service begin before the policy's effective date ")
          .append(packs_->first().effective.iso());
    return;
  }
  out.pack = pack;
  if (earliest < pack->effective) {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.append("dates of service begin ")
        .append(earliest.iso())
        .append(", before the policy's effective date ")
        .append(pack->effective.iso());
    return;
  }
  if (claim.frequency == "8") {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.assign("a void/cancel claim (frequency 8) is not edited");
    return;
  }

  rules::Context ctx(*pack, claim, earliest, scratch, out.lines);
  ctx.classify();
  if (!ctx.any(rules::kHomeInfusionService)) {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.assign("no home infusion service line (per diem, S9810, 99601/99602, G0068-G0070 or G0088-G0090)");
    return;
  }

  for (int stage = 1; stage <= 4; ++stage) {
    ctx.snapshot();
    for (const rules::StageRule& r : pack->compiled->stages[stage])
      if ((r.kinds == 0 || ctx.any(r.kinds)) && ctx.applies(*r.def)) r.fn(ctx, *r.def);
  }
  rules::add_pairing_notes(ctx);

  for (size_t i = 0; i < claim.lines.size(); ++i) {
    LineResult& lr = out.lines[i];
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
}

}  // namespace perdiem
