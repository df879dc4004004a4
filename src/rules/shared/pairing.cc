// Pairing per diems with products, day by day (pairing.h).
#include "rules/shared/pairing.h"

#include <algorithm>

#include "rules/compiled.h"

namespace perdiem::rules {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

bool in(std::string_view m, const std::vector<std::string>& list) {
  for (const auto& s : list)
    if (m == s) return true;
  return false;
}

// Product lines a and b are the same drug: the same HCPCS code; for an
// unlisted code, the same NDC, else the same description.
bool same_drug(const Context& ctx, size_t a, size_t b) {
  const ServiceLine& x = ctx.line(a);
  const ServiceLine& y = ctx.line(b);
  if (x.code != y.code) return false;
  if (!ctx.fact(a).is(kFlagNoc)) return true;
  if (!x.ndc.empty() || !y.ndc.empty()) return x.ndc == y.ndc;
  return x.description == y.description;
}

// Kuhn's augmenting path for per diem `p` on stretch k: takes a free drug
// it corresponds to, or one held by a per diem that can move to another.
bool augment(const Context& ctx, Scratch::PairingWork& w, size_t p, size_t k, size_t drugs) {
  const size_t nprod = w.products.size();
  for (size_t q = 0; q < nprod; ++q) {
    if (!w.edge[p * nprod + q] || !ctx.live(w.products[q]).has(k)) continue;
    const size_t d = w.identity[q];
    if (d >= drugs || w.seen[d]) continue;
    w.seen[d] = 1;
    if (w.holder[d] == kNone || augment(ctx, w, w.holder[d], k, drugs)) {
      w.holder[d] = p;
      w.held[p] = d;
      return true;
    }
  }
  return false;
}

}  // namespace

bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified) {
  unverified = false;
  const LineFacts& pf = ctx.fact(p);
  if (!pf.is(kFlagProduct)) return false;
  if (f.excluded_products.contains_key(pf.key)) return false;
  if (pf.is(kFlagHeparinFlush)) return false;
  // A family that names its routes takes a product of a known route only
  // by one of them (S9359, intravenous anti-TNF, not subcutaneous).
  if (f.routes != 0 && pf.routes != 0 && (pf.routes & f.routes) == 0) return false;
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

int claimed_role(const ServiceLine& l, const std::vector<std::string>& second, const std::vector<std::string>& third) {
  int role = 0;
  for (uint8_t m = 0; m < l.modifier_count; ++m) {
    if (in(l.modifiers[m], second)) return 1;
    if (in(l.modifiers[m], third)) role = 2;
  }
  return role;
}

const std::vector<Pairing>& pairings(const Context& ctx, uint64_t incidental, const std::vector<std::string>& second,
                                     const std::vector<std::string>& third) {
  Scratch& s = ctx.scratch();
  std::vector<Pairing>& out = s.pairings;
  if (s.pairings_snapshot == ctx.snapshot_number() && out.size() == ctx.size()) return out;
  s.pairings_snapshot = ctx.snapshot_number();
  out.resize(ctx.size());
  for (Pairing& p : out) {
    p.per_diem = p.therapy = p.unverified = false;
    p.own.clear();
    p.partners.clear();
    p.rival = kNone;
  }

  // The per diems that need a product of their own, in the order they are
  // matched; the others settled at once.
  Scratch::PairingWork& w = s.pairing_work;
  w.per_diems.clear();
  w.products.clear();
  for (int pass = 0; pass < 3; ++pass)
    for (size_t i = 0; i < ctx.size(); ++i) {
      const Family* fam = ctx.fact(i).family;
      if (!fam || !ctx.payable(i) || ctx.fact(i).in(incidental)) continue;
      Pairing& pr = out[i];
      pr.per_diem = true;
      if (!fam->needs_product) {  // TPN, venipuncture: its own days
        if (pass == 0) {
          pr.own = ctx.live(i);
          pr.therapy = fam->concurrent;
        }
        continue;
      }
      if (!fam->concurrent) continue;  // catheter care: below
      if (claimed_role(ctx.line(i), second, third) == pass) w.per_diems.push_back(i);
    }
  for (size_t j = 0; j < ctx.size(); ++j)
    if (ctx.payable(j) && ctx.fact(j).is(kFlagProduct)) w.products.push_back(j);

  // Distinct drugs among the products.
  const size_t nprod = w.products.size();
  w.identity.assign(nprod, kNone);
  size_t drugs = 0;
  for (size_t q = 0; q < nprod; ++q) {
    for (size_t r = 0; r < q && w.identity[q] == kNone; ++r)
      if (same_drug(ctx, w.products[q], w.products[r])) w.identity[q] = w.identity[r];
    if (w.identity[q] == kNone) w.identity[q] = drugs++;
  }

  // Which products each per diem corresponds to (the same on every day).
  const size_t nper = w.per_diems.size();
  w.edge.assign(nper * nprod, 0);
  w.unverified.assign(nper * nprod, 0);
  for (size_t p = 0; p < nper; ++p) {
    const Family& fam = *ctx.fact(w.per_diems[p]).family;
    for (size_t q = 0; q < nprod; ++q) {
      if (w.products[q] == w.per_diems[p]) continue;
      bool unv = false;
      if (corresponds(ctx, fam, w.products[q], unv)) {
        w.edge[p * nprod + q] = 1;
        w.unverified[p * nprod + q] = unv;
      }
    }
  }

  // Stretch by stretch: as many per diems matched to distinct drugs as can
  // be, earlier ones first (an earlier one keeps a match when a later one
  // takes its drug, by moving to another).
  // A stretch whose per diems and products are live as on the stretch
  // before it is matched as that one was (most stretches of most claims).
  w.live_now.clear();
  for (size_t k = 0; k < ctx.stretches().size() && nper > 0; ++k) {
    w.live_before.swap(w.live_now);
    w.live_now.clear();
    for (size_t p = 0; p < nper; ++p) w.live_now.push_back(ctx.live(w.per_diems[p]).has(k));
    for (size_t q = 0; q < nprod; ++q) w.live_now.push_back(ctx.live(w.products[q]).has(k));
    if (k > 0 && w.live_now == w.live_before) {
      for (size_t p = 0; p < nper; ++p)
        if (w.live_now[p] && w.held[p] != kNone) out[w.per_diems[p]].own.add(k);
      continue;
    }
    w.holder.assign(drugs, kNone);
    w.held.assign(nper, kNone);
    for (size_t p = 0; p < nper; ++p) {
      if (!ctx.live(w.per_diems[p]).has(k)) continue;
      w.seen.assign(drugs, 0);
      augment(ctx, w, p, k, drugs);
    }
    for (size_t p = 0; p < nper; ++p) {
      const size_t line = w.per_diems[p];
      if (!ctx.live(line).has(k)) continue;
      Pairing& pr = out[line];
      bool some = false;
      for (size_t q = 0; q < nprod; ++q) {
        if (!w.edge[p * nprod + q] || !ctx.live(w.products[q]).has(k)) continue;
        some = true;
        if (w.identity[q] != w.held[p]) continue;
        if (std::find(pr.partners.begin(), pr.partners.end(), w.products[q]) == pr.partners.end())
          pr.partners.push_back(w.products[q]);
        if (w.unverified[p * nprod + q]) pr.unverified = true;
      }
      if (w.held[p] != kNone) {
        pr.own.add(k);
        pr.therapy = true;
      } else if (some && pr.rival == kNone) {
        // Its drug is another per diem's that day.
        for (size_t q = 0; q < nprod && pr.rival == kNone; ++q)
          if (w.edge[p * nprod + q] && ctx.live(w.products[q]).has(k) && w.holder[w.identity[q]] != kNone)
            pr.rival = w.per_diems[w.holder[w.identity[q]]];
      }
    }
  }
  for (size_t p = 0; p < nper; ++p) std::sort(out[w.per_diems[p]].partners.begin(), out[w.per_diems[p]].partners.end());

  // Catheter care: the days some corresponding product is payable.
  for (size_t i = 0; i < ctx.size(); ++i) {
    const Family* fam = ctx.fact(i).family;
    if (!out[i].per_diem || !fam->needs_product || fam->concurrent) continue;
    for (size_t j : w.products) {
      bool unv = false;
      if (j == i || !ctx.meets(i, j) || !corresponds(ctx, *fam, j, unv)) continue;
      out[i].own |= ctx.live(i) & ctx.live(j);
      out[i].partners.push_back(j);
      if (unv) out[i].unverified = true;
    }
  }
  return out;
}

}  // namespace perdiem::rules
