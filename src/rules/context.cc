// Line classification, the per-claim rule context and its reusable memory.
#include "rules/context.h"

#include "rules/compiled.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace perdiem::rules {

bool is_drug_class(std::string_view c) {
  return !(c.empty() || c == "noc" || c == "enteral-formula" || c == "blood-product" ||
           c == "parenteral-nutrition" || c == "iv-solution" || c == "diluent" ||
           c == "heparin-flush" || c == "electrolyte" || c == "trace-element" || c == "osteoarthritis");
}

void append_number(std::string& out, int64_t n) {
  char buf[20];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

// ---------------------------------------------------------------------------
// Scratch

void Scratch::reset(std::vector<LineResult>& lines, size_t n) {
  for (LineResult& l : lines) {
    for (Edit& e : l.edits)
      if (spare_edits_.size() < kMaxSpare) spare_edits_.push_back(std::move(e));
    l.edits.clear();
    for (std::string& s : l.notes)
      if (spare_notes_.size() < kMaxSpare) spare_notes_.push_back(std::move(s));
    l.notes.clear();
    l.decision = Decision::kPay;
    l.allowed_units = Quantity{};
  }
  while (lines.size() > n) {
    if (spare_lines_.size() < kMaxSpare) spare_lines_.push_back(std::move(lines.back()));
    lines.pop_back();
  }
  while (lines.size() < n) {
    if (spare_lines_.empty()) {
      lines.emplace_back();
    } else {
      lines.push_back(std::move(spare_lines_.back()));
      spare_lines_.pop_back();
    }
  }
}

Edit& Scratch::add_edit(std::vector<Edit>& edits) {
  if (spare_edits_.empty()) return edits.emplace_back();
  edits.push_back(std::move(spare_edits_.back()));
  spare_edits_.pop_back();
  return edits.back();
}

std::string& Scratch::add_note(std::vector<std::string>& notes) {
  if (spare_notes_.empty()) return notes.emplace_back();
  notes.push_back(std::move(spare_notes_.back()));
  spare_notes_.pop_back();
  notes.back().clear();
  return notes.back();
}

// ---------------------------------------------------------------------------
// Classification

namespace {

void lower_into(std::string& out, std::string_view s) {
  out.assign(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

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

// Reads class and route from a NOC line's description (lower case).
void from_description(const Compiled& cp, std::string_view desc_lower, std::string& padded, LineFacts& f) {
  padded.assign(1, ' ');
  padded += desc_lower;
  padded += ' ';
  for (const Compiled::DescriptionClass& cls : cp.description_classes) {
    if (cls.keywords.found_in(padded)) {
      f.drug_class = cls.drug_class;
      break;
    }
  }
  uint16_t r = 0;
  if (cp.intravenous_keywords.found_in(padded)) r |= kRouteIV;
  if (cp.subcutaneous_keywords.found_in(padded)) r |= kRouteSC;
  if (cp.intramuscular_keywords.found_in(padded)) r |= kRouteIM;
  if (cp.oral_keywords.found_in(padded)) r |= kRouteOral;
  // The description fills in a route only where the code does not define
  // one: J8499/J8999 (oral) and J7699 (inhalation) stay what their code says.
  if (r && f.routes == 0) f.routes = r;
}

}  // namespace

void Context::classify() {
  const Compiled& cp = compiled;
  std::vector<LineFacts>& facts = scratch_.facts;
  facts.assign(size(), LineFacts{});
  scratch_.payable.assign(size(), 1);
  facts_ = facts.data();
  payable_ = scratch_.payable.data();
  scratch_.coverage.resize(std::max(scratch_.coverage.size(), size()));
  for (size_t i = 0; i < size(); ++i) scratch_.coverage[i].snapshot = 0;
  changed_ = false;
  all_kinds_ = 0;
  for (size_t i = 0; i < size(); ++i) {
    const ServiceLine& l = claim.lines[i];
    LineFacts& f = facts[i];
    f.key = code_key(l.code);
    // The drug reference rows for the code and the NDC, with their classes.
    const DrugInfo* by_code = nullptr;
    uint16_t code_class = 0;
    if (const CodeInfo* iv = lookup(f.key)) {
      f.kinds = iv->kinds;
      if (iv->family >= 0 && f.is(kPerDiem)) f.family = &pack.families[static_cast<size_t>(iv->family)];
      by_code = iv->drug;
      code_class = iv->drug_class;
    }
    const Compiled::NdcRow* ndc_row = cp.ndc(l.ndc);
    const DrugInfo* by_ndc = ndc_row ? ndc_row->drug : nullptr;
    const uint16_t ndc_class = ndc_row ? ndc_row->drug_class : 0;
    f.ref = by_ndc ? by_ndc : by_code;
    f.ref_is_ndc = by_ndc != nullptr;
    const uint16_t ref_class = by_ndc ? ndc_class : code_class;
    const auto& ids = cp.class_ids;
    if (f.ref) {
      if (ref_class != ids.noc) f.drug_class = ref_class;
      f.routes = f.ref->routes;
      f.tpn = f.ref->tpn;
      f.clotting = f.ref->clotting_factor;
    }
    const bool noc = f.is(kNocDrug | kRxNoc) || (by_code && code_class == ids.noc);
    // Only NOC, flush and nutrition lines read their description.
    std::string_view desc;
    if (noc || f.is(kFlushNoc | kAminoAcid | kParenteralNutrition)) {
      lower_into(scratch_.desc, l.description);
      desc = scratch_.desc;
    }
    if (noc && !by_ndc && !desc.empty()) from_description(cp, desc, scratch_.padded, f);
    if (f.is(kClottingFactor)) f.clotting = true;

    // Flushes and diluents billed on NOC drug lines are supplies.
    if (f.is(kFlushNoc)) {
      const bool ndc_flush = by_ndc && (ndc_class == ids.diluent || ndc_class == ids.heparin_flush);
      const bool desc_flush = !by_ndc && cp.flush_keywords.found_in(desc);
      if (ndc_flush || desc_flush) f.kinds |= kFlush;
      if ((by_ndc && ndc_class == ids.heparin_flush) ||
          (!by_ndc && cp.heparin_flush_keywords.found_in(desc)))
        f.kinds |= kHeparinFlush;
    }
    if (f.ref && ref_class == ids.heparin_flush) f.kinds |= kHeparinFlush;

    // Parenteral nutrition role: amino acid strength and product names
    // decide where the code alone cannot.
    const bool amino = f.is(kAminoAcid) || (noc && cp.amino_acid_keywords.found_in(desc));
    if (amino || noc || f.is(kParenteralNutrition)) {
      if (amino && (cp.specialty_high_keywords.found_in(desc) || strength_percent(desc) >= 15.0))
        f.tpn = TpnRole::kSpecialtyHigh;
      else if (!desc.empty() && cp.tpn_separate_keywords.found_in(desc))
        f.tpn = TpnRole::kSeparate;
      else if (noc && !by_ndc && f.tpn == TpnRole::kNone && cp.tpn_included_keywords.found_in(desc))
        f.tpn = TpnRole::kIncluded;
    }
    // An IV solution billed on a NOC line (its NDC or description says so) is
    // treated like J7030-J7060: incidental to a drug infusion unless hydration.
    if (noc && !f.is(kFlush) && f.drug_class == ids.iv_solution) f.kinds |= kIvSolution;
    if (f.is(kSupply) || f.is(kFlush)) f.kinds &= ~kProduct;
    all_kinds_ |= f.kinds;
  }
}

// ---------------------------------------------------------------------------
// Context

const CodeInfo* Context::lookup(CodeKey k) {
  Scratch::CodeMemo& m = scratch_.codes[(k * 0x9E3779B97F4A7C15u) >> 56];  // Fibonacci hashing
  if (m.key != k || m.serial != compiled.serial) m = {k, compiled.serial, compiled.lookup(k)};
  return m.info;
}

Context::Context(const Pack& pack, const Claim& claim, Date claim_date, Scratch& scratch,
                 std::vector<LineResult>& results)
    : pack(pack), compiled(*pack.compiled), claim(claim), claim_date(claim_date), results(results),
      scratch_(scratch), size_(claim.lines.size()), lines_(claim.lines.data()) {}

void Context::snapshot() {
  // Nothing changed since the last boundary (most claims): same snapshot.
  if (!changed_) return;
  changed_ = false;
  ++snapshot_;
  for (size_t i = 0; i < results.size(); ++i) {
    const Decision d = results[i].decision;
    scratch_.payable[i] = d == Decision::kPay || d == Decision::kReduce || d == Decision::kPend;
  }
}

SpanText Context::span_text(const DateSpan& s) {
  SpanText t;
  s.from.write_iso(t.text);
  t.size = 10;
  if (s.from != s.to) {
    std::copy_n(" to ", 4, t.text + 10);
    s.to.write_iso(t.text + 14);
    t.size = 24;
  }
  return t;
}

std::string_view Context::what(size_t i, std::string& s) const {
  // How messages name the product: the biller's own words first.
  const ServiceLine& l = line(i);
  const LineFacts& f = fact(i);
  s.assign(l.code);
  if (!l.description.empty()) {
    s += " (";
    s += l.description;
    s += ')';
  } else if (f.ref && f.ref_is_ndc) {
    s += " (NDC ";
    s += l.ndc;
    s += ", ";
    s += f.ref->name;
    s += ')';
  } else if (f.ref && f.ref->drug_class != "noc") {
    s += " (";
    s += f.ref->name;
    s += ')';
  }
  return s;
}

std::string Context::line_ref(size_t i) const { return std::to_string(line(i).number); }

std::string& Context::text(size_t k) const {
  std::string& s = scratch_.text[k];
  s.clear();
  return s;
}

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

namespace {

// "S9500-SH": the code with its modifiers, as messages name it.
void append_code(std::string& out, const ServiceLine& l) {
  out += l.code;
  for (uint8_t m = 0; m < l.modifier_count; ++m) {
    out += '-';
    out += l.modifiers[m];
  }
}

// Fills message m for line l into `out`: the names every message may use
// from the line, the others from `args`. False when m uses a name `args`
// does not have.
bool fill(std::string& out, const Message& m, const ServiceLine& l, std::initializer_list<Arg> args) {
  using Part = Message::Part;
  for (const Message::Piece& p : m.pieces) {
    switch (p.part) {
      case Part::kText: out += p.text; break;
      case Part::kLine: append_number(out, l.number); break;
      case Part::kCode: append_code(out, l); break;
      case Part::kDates: out += Context::span_text(l.dates); break;
      case Part::kUnits: out += l.units.short_text(); break;
      case Part::kArg: {
        const Arg* arg = nullptr;
        for (const Arg& a : args)
          if (a.name == p.text) { arg = &a; break; }
        if (!arg) return false;
        out += arg->value;
        break;
      }
    }
  }
  return true;
}

}  // namespace

void Context::edit(size_t i, const RuleDef& rule, std::string_view key, std::initializer_list<Arg> args,
                   Fix fix) {
  const ServiceLine& l = line(i);
  const Message& m = compiled.message(pack, rule, key);
  LineResult& res = results[i];
  Edit& e = scratch_.add_edit(res.edits);
  e.rule = &rule;
  e.decision = rule.decision;
  e.group = rule.group;
  e.carc = rule.carc;
  e.rarc.assign(m.rarc.begin(), m.rarc.end());
  e.message.clear();
  if (!fill(e.message, m, l, args)) {
    // The template uses a name the rule does not give here: render_message
    // leaves it as written, so let it render this one.
    e.message.clear();
    std::string number, code;
    append_number(number, l.number);
    append_code(code, l);
    const SpanText dates = span_text(l.dates);
    const std::string units = l.units.short_text();
    std::vector<MessageArg> all = {{"line", number}, {"code", code}, {"dates", dates}, {"units", units}};
    all.insert(all.end(), args.begin(), args.end());
    append_message(e.message, m.tmpl, all);
  }
  e.fix = std::move(fix);

  if (static_cast<uint8_t>(e.decision) > static_cast<uint8_t>(res.decision)) res.decision = e.decision;
  changed_ = true;
}

std::string& Context::note(size_t i) { return scratch_.add_note(results[i].notes); }

bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified) {
  unverified = false;
  const LineFacts& pf = ctx.fact(p);
  if (!pf.is(kProduct)) return false;
  if (f.excluded_products.contains_key(pf.key)) return false;
  if (pf.is(kHeparinFlush)) return false;
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

}  // namespace perdiem::rules
