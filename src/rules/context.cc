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
                 Date judged_from, Scratch& scratch, std::vector<LineResult>& results)
    : pack(pack), compiled(compiled), claim(claim), claim_date(claim_date), results(results),
      scratch_(scratch), size_(claim.lines.size()), lines_(claim.lines.data()), judged_from_(judged_from) {}

void Scratch::reset_days(size_t n) {
  for (auto* v : {&billed, &live, &next_live, &rebill}) {
    if (v->size() < n) v->resize(n);
    for (size_t i = 0; i < n; ++i) (*v)[i].clear();
  }
  if (roles.size() < n) roles.resize(n);
  for (size_t i = 0; i < n; ++i) roles[i].clear();
}

void Context::snapshot() {
  // Nothing changed since the last boundary (most claims): same snapshot.
  if (!changed_) return;
  changed_ = false;
  ++snapshot_;
  for (size_t i = 0; i < size_; ++i) scratch_.live[i] = scratch_.next_live[i];
}

void Context::judge(size_t i, const Rule& rule, const DaySet& pass_in, std::string_view key, std::string_view some_key,
                    std::initializer_list<Arg> args, Fix fix) {
  const DaySet& now = live(i);
  const DaySet pass = pass_in & now;
  if (pass == now) return;  // every day it is payable on passes
  DaySet& next = scratch_.next_live[i];
  if (pass.empty()) {
    edit(i, rule, key, args, std::move(fix));
    next.clear();
    changed_ = true;
    return;
  }
  next &= pass;
  changed_ = true;
  Fix split;
  split.kind = Fix::Kind::kSplitLine;
  const DaySet* before = pass_;
  pass_ = &pass;
  if (!is_per_diem(i)) {
    edit(i, rule, rule.def->decision, some_key, args, std::move(split));
  } else if (days(pass) < line(i).units.whole() || !line(i).units.is_integer()) {
    // A per diem: one unit a day. Fewer passing days than units: reduced
    // to them, for the rule's reasons.
    edit(i, rule, Decision::kReduce, some_key, args, std::move(split));
  }
  pass_ = before;
}

void Context::rebill(size_t i, const DaySet& d, const std::vector<uint8_t>& roles, std::string_view second,
                     std::string_view third) {
  scratch_.rebill[i] |= d;
  scratch_.roles[i] = roles;
  scratch_.role_second.assign(second);
  scratch_.role_third.assign(third);
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

}  // namespace

