// The result writers (SPEC §3): json, ndjson, csv and table, plus the names
// of decisions and statuses and the run totals.
//
// Choices the SPEC leaves open (for the project docs):
// - json is pretty-printed, 2 spaces, keys in a fixed order, scalar lists
//   (modifiers, rarc) on one line; ndjson is the same object, compact.
// - "source" always carries "file", "segment" and "offset" (JSON input has
//   segment 0), so every record has one shape.
// - An out_of_scope claim's lines are written as paid in full (allowed_units =
//   units) with no edits, whatever the engine left in them; a rejected claim
//   has "lines": [] since its lines may be unreadable.
// - A "fix" of kind add_line carries "from"/"to" only when Fix::dates was set
//   (a from date other than the 1970-01-01 zero value).
// - csv: RFC 4180 quoting, LF line ends; the "carc" column holds
//   group-CARC ("CO-151"); with several edits the rules, carc, rarc and
//   messages columns list one item per edit, in the same order, joined by
//   "; " (an edit's own RARCs are joined by ","). An out_of_scope line's
//   messages column holds the reason; a rejected claim's row holds its
//   problems with their place ("... (segment 64, offset 3120, SV104)").
// - Only json writes file problems (held until end(), as the top-level
//   "problems" array follows "claims"); ndjson, csv and table write nothing
//   for them. "totals.file_problems" is the caller's count in Totals.
// - Text is valid UTF-8 in every format (ill-formed bytes become U+FFFD); the
//   table also turns control characters into '?', so nothing in an input
//   file can drive the terminal.
#include <algorithm>
#include <array>
#include <vector>

#include "json_emit.h"
#include "perdiem/result.h"
#include "perdiem/writer.h"
#include "text_out.h"

#ifndef PERDIEM_VERSION
#define PERDIEM_VERSION "0.0.0"
#endif

namespace perdiem {

// ---------------------------------------------------------------- names

namespace {
constexpr std::array<const char*, 5> kDecisionNames = {"pay", "reduce", "pend", "bundle", "deny"};
}  // namespace

const char* decision_name(Decision d) {
  const auto i = static_cast<size_t>(d);
  return i < kDecisionNames.size() ? kDecisionNames[i] : "pay";
}

bool parse_decision(std::string_view s, Decision& out) {
  for (size_t i = 0; i < kDecisionNames.size(); ++i) {
    if (s == kDecisionNames[i]) {
      out = static_cast<Decision>(i);
      return true;
    }
  }
  return false;
}

const char* status_name(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::kChecked: return "checked";
    case ClaimStatus::kOutOfScope: return "out_of_scope";
    case ClaimStatus::kRejected: return "rejected";
  }
  return "checked";
}

bool parse_output_format(std::string_view s, OutputFormat& out) {
  if (s == "json") out = OutputFormat::kJson;
  else if (s == "ndjson") out = OutputFormat::kNdjson;
  else if (s == "table") out = OutputFormat::kTable;
  else if (s == "csv") out = OutputFormat::kCsv;
  else return false;
  return true;
}

// ---------------------------------------------------------------- lines as written

namespace {

// What a writer prints for line i of a claim: the engine's result, except
// that out_of_scope lines (and lines the result does not cover) are paid in
// full with no edits.
struct LineView {
  const ServiceLine& line;
  uint32_t number;
  Decision decision;
  Quantity allowed;
  const std::vector<Edit>* edits;        // null: none
  const std::vector<std::string>* notes; // null: none
};

LineView line_view(const Claim& claim, const ClaimResult& r, size_t i) {
  const ServiceLine& l = claim.lines[i];
  const uint32_t number = l.number != 0 ? l.number : static_cast<uint32_t>(i + 1);
  const LineResult* lr = i < r.lines.size() ? &r.lines[i] : nullptr;
  if (lr == nullptr) return {l, number, Decision::kPay, l.units, nullptr, nullptr};
  const auto* notes = lr->notes.empty() ? nullptr : &lr->notes;
  if (r.status == ClaimStatus::kOutOfScope) return {l, number, Decision::kPay, l.units, nullptr, notes};
  return {l, number, lr->decision, lr->allowed_units, lr->edits.empty() ? nullptr : &lr->edits, notes};
}

}  // namespace

