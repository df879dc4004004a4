// The per-claim rule context and its reusable memory (context.h).
#include "rules/context.h"

#include "rules/compiled.h"

#include <algorithm>
#include <charconv>

namespace perdiem::rules {

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

void Scratch::take_back(std::vector<Edit>& edits, size_t from) {
  for (size_t k = from; k < edits.size(); ++k)
    if (spare_edits_.size() < kMaxSpare) spare_edits_.push_back(std::move(edits[k]));
  edits.resize(from);
}

std::string& Scratch::add_note(std::vector<std::string>& notes) {
  if (spare_notes_.empty()) return notes.emplace_back();
  notes.push_back(std::move(spare_notes_.back()));
  spare_notes_.pop_back();
  notes.back().clear();
  return notes.back();
}

// ---------------------------------------------------------------------------
// Context

const CodeInfo* Context::lookup(CodeKey k) {
  Scratch::CodeMemo& m = scratch_.codes[(k * 0x9E3779B97F4A7C15u) >> 56];  // Fibonacci hashing
  if (m.key != k || m.serial != compiled.serial) m = {k, compiled.serial, compiled.lookup(k)};
  return m.info;
}

Context::Context(const Pack& pack, const Compiled& compiled, const Claim& claim, Date claim_date,
                 Scratch& scratch, std::vector<LineResult>& results)
    : pack(pack), compiled(compiled), claim(claim), claim_date(claim_date), results(results),
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

void Context::edit(size_t i, const Rule& rule, std::string_view key, std::initializer_list<Arg> args,
                   Fix fix) {
  const ServiceLine& l = line(i);
  const Message& m = rule.message(key);
  const RuleDef& def = *rule.def;
  LineResult& res = results[i];
  Edit& e = scratch_.add_edit(res.edits);
  e.rule = &def;
  e.decision = def.decision;
  e.group = def.group;
  e.carc = def.carc;
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

void Context::drop_edits(size_t i, const RuleDef& rule) {
  LineResult& res = results[i];
  auto gone = std::remove_if(res.edits.begin(), res.edits.end(), [&](const Edit& e) { return e.rule == &rule; });
  if (gone == res.edits.end()) return;
  scratch_.take_back(res.edits, static_cast<size_t>(gone - res.edits.begin()));
  res.decision = Decision::kPay;
  for (const Edit& e : res.edits)
    if (static_cast<uint8_t>(e.decision) > static_cast<uint8_t>(res.decision)) res.decision = e.decision;
  changed_ = true;
}

std::string& Context::note(size_t i) { return scratch_.add_note(results[i].notes); }

}  // namespace perdiem::rules