// Fills message m for line i into `out`: the names every message may use
// from the line and the verdict being written, the others from `args`.
// False when m uses a name `args` does not have.
bool Context::fill(std::string& out, const Message& m, size_t i, std::initializer_list<Arg> args) const {
  using Part = Message::Part;
  const ServiceLine& l = line(i);
  for (const Message::Piece& p : m.pieces) {
    switch (p.part) {
      case Part::kText: out += p.text; break;
      case Part::kLine: append_number(out, l.number); break;
      case Part::kCode: append_code(out, l); break;
      case Part::kDates: out += Context::span_text(l.dates); break;
      case Part::kUnits: out += l.units.short_text(); break;
      case Part::kPassing:
      case Part::kFailing: fill_days(out, p.part == Part::kPassing, i); break;
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

void Context::fill_days(std::string& out, bool passing, size_t i) const {
  if (passing) {
    if (pass_) stretches().append_text(out, *pass_);
    return;
  }
  stretches().append_text(out, pass_ ? live(i) - *pass_ : live(i));
}

void Context::edit(size_t i, const Rule& rule, std::string_view key, std::initializer_list<Arg> args, Fix fix) {
  const Decision d = rule.def->decision;
  edit(i, rule, d, key, args, std::move(fix));
  // A denial or bundling of the whole line leaves it no payable day.
  if (d == Decision::kDeny || d == Decision::kBundle) scratch_.next_live[i].clear();
}

void Context::edit(size_t i, const Rule& rule, Decision decision, std::string_view key,
                   std::initializer_list<Arg> args, Fix fix) {
  const ServiceLine& l = line(i);
  const Message& m = rule.message(key);
  const RuleDef& def = *rule.def;
  LineResult& res = results[i];
  Edit& e = scratch_.add_edit(res.edits);
  e.rule = &def;
  e.decision = decision;
  e.group = def.group;
  e.carc = def.carc;
  e.rarc.assign(m.rarc.begin(), m.rarc.end());
  e.message.clear();
  if (!fill(e.message, m, i, args)) {
    // The template uses a name the rule does not give here: render_message
    // leaves it as written, so let it render this one.
    e.message.clear();
    std::string number, code;
    append_number(number, l.number);
    append_code(code, l);
    const SpanText dates = span_text(l.dates);
    const std::string units = l.units.short_text();
    std::string passing, failing;
    fill_days(passing, true, i);
    fill_days(failing, false, i);
    std::vector<MessageArg> all = {{"line", number},   {"code", code},       {"dates", dates},
                                   {"units", units},   {"passing", passing}, {"failing", failing}};
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

namespace {

// Line l's modifiers, with the concurrency role `role` (0 primary, 1
// second, 2 third) in place of the role modifier it has: replaced where it
// stands, added at the end, or taken away.
void with_role(const ServiceLine& l, uint8_t role, std::string_view second, std::string_view third,
               std::vector<std::string>& out) {
  out.clear();
  const std::string_view want = role == 1 ? second : role == 2 ? third : std::string_view();
  bool placed = want.empty();
  for (uint8_t m = 0; m < l.modifier_count; ++m) {
    const std::string_view mod = l.modifiers[m];
    if (mod == second || mod == third) {
      if (!placed) out.emplace_back(want);
      placed = true;
      continue;
    }
    out.emplace_back(mod);
  }
  if (!placed) out.emplace_back(want);
}

}  // namespace

void Context::settle() {
  constexpr uint8_t kKeep = 0xFF;
  const std::string_view second = scratch_.role_second, third = scratch_.role_third;
  for (size_t i = 0; i < size_; ++i) {
    LineResult& lr = results[i];
    const ServiceLine& l = line(i);
    if (!judged(i)) {
      lr.decision = Decision::kNotChecked;
      lr.allowed_units = Quantity{};
      continue;
    }
    // The days it is payable on after every stage.
    const DaySet& last = scratch_.next_live[i];
    if (lr.decision == Decision::kDeny || lr.decision == Decision::kBundle) {
      lr.allowed_units = Quantity{};
    } else if (is_per_diem(i)) {
      const Quantity days_left = Quantity::from_int(days(last));
      lr.allowed_units = days_left < l.units ? days_left : l.units;
    } else {
      lr.allowed_units = l.units;
    }
    // A fix never contradicts another on the same line (SPEC §4): when some
    // edit says to remove the line, the others propose nothing more (an
    // oral drug gets remove_line, not add_ndc too).
    bool remove = false, split = false;
    for (const Edit& e : lr.edits) remove = remove || e.fix.kind == Fix::Kind::kRemoveLine;
    for (Edit& e : lr.edits) {
      if (remove && e.fix.kind != Fix::Kind::kRemoveLine) e.fix = Fix{};
      split = split || e.fix.kind == Fix::Kind::kSplitLine;
    }
    if (!split) continue;
    // The pieces: runs of consecutive days that should be billed (those
    // that pass every rule, and those to bill again with another
    // modifier), each with the modifiers right for its days.
    const DaySet bill = last | scratch_.rebill[i];
    const std::vector<uint8_t>& roles = scratch_.roles[i];
    std::vector<Fix::Piece> pieces;
    std::vector<std::string> mods;
    for (size_t k = bill.first(); k != DaySet::npos; k = bill.next(k)) {
      const Stretches::Stretch& st = stretches().at(k);
      const uint8_t role = k < roles.size() ? roles[k] : kKeep;
      mods.clear();
      if (role == kKeep)
        for (uint8_t m = 0; m < l.modifier_count; ++m) mods.emplace_back(l.modifiers[m]);
      else
        with_role(l, role, second, third, mods);
      if (!pieces.empty() && pieces.back().dates.to + 1 == st.from && pieces.back().modifiers == mods) {
        pieces.back().dates.to = st.to;
      } else {
        Fix::Piece p;
        p.dates = {st.from, st.to};
        p.modifiers = mods;
        pieces.push_back(std::move(p));
      }
    }
    if (is_per_diem(i))
      for (Fix::Piece& p : pieces) {
        p.has_units = true;
        p.units = Quantity::from_int(p.dates.days());
      }
    for (Edit& e : lr.edits)
      if (e.fix.kind == Fix::Kind::kSplitLine) e.fix.pieces = pieces;
  }
}

}  // namespace perdiem::rules
