// The engine: scope, the four stages, line decisions.
#include "perdiem/engine.h"

#include "rules/compiled.h"
#include "rules/context.h"

namespace perdiem {

namespace {

// The rule is on, in force for the claim, and the claim has a line it can edit.
bool runs(const rules::Context& ctx, const rules::Rule& r) {
  const bool lines = (r.starts_from == 0 && r.spec->starts_from_flags == 0) || ctx.any(r.starts_from) ||
                     ctx.any_flag(r.spec->starts_from_flags);
  return lines && ctx.applies(*r.def);
}

// A line that has an edit of `r` loses its edits of the rules `r` replaces.
void settle(rules::Context& ctx, const rules::Rule& r) {
  for (size_t i = 0; i < ctx.size(); ++i)
    if (ctx.has_edit(i, *r.def))
      for (const RuleDef* other : r.replaces) ctx.drop_edits(i, *other);
}

}  // namespace

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

  const rules::Compiled& compiled = packs_->compiled(*pack);
  rules::Context ctx(*pack, compiled, claim, earliest, scratch, out.lines);
  ctx.classify();
  if (!ctx.any(compiled.scope)) {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.assign("no home infusion service line (per diem, S9810, 99601/99602, G0068-G0070 or G0088-G0090)");
    return;
  }

  // The four stages: each rule of a stage sees what the stages before left
  // payable (Context::snapshot); a rule is skipped when the claim has no
  // line it can edit. Edits another rule's replaces are taken back when the
  // stage is done.
  for (int stage = 1; stage <= 4; ++stage) {
    ctx.snapshot();
    for (const rules::Rule* r : compiled.stages[stage])
      if (runs(ctx, *r)) r->spec->check(ctx, *r);
    for (const rules::Rule* r : compiled.stages[stage])
      if (!r->replaces.empty() && runs(ctx, *r)) settle(ctx, *r);
  }
  // Notes on what survives, in the pack's order of rules.
  ctx.snapshot();
  for (const rules::Rule& r : compiled.rules)
    if (r.spec->notes && runs(ctx, r)) r.spec->notes(ctx, r);

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