void Totals::add(const Claim& claim, const ClaimResult& result) {
  ++claims;
  switch (result.status) {
    case ClaimStatus::kChecked: ++checked; break;
    case ClaimStatus::kOutOfScope: ++out_of_scope; break;
    case ClaimStatus::kRejected: ++rejected; return;  // its lines are not counted
  }
  for (size_t i = 0; i < claim.lines.size(); ++i) {
    Decision d = Decision::kPay;
    if (result.status == ClaimStatus::kChecked && i < result.lines.size()) d = result.lines[i].decision;
    const auto k = static_cast<size_t>(d) < 5 ? static_cast<size_t>(d) : 0;
    ++lines;
    ++by_decision[k];
    charge += claim.lines[i].charge;
    charge_by_decision[k] += claim.lines[i].charge;
  }
}

// ---------------------------------------------------------------- json

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      uint32_t cp = 0;
      size_t skip = 0;
      const size_t n = output::utf8_decode(s, i, cp, skip);
      if (n != 0 && cp != 0x2028 && cp != 0x2029) {
        i += n;
        continue;
      }
      out.append(s.data() + run, i - run);
      if (n == 0) {
        out += output::kReplacement;
        i += skip;
      } else {
        // Valid JSON either way; escaped so the text is also safe inside a
        // <script> of the web page.
        out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        i += n;
      }
      run = i;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(esc, 6);
      }
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

namespace {

using output::JsonEmitter;

const char* severity_name(Severity s) { return s == Severity::kWarning ? "warning" : "error"; }

void emit_problem(JsonEmitter& e, const Problem& p, std::string_view file, bool with_file) {
  e.begin_object();
  if (with_file) e.kv("file", file);
  e.kv("message", p.message);
  e.kv_uint("segment", p.segment);
  e.kv_uint("offset", p.offset);
  if (!p.element.empty()) e.kv("element", p.element);
  e.kv("severity", severity_name(p.severity));
  e.end_object();
}

void emit_fix(JsonEmitter& e, const Fix& f) {
  if (f.kind == Fix::Kind::kNone) return;
  e.key("fix");
  e.begin_object();
  switch (f.kind) {
    case Fix::Kind::kNone: break;
    case Fix::Kind::kSetUnits: e.key("set_units"); e.quantity(f.units); break;
    case Fix::Kind::kAddModifier: e.kv("add_modifier", f.value); break;
    case Fix::Kind::kReplaceModifier:
      e.key("replace_modifier");
      e.begin_object();
      e.kv("from", f.value);
      e.kv("to", f.value2);
      e.end_object();
      break;
    case Fix::Kind::kRemoveModifier: e.kv("remove_modifier", f.value); break;
    case Fix::Kind::kSetPlaceOfService: e.kv("set_place_of_service", f.value); break;
    case Fix::Kind::kRemoveLine: e.key("remove_line"); e.boolean(true); break;
    case Fix::Kind::kAddNdc: e.key("add_ndc"); e.boolean(true); break;
    case Fix::Kind::kAddLine:
      e.key("add_line");
      e.begin_object();
      e.kv("code", f.value);
      if (f.dates.from.days() != 0) {
        e.key("from");
        e.date(f.dates.from);
        e.key("to");
        e.date(f.dates.to);
      }
      e.end_object();
      break;
  }
  e.end_object();
}

void emit_edit(JsonEmitter& e, const Edit& ed) {
  e.begin_object();
  e.kv("rule", ed.rule ? std::string_view(ed.rule->id) : std::string_view());
  e.kv("decision", decision_name(ed.decision));
  e.kv("group", ed.group);
  e.kv("carc", ed.carc);
  e.key("rarc");
  e.begin_array(true);
  for (std::string_view r : ed.rarc) e.string(r);
  e.end_array();
  e.kv("message", ed.message);
  e.kv("citation", ed.rule ? std::string_view(ed.rule->citation) : std::string_view());
  emit_fix(e, ed.fix);
  e.end_object();
}

void emit_line(JsonEmitter& e, const LineView& v) {
  const ServiceLine& l = v.line;
  e.begin_object();
  e.kv_uint("line", v.number);
  e.kv("code", l.code);
  e.key("modifiers");
  e.begin_array(true);
  for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) e.string(l.modifiers[m]);
  e.end_array();
  if (!l.ndc.empty()) e.kv("ndc", l.ndc);
  e.key("from");
  e.date(l.dates.from);
  e.key("to");
  e.date(l.dates.to);
  e.key("units");
  e.quantity(l.units);
  e.key("allowed_units");
  e.quantity(v.allowed);
  e.key("charge");
  e.money(l.charge);
  e.kv("decision", decision_name(v.decision));
  e.key("edits");
  e.begin_array();
  if (v.edits)
    for (const Edit& ed : *v.edits) emit_edit(e, ed);
  e.end_array();
  if (v.notes) {
    e.key("notes");
    e.begin_array();
    for (const std::string& n : *v.notes) e.string(n);
    e.end_array();
  }
  e.end_object();
}

