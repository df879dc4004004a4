// Pairing per diems with products (pairing.h).
#include "rules/shared/pairing.h"

#include <algorithm>

#include "rules/compiled.h"

namespace perdiem::rules {

bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified) {
  unverified = false;
  const LineFacts& pf = ctx.fact(p);
  if (!pf.is(kFlagProduct)) return false;
  if (f.excluded_products.contains_key(pf.key)) return false;
  if (pf.is(kFlagHeparinFlush)) return false;
  if (f.products.contains_key(pf.key)) return true;
  if (pf.class_known())
    return ctx.compiled.family_classes[static_cast<size_t>(&f - ctx.pack.families.data())][pf.drug_class];
  // A drug the reference does not know pairs with any family whose products
  // are drugs; the pairing is noted as not verified.
  if (f.accepts_unknown) {
    unverified = true;
    return true;
  }
  return false;
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

}  // namespace perdiem::rules
