// The engine: scope, the four stages, line decisions.
#include "perdiem/engine.h"

#include <algorithm>

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
  scratch.reset(out.lines, claim.lines.size());
  // Until judged, no line is: an out-of-scope claim's lines stay so.
  for (LineResult& lr : out.lines) lr.decision = Decision::kNotChecked;

  // Scope (SPEC §4): the claim's first day of service on or after the
  // effective date of the pack's earliest version decides the version in
  // force; a line that ends before that version's effective date is not
  // judged, and one early line never takes the rest of a claim out.
  const Date policy_start = packs_->first().effective;
  bool any_day = false;
  Date first_day{};
  for (const ServiceLine& l : claim.lines) {
    if (l.dates.to < policy_start) continue;
    const Date d = std::max(l.dates.from, policy_start);
    first_day = any_day ? std::min(first_day, d) : d;
    any_day = true;
  }
  if (!any_day) {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.append("every date of service is before the policy's effective date ").append(policy_start.iso());
    return;
  }
  const Pack* pack = packs_->in_force(options_.as_of ? *options_.as_of : first_day);
  if (!pack) {
    out.status = ClaimStatus::kOutOfScope;
    if (options_.as_of)
      out.reason.append("no version of the policy is in force on the --as-of date ").append(options_.as_of->iso());
    else
      out.reason.append("no version of the policy is in force on ").append(first_day.iso());
    return;
  }
  out.pack = pack;
  if (claim.frequency == "8") {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.assign("void");
    return;
  }

  const rules::Compiled& compiled = packs_->compiled(*pack);
  rules::Context ctx(*pack, compiled, claim, first_day, pack->effective, scratch, out.lines);
  ctx.classify();
  if (!ctx.any(compiled.scope)) {
    out.status = ClaimStatus::kOutOfScope;
    out.reason.assign("no home infusion service line (per diem, S9810, 99601/99602, G0068-G0070 or G0088-G0090)");
    if (pack->effective != claim.earliest_date() && claim.earliest_date() < pack->effective)
      out.reason.append(" on or after the policy's effective date ").append(pack->effective.iso());
    return;
  }
  for (LineResult& lr : out.lines) lr.decision = Decision::kPay;

  // The four stages: each rule of a stage sees the days the stages before
  // left payable (Context::snapshot); a rule is skipped when the claim has
  // no line it can edit. Edits another rule's replaces are taken back when
  // the stage is done.
  for (int stage = 1; stage <= 4; ++stage) {
    ctx.snapshot();
    for (const rules::Rule* r : compiled.stages[stage])
      if (runs(ctx, *r)) r->spec->check(ctx, *r);
    for (const rules::Rule* r : compiled.replacing[stage])
      if (runs(ctx, *r)) settle(ctx, *r);
  }
  // Notes on what survives, in the pack's order of rules.
  ctx.snapshot();
  for (const rules::Rule* r : compiled.with_notes)
    if (runs(ctx, *r)) r->spec->notes(ctx, *r);
  for (size_t i = 0; i < claim.lines.size(); ++i)
    if (!ctx.judged(i))
      ctx.note(i).append("Not judged: the line ends before the policy's effective date ").append(pack->effective.iso()).append(".");
  // Allowed units and the pieces of split_line fixes, from the days that
  // pass every rule.
  ctx.settle();
}

}  // namespace perdiem