void emit_claim(JsonEmitter& e, const Claim& claim, const ClaimResult& r) {
  e.begin_object();
  e.kv("claim_id", claim.claim_id);
  e.kv("status", status_name(r.status));
  if (r.status == ClaimStatus::kOutOfScope) e.kv("reason", r.reason);
  if (r.pack) e.kv("policy_version", r.pack->version);
  e.key("source");
  e.begin_object();
  e.kv("file", claim.file);
  e.kv_uint("segment", claim.source.segment);
  e.kv_uint("offset", claim.source.offset);
  e.end_object();
  e.key("problems");
  e.begin_array();
  for (const Problem& p : claim.problems) emit_problem(e, p, {}, false);
  e.end_array();
  e.key("lines");
  e.begin_array();
  if (r.status != ClaimStatus::kRejected)
    for (size_t i = 0; i < claim.lines.size(); ++i) emit_line(e, line_view(claim, r, i));
  e.end_array();
  e.end_object();
}

void emit_totals(JsonEmitter& e, const Totals& t) {
  e.begin_object();
  e.kv_uint("claims", t.claims);
  e.kv_uint("checked", t.checked);
  e.kv_uint("out_of_scope", t.out_of_scope);
  e.kv_uint("rejected", t.rejected);
  e.kv_uint("lines", t.lines);
  e.key("decisions");
  e.begin_object();
  for (size_t i = 0; i < 5; ++i) e.kv_uint(kDecisionNames[i], t.by_decision[i]);
  e.end_object();
  e.key("charge");
  e.money(t.charge);
  e.key("charge_by_decision");
  e.begin_object();
  for (size_t i = 0; i < 5; ++i) {
    e.key(kDecisionNames[i]);
    e.money(t.charge_by_decision[i]);
  }
  e.end_object();
  e.kv_uint("file_problems", t.file_problems);
  e.end_object();
}

// What the headers name of the policy, copied so that a writer does not
// depend on the Pack outliving it.
struct PolicyId {
  explicit PolicyId(const Pack& p) : id(p.id), version(p.version), name(p.name), effective(p.effective) {}
  std::string id, version, name;
  Date effective;
};

class JsonWriter final : public ResultWriter {
 public:
  explicit JsonWriter(const Pack& policy) : policy_(policy) {}

  void begin(std::string& out) override {
    out += "{\n  \"tool\": ";
    {
      JsonEmitter e(out, 2, 1);
      e.begin_object();
      e.kv("name", "perdiem");
      e.kv("version", PERDIEM_VERSION);
      e.end_object();
    }
    out += ",\n  \"policy\": ";
    {
      JsonEmitter e(out, 2, 1);
      e.begin_object();
      e.kv("id", policy_.id);
      e.kv("version", policy_.version);
      e.key("effective");
      e.date(policy_.effective);
      e.kv("name", policy_.name);
      e.end_object();
    }
    out += ",\n  \"claims\": [";
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& result, bool first) const override {
    out += first ? "\n    " : ",\n    ";
    JsonEmitter e(out, 2, 2);
    emit_claim(e, claim, result);
  }

