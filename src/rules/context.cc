// Line classification and the per-claim rule context.
#include "rules/context.h"

#include "rules/compiled.h"

#include <algorithm>
#include <cstdlib>

namespace perdiem::rules {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool contains_any(std::string_view hay, const std::vector<std::string>& needles) {
  for (const auto& n : needles)
    if (!n.empty() && hay.find(n) != std::string_view::npos) return true;
  return false;
}

bool is_drug_class(std::string_view c) {
  return !(c.empty() || c == "noc" || c == "enteral-formula" || c == "blood-product" ||
           c == "parenteral-nutrition" || c == "iv-solution" || c == "diluent" ||
           c == "heparin-flush" || c == "electrolyte" || c == "trace-element" || c == "osteoarthritis");
}

namespace {

// The largest "NN%" strength written in a description, or -1.
double strength_percent(std::string_view d) {
  double best = -1;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i] != '%') continue;
    size_t j = i;
    while (j > 0 && ((d[j - 1] >= '0' && d[j - 1] <= '9') || d[j - 1] == '.')) --j;
    if (j == i) continue;
    best = std::max(best, std::atof(std::string(d.substr(j, i - j)).c_str()));
  }
  return best;
}

// Reads class, route and TPN role from a NOC line's description.
void from_description(const Pack& pack, std::string_view desc_lower, LineFacts& f) {
  std::string padded = " " + std::string(desc_lower) + " ";
  for (const std::string& cls : pack.list("description_class_order")) {
    if (contains_any(padded, pack.list("class:" + cls))) {
      f.drug_class = cls;  // the pack's own string: lives as long as the pack
      break;
    }
  }
  uint16_t r = 0;
  if (contains_any(padded, pack.list("intravenous_keywords"))) r |= kRouteIV;
  if (contains_any(padded, pack.list("subcutaneous_keywords"))) r |= kRouteSC;
  if (contains_any(padded, pack.list("intramuscular_keywords"))) r |= kRouteIM;
  if (contains_any(padded, pack.list("oral_keywords"))) r |= kRouteOral;
  // The description fills in a route only where the code does not define
  // one: J8499/J8999 (oral) and J7699 (inhalation) stay what their code says.
  if (r && f.routes == 0) f.routes = r;
}

}  // namespace

void classify(const Pack& pack, const Claim& claim, std::vector<LineFacts>& out) {
  out.assign(claim.lines.size(), LineFacts{});
  const Compiled& cp = *pack.compiled;
  const CodeSet& flush_noc = *cp.flush_noc;
  for (size_t i = 0; i < claim.lines.size(); ++i) {
    const ServiceLine& l = claim.lines[i];
    LineFacts& f = out[i];
    const CodeKey key = code_key(l.code);
    f.kinds = cp.lookup(key, pack, &f.family);
    if (!f.is(kPerDiem)) f.family = nullptr;

    const DrugInfo* by_code = pack.drug(l.code);
    const DrugInfo* by_ndc = pack.ndc(l.ndc);
    f.ref = by_ndc ? by_ndc : by_code;
    if (f.ref) {
      if (f.ref->drug_class != "noc") f.drug_class = f.ref->drug_class;
      f.routes = f.ref->routes;
      f.tpn = f.ref->tpn;
      f.clotting = f.ref->clotting_factor;
    }
    const std::string desc = lower(l.description);
    const bool noc = f.is(kNocDrug | kRxNoc) || (by_code && by_code->drug_class == "noc");
    if (noc && !by_ndc && !desc.empty()) from_description(pack, desc, f);
    if (f.is(kClottingFactor)) f.clotting = true;

    // Flushes and diluents billed on NOC drug lines are supplies.
    if (flush_noc.contains_key(key)) {
      const bool ndc_flush = by_ndc && (by_ndc->drug_class == "diluent" || by_ndc->drug_class == "heparin-flush");
      const bool desc_flush = !by_ndc && contains_any(desc, *cp.flush_keywords);
      if (ndc_flush || desc_flush) f.kinds |= kFlush;
      if ((by_ndc && by_ndc->drug_class == "heparin-flush") ||
          (!by_ndc && contains_any(desc, *cp.heparin_flush_keywords)))
        f.kinds |= kHeparinFlush;
    }
    if (f.ref && f.ref->drug_class == "heparin-flush") f.kinds |= kHeparinFlush;

    // Parenteral nutrition role: amino acid strength and product names
    // decide where the code alone cannot.
    const bool amino = f.is(kAminoAcid) || (noc && contains_any(desc, *cp.amino_acid_keywords));
    if (amino || noc || f.is(kParenteralNutrition)) {
      if (amino && (contains_any(desc, *cp.specialty_high_keywords) ||
                    strength_percent(desc) >= 15.0))
        f.tpn = TpnRole::kSpecialtyHigh;
      else if (!desc.empty() && contains_any(desc, *cp.tpn_separate_keywords))
        f.tpn = TpnRole::kSeparate;
      else if (noc && !by_ndc && f.tpn == TpnRole::kNone && contains_any(desc, *cp.tpn_included_keywords))
        f.tpn = TpnRole::kIncluded;
    }
    // An IV solution billed on a NOC line (its NDC or description says so) is
    // treated like J7030-J7060: incidental to a drug infusion unless hydration.
    if (noc && !f.is(kFlush) && f.drug_class == "iv-solution") f.kinds |= kIvSolution;
    if (f.is(kSupply) || f.is(kFlush)) f.kinds &= ~kProduct;
  }
}