  void file_problem(std::string&, std::string_view file, const Problem& p) override {
    // The top-level "problems" array follows "claims"; held until end().
    problems_.push_back({std::string(file), p});
  }

  void end(std::string& out, const Totals& totals) override {
    out += totals.claims > 0 ? "\n  ],\n  \"problems\": " : "],\n  \"problems\": ";
    {
      JsonEmitter e(out, 2, 1);
      e.begin_array();
      for (const auto& [file, p] : problems_) emit_problem(e, p, file, true);
      e.end_array();
    }
    out += ",\n  \"totals\": ";
    {
      JsonEmitter e(out, 2, 1);
      emit_totals(e, totals);
    }
    out += "\n}\n";
    problems_.clear();
  }

 private:
  PolicyId policy_;
  std::vector<std::pair<std::string, Problem>> problems_;
};

class NdjsonWriter final : public ResultWriter {
 public:
  void begin(std::string&) override {}
  void write_claim(std::string& out, const Claim& claim, const ClaimResult& result, bool) const override {
    write_claim_json(out, claim, result);
    out += '\n';
  }
  void file_problem(std::string&, std::string_view, const Problem&) override {}
  void end(std::string&, const Totals&) override {}
};

}  // namespace

void write_claim_json(std::string& out, const Claim& claim, const ClaimResult& result) {
  JsonEmitter e(out, -1, 0);
  emit_claim(e, claim, result);
}

// ---------------------------------------------------------------- csv

namespace {

void csv_field(std::string& out, std::string_view s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    output::append_clean(out, s, true);
    return;
  }
  out += '"';
  size_t start = 0;
  for (size_t q = s.find('"'); q != std::string_view::npos; q = s.find('"', start)) {
    output::append_clean(out, s.substr(start, q + 1 - start), true);
    out += '"';
    start = q + 1;
  }
  output::append_clean(out, s.substr(start), true);
  out += '"';
}

// Location of a problem in words: " (segment 21, offset 1034, SV104)".
void append_problem_location(std::string& out, const Problem& p) {
  if (p.segment == 0 && p.offset == 0 && p.element.empty()) return;
  out += " (";
  bool any = false;
  if (p.segment != 0) {
    out += "segment ";
    output::append_uint(out, p.segment);
    any = true;
  }
  if (p.segment != 0 || p.offset != 0) {
    out += any ? ", offset " : "offset ";
    output::append_uint(out, p.offset);
    any = true;
  }
  if (!p.element.empty()) {
    if (any) out += ", ";
    out += p.element;
  }
  out += ')';
}

class CsvWriter final : public ResultWriter {
 public:
  void begin(std::string& out) override {
    out += "claim_id,status,line,code,modifiers,from,to,units,allowed_units,charge,decision,rules,carc,rarc,messages\n";
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& r, bool) const override {
    std::string scratch_;  // local: write_claim is const and thread-safe
    if (r.status == ClaimStatus::kRejected || claim.lines.empty()) {
      for (const Problem& p : claim.problems) {
        if (!scratch_.empty()) scratch_ += "; ";
        scratch_ += p.message;
        append_problem_location(scratch_, p);
      }
      if (r.status == ClaimStatus::kOutOfScope && scratch_.empty()) scratch_ = r.reason;
      csv_field(out, claim.claim_id);
      out += ',';
      out += status_name(r.status);
      out += ",,,,,,,,,,,,,";
      csv_field(out, scratch_);
      out += '\n';
      return;
    }
    for (size_t i = 0; i < claim.lines.size(); ++i) {
      const LineView v = line_view(claim, r, i);
      const ServiceLine& l = v.line;
      csv_field(out, claim.claim_id);
      out += ',';
      out += status_name(r.status);
      out += ',';
      output::append_uint(out, v.number);
      out += ',';
      csv_field(out, l.code);
      out += ',';
      scratch_.clear();
      for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) {
        if (m) scratch_ += ':';
        scratch_ += l.modifiers[m];
      }
      csv_field(out, scratch_);
      out += ',';
      output::append_date(out, l.dates.from);
      out += ',';
      output::append_date(out, l.dates.to);
      out += ',';
      output::append_quantity(out, l.units);
      out += ',';
      output::append_quantity(out, v.allowed);
      out += ',';
      output::append_money(out, l.charge);
      out += ',';
      out += decision_name(v.decision);
      out += ',';
      joined(out, v, [](std::string& s, const Edit& e) {
        if (e.rule) s += e.rule->id;
      });
      out += ',';
      joined(out, v, [](std::string& s, const Edit& e) {
        s += e.group;
        if (!e.group.empty() && !e.carc.empty()) s += '-';
        s += e.carc;
      });
      out += ',';
      joined(out, v, [](std::string& s, const Edit& e) {
        for (size_t k = 0; k < e.rarc.size(); ++k) {
          if (k) s += ',';
          s += e.rarc[k];
        }
      });
      out += ',';
      if (r.status == ClaimStatus::kOutOfScope) {
        csv_field(out, r.reason);
      } else {
        joined(out, v, [](std::string& s, const Edit& e) { s += e.message; });
      }
      out += '\n';
    }
  }

  void file_problem(std::string&, std::string_view, const Problem&) override {}
  void end(std::string&, const Totals&) override {}

 private:
  template <typename F>
  static void joined(std::string& out, const LineView& v, F item) {
    std::string scratch_;
    if (v.edits) {
      for (size_t k = 0; k < v.edits->size(); ++k) {
        if (k) scratch_ += "; ";
        item(scratch_, (*v.edits)[k]);
      }
    }
    csv_field(out, scratch_);
  }

};

// ---------------------------------------------------------------- table