void Context::snapshot() {
  payable_.resize(results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const Decision d = results[i].decision;
    payable_[i] = d == Decision::kPay || d == Decision::kReduce || d == Decision::kPend;
  }
}

std::string Context::span_text(const DateSpan& s) {
  return s.from == s.to ? s.from.iso() : s.from.iso() + " to " + s.to.iso();
}

std::string Context::what(size_t i) const {
  // How messages name the product: the biller's own words first.
  const ServiceLine& l = line(i);
  const LineFacts& f = fact(i);
  std::string s(l.code);
  if (!l.description.empty()) s += " (" + std::string(l.description) + ")";
  else if (f.ref && f.ref == pack.ndc(l.ndc)) s += " (NDC " + std::string(l.ndc) + ", " + f.ref->name + ")";
  else if (f.ref && f.ref->drug_class != "noc") s += " (" + f.ref->name + ")";
  return s;
}

std::string Context::line_ref(size_t i) const { return std::to_string(line(i).number); }

std::string_view Context::rendering_taxonomy(size_t i, const char** who) const {
  const ServiceLine& l = line(i);
  if (!l.rendering_taxonomy.empty()) {
    if (who) *who = "line's rendering provider";
    return l.rendering_taxonomy;
  }
  if (!claim.rendering_taxonomy.empty()) {
    if (who) *who = "claim's rendering provider";
    return claim.rendering_taxonomy;
  }
  if (who) *who = "billing provider";
  return claim.billing_taxonomy;
}

bool Context::has_edit(size_t i, const RuleDef& rule) const {
  for (const auto& e : results[i].edits)
    if (e.rule == &rule) return true;
  return false;
}

void Context::edit(size_t i, const RuleDef& rule, std::string_view key, std::initializer_list<Arg> args,
                   Fix fix) {
  const ServiceLine& l = line(i);
  std::vector<MessageArg> all;
  all.reserve(args.size() + 4);
  const std::string number = std::to_string(l.number);
  std::string code(l.code);
  for (uint8_t m = 0; m < l.modifier_count; ++m) code += "-" + std::string(l.modifiers[m]);
  const std::string dates = span_text(l.dates);
  const std::string units = l.units.short_text();
  all.push_back({"line", number});
  all.push_back({"code", code});
  all.push_back({"dates", dates});
  all.push_back({"units", units});
  for (const Arg& a : args) all.push_back({a.name, a.value});

  Edit e;
  e.rule = &rule;
  e.decision = rule.decision;
  e.group = rule.group;
  e.carc = rule.carc;
  auto rb = rule.rarc_by_message.find(key);
  const auto& rarc = rb != rule.rarc_by_message.end() ? rb->second : rule.rarc;
  for (const auto& r : rarc) e.rarc.push_back(r);
  e.message = render_message(rule.message(key), all);
  e.fix = std::move(fix);

  LineResult& res = results[i];
  if (static_cast<uint8_t>(e.decision) > static_cast<uint8_t>(res.decision)) res.decision = e.decision;
  res.edits.push_back(std::move(e));
}

bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified) {
  unverified = false;
  const LineFacts& pf = ctx.fact(p);
  if (!pf.is(kProduct)) return false;
  const CodeKey k = code_key(ctx.line(p).code);
  if (f.excluded_products.contains_key(k)) return false;
  if (pf.is(kHeparinFlush)) return false;
  if (f.products.contains_key(k)) return true;
  if (pf.class_known()) {
    for (const auto& c : f.classes) {
      if (c == pf.drug_class) return true;
      if (c == "*" && is_drug_class(pf.drug_class)) return true;
    }
    return false;
  }
  // A drug the reference does not know pairs with any family whose products
  // are drugs; the pairing is noted as not verified.
  if (f.accepts_unknown) {
    unverified = true;
    return true;
  }
  return false;
}

}  // namespace perdiem::rules