// Display width of clean UTF-8 text: one column per code point.
size_t width(std::string_view s) {
  size_t w = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

std::string clean(std::string_view s) {
  std::string out;
  output::append_clean(out, s, false);
  return out;
}

void pad(std::string& out, size_t have, size_t want) {
  if (want > have) out.append(want - have, ' ');
}

std::string fix_text(const Fix& f) {
  std::string s;
  switch (f.kind) {
    case Fix::Kind::kNone: break;
    case Fix::Kind::kSetUnits:
      s = "set units to ";
      output::append_quantity(s, f.units);
      break;
    case Fix::Kind::kAddModifier: s = "add modifier " + clean(f.value); break;
    case Fix::Kind::kReplaceModifier:
      s = "replace modifier " + clean(f.value) + " with " + clean(f.value2);
      break;
    case Fix::Kind::kRemoveModifier: s = "remove modifier " + clean(f.value); break;
    case Fix::Kind::kSetPlaceOfService: s = "set place of service to " + clean(f.value); break;
    case Fix::Kind::kRemoveLine: s = "remove the line"; break;
    case Fix::Kind::kAddNdc: s = "add the drug's 11-digit NDC"; break;
    case Fix::Kind::kAddLine:
      s = "add a line for " + clean(f.value);
      if (f.dates.from.days() != 0) {
        s += " on ";
        output::append_date(s, f.dates.from);
        if (f.dates.to != f.dates.from) {
          s += "..";
          output::append_date(s, f.dates.to);
        }
      }
      break;
  }
  return s;
}

class TableWriter final : public ResultWriter {
 public:
  explicit TableWriter(const Pack& policy) : policy_(policy) {}

  void begin(std::string& out) override {
    out += "perdiem " PERDIEM_VERSION ", policy ";
    out += clean(policy_.id);
    if (!policy_.version.empty()) out += " version " + clean(policy_.version);
    if (!policy_.name.empty()) out += " (" + clean(policy_.name) + ")";
    out += ", effective ";
    output::append_date(out, policy_.effective);
    out += '\n';
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& r, bool) const override {
    out += '\n';
    out += claim.claim_id.empty() ? std::string("(no claim id)") : clean(claim.claim_id);
    out += "  ";
    out += status_name(r.status);
    if (!claim.file.empty() || claim.source.segment != 0) {
      out += "  ";
      out += claim.file.empty() ? std::string("-") : clean(claim.file);
      if (claim.source.segment != 0) {
        out += ':';
        output::append_uint(out, claim.source.segment);
      }
    }
    if (r.pack && !r.pack->version.empty()) out += "  policy " + clean(r.pack->version);
    out += '\n';
    if (r.status == ClaimStatus::kOutOfScope && !r.reason.empty())
      out += "  out of scope: " + clean(r.reason) + "\n";
    for (const Problem& p : claim.problems) {
      std::string msg = clean(p.message);
      append_problem_location(msg, p);
      out += "  ";
      out += severity_name(p.severity);
      out += ": " + msg + "\n";
    }
    if (r.status == ClaimStatus::kRejected || claim.lines.empty()) return;

    // Cells first, then widths, then the rows with their edits.
    static constexpr size_t kCols = 6;
    static constexpr std::array<const char*, kCols> kHead = {"line", "code", "dates", "units", "charge", "decision"};
    std::vector<std::array<std::string, kCols>> rows;
    rows.reserve(claim.lines.size());
    std::array<size_t, kCols> w{};
    for (size_t c = 0; c < kCols; ++c) w[c] = width(kHead[c]);
    for (size_t i = 0; i < claim.lines.size(); ++i) {
      const LineView v = line_view(claim, r, i);
      const ServiceLine& l = v.line;
      std::array<std::string, kCols> row;
      output::append_uint(row[0], v.number);
      row[1] = clean(l.code);
      for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) row[1] += "-" + clean(l.modifiers[m]);
      output::append_date(row[2], l.dates.from);
      if (l.dates.to != l.dates.from) {
        row[2] += "..";
        output::append_date(row[2], l.dates.to);
      }
      output::append_quantity(row[3], l.units);
      if (v.allowed != l.units) {
        row[3] += " -> ";
        output::append_quantity(row[3], v.allowed);
      }
      output::append_money(row[4], l.charge);
      row[5] = decision_name(v.decision);
      for (size_t c = 0; c < kCols; ++c) w[c] = std::max(w[c], width(row[c]));
      rows.push_back(std::move(row));
    }
    const auto write_row = [&](const std::array<std::string, kCols>& row) {
      out += "  ";
      for (size_t c = 0; c < kCols; ++c) {
        const size_t have = width(row[c]);
        if (c == 0 || c == 4) pad(out, have, w[c]);  // numbers right-aligned
        out += row[c];
        if (c + 1 < kCols) {
          if (c != 0 && c != 4) pad(out, have, w[c]);
          out += "  ";
        }
      }
      out += '\n';
    };
    std::array<std::string, kCols> head;
    for (size_t c = 0; c < kCols; ++c) head[c] = kHead[c];
    write_row(head);
    for (size_t i = 0; i < rows.size(); ++i) {
      write_row(rows[i]);
      const LineView v = line_view(claim, r, i);
      if (v.edits) {
        for (const Edit& e : *v.edits) {
          out += "      ";
          out += e.rule ? clean(e.rule->id) : std::string("(rule)");
          out += "  ";
          out += clean(e.group);
          if (!e.group.empty() && !e.carc.empty()) out += '-';
          out += clean(e.carc);
          for (size_t k = 0; k < e.rarc.size(); ++k) {
            out += k == 0 ? " / " : ", ";
            out += clean(e.rarc[k]);
          }
          out += "  ";
          out += clean(e.message);
          out += '\n';
          if (e.fix.kind != Fix::Kind::kNone) out += "        fix: " + fix_text(e.fix) + "\n";
        }
      }
      if (v.notes)
        for (const std::string& n : *v.notes) out += "      note: " + clean(n) + "\n";
    }
  }

  void file_problem(std::string&, std::string_view, const Problem&) override {}

  void end(std::string& out, const Totals& t) override {
    out += "\nTotals: ";
    output::append_uint(out, t.claims);
    out += t.claims == 1 ? " claim (" : " claims (";
    output::append_uint(out, t.checked);
    out += " checked, ";
    output::append_uint(out, t.out_of_scope);
    out += " out of scope, ";
    output::append_uint(out, t.rejected);
    out += " rejected), ";
    output::append_uint(out, t.lines);
    out += t.lines == 1 ? " line" : " lines";
    if (t.file_problems != 0) {
      out += ", ";
      output::append_uint(out, t.file_problems);
      out += t.file_problems == 1 ? " file problem" : " file problems";
    }
    out += '\n';
    // decision | lines | charge, numbers right-aligned.
    std::array<std::string, 6> names, counts, charges;
    names[5] = "all";
    output::append_uint(counts[5], t.lines);
    output::append_money(charges[5], t.charge);
    size_t wn = width("decision"), wc = width("lines"), wm = width("charge");
    for (size_t i = 0; i < 5; ++i) {
      names[i] = kDecisionNames[i];
      output::append_uint(counts[i], t.by_decision[i]);
      output::append_money(charges[i], t.charge_by_decision[i]);
    }
    for (size_t i = 0; i < 6; ++i) {
      wn = std::max(wn, names[i].size());
      wc = std::max(wc, counts[i].size());
      wm = std::max(wm, charges[i].size());
    }
    const auto row = [&](std::string_view a, std::string_view b, std::string_view c) {
      out += "  ";
      out += a;
      pad(out, a.size(), wn);
      out += "  ";
      pad(out, b.size(), wc);
      out += b;
      out += "  ";
      pad(out, c.size(), wm);
      out += c;
      out += '\n';
    };
    row("decision", "lines", "charge");
    for (size_t i = 0; i < 6; ++i) row(names[i], counts[i], charges[i]);
  }

 private:
  PolicyId policy_;
};

}  // namespace

std::unique_ptr<ResultWriter> ResultWriter::make(OutputFormat format, const Pack& policy) {
  switch (format) {
    case OutputFormat::kJson: return std::make_unique<JsonWriter>(policy);
    case OutputFormat::kNdjson: return std::make_unique<NdjsonWriter>();
    case OutputFormat::kTable: return std::make_unique<TableWriter>(policy);
    case OutputFormat::kCsv: return std::make_unique<CsvWriter>();
  }
  return std::make_unique<JsonWriter>(policy);
}

// ---------------------------------------------------------------- catalogue, problems

std::string rules_catalogue_json(const Pack& pack) {
  std::string out = "[";
  for (size_t i = 0; i < pack.rules.size(); ++i) {
    const RuleDef& r = pack.rules[i];
    out += i ? ",\n " : "\n ";
    out += "{\"rule\":";
    append_json_string(out, r.id);
    out += ",\"stage\":" + std::to_string(r.stage) + ",\"decision\":";
    append_json_string(out, decision_name(r.decision));
    out += ",\"group\":";
    append_json_string(out, r.group);
    out += ",\"carc\":";
    append_json_string(out, r.carc);
    out += ",\"rarc\":[";
    for (size_t k = 0; k < r.rarc.size(); ++k) {
      if (k) out += ",";
      append_json_string(out, r.rarc[k]);
    }
    out += "],\"enabled\":";
    out += r.enabled ? "true" : "false";
    out += ",\"title\":";
    append_json_string(out, r.title);
    out += ",\"citation\":";
    append_json_string(out, r.citation);
    out += "}";
  }
  out += "\n]\n";
  return out;
}

std::string problem_text(std::string_view file, const Problem& p) {
  std::string s(file);
  if (p.segment) s += ": segment " + std::to_string(p.segment);
  s += ", byte " + std::to_string(p.offset);
  if (!p.element.empty()) s += " (" + p.element + ")";
  s += p.severity == Severity::kWarning ? ": warning: " : ": ";
  s += p.message;
  return s;
}

}  // namespace perdiem
