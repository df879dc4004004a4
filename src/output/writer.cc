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

constexpr std::array<std::string_view, 5> kDecisionNames = {"pay", "reduce", "pend", "bundle", "deny"};
constexpr std::array<std::string_view, 3> kStatusNames = {"checked", "out_of_scope", "rejected"};

// decision_name() and status_name() as views, for the writers to append
// without measuring them.
std::string_view decision_text(Decision d) {
  const auto i = static_cast<size_t>(d);
  return i < kDecisionNames.size() ? kDecisionNames[i] : kDecisionNames[0];
}

std::string_view status_text(ClaimStatus s) {
  const auto i = static_cast<size_t>(s);
  return i < kStatusNames.size() ? kStatusNames[i] : kStatusNames[0];
}

}  // namespace

const char* decision_name(Decision d) { return decision_text(d).data(); }

bool parse_decision(std::string_view s, Decision& out) {
  for (size_t i = 0; i < kDecisionNames.size(); ++i) {
    if (s == kDecisionNames[i]) {
      out = static_cast<Decision>(i);
      return true;
    }
  }
  return false;
}

const char* status_name(ClaimStatus s) { return status_text(s).data(); }

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

// ---------------------------------------------------------------- json

namespace {

using output::CompactJson;
using output::JsonKey;
using output::OutBuffer;
using output::PrettyJson;

std::string_view severity_name(Severity s) { return s == Severity::kWarning ? "warning" : "error"; }

// The emit_ functions take either emitter: CompactJson (ndjson, the API) or
// PrettyJson (json).

template <class Json>
void emit_problem(Json& e, const Problem& p, std::string_view file, bool with_file) {
  e.begin_object();
  if (with_file) e.kv("file", file);
  e.kv("message", p.message);
  e.kv_uint("segment", p.segment);
  e.kv_uint("offset", p.offset);
  if (!p.element.empty()) e.kv("element", p.element);
  e.kv("severity", severity_name(p.severity));
  e.end_object();
}

template <class Json>
void emit_fix(Json& e, const Fix& f) {
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

template <class Json>
void emit_edit(Json& e, const Edit& ed) {
  e.begin_object();
  e.kv("rule", ed.rule ? std::string_view(ed.rule->id) : std::string_view());
  e.kv("decision", decision_text(ed.decision));
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

template <class Json>
void emit_line(Json& e, const LineView& v) {
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
  e.kv("decision", decision_text(v.decision));
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

template <class Json>
void emit_claim(Json& e, const Claim& claim, const ClaimResult& r) {
  e.begin_object();
  e.kv("claim_id", claim.claim_id);
  e.kv("status", status_text(r.status));
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

constexpr std::array<JsonKey, 5> kDecisionKeys = {kDecisionNames[0].data(), kDecisionNames[1].data(),
                                                   kDecisionNames[2].data(), kDecisionNames[3].data(),
                                                   kDecisionNames[4].data()};

template <class Json>
void emit_totals(Json& e, const Totals& t) {
  e.begin_object();
  e.kv_uint("claims", t.claims);
  e.kv_uint("checked", t.checked);
  e.kv_uint("out_of_scope", t.out_of_scope);
  e.kv_uint("rejected", t.rejected);
  e.kv_uint("lines", t.lines);
  e.key("decisions");
  e.begin_object();
  for (size_t i = 0; i < 5; ++i) e.kv_uint(kDecisionKeys[i], t.by_decision[i]);
  e.end_object();
  e.key("charge");
  e.money(t.charge);
  e.key("charge_by_decision");
  e.begin_object();
  for (size_t i = 0; i < 5; ++i) {
    e.key(kDecisionKeys[i]);
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
    OutBuffer buf(out);
    buf.write("{\n  \"tool\": ");
    {
      PrettyJson e(buf, 1);
      e.begin_object();
      e.kv("name", "perdiem");
      e.kv("version", PERDIEM_VERSION);
      e.end_object();
    }
    buf.write(",\n  \"policy\": ");
    {
      PrettyJson e(buf, 1);
      e.begin_object();
      e.kv("id", policy_.id);
      e.kv("version", policy_.version);
      e.key("effective");
      e.date(policy_.effective);
      e.kv("name", policy_.name);
      e.end_object();
    }
    buf.write(",\n  \"claims\": [");
  }

  bool first_is_different() const override { return true; }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& result, bool first) const override {
    OutBuffer buf(out);
    buf.write(first ? "\n    " : ",\n    ");
    PrettyJson e(buf, 2);
    emit_claim(e, claim, result);
  }

  void file_problem(std::string&, std::string_view file, const Problem& p) override {
    // The top-level "problems" array follows "claims"; held until end().
    problems_.push_back({std::string(file), p});
  }

  void end(std::string& out, const Totals& totals) override {
    OutBuffer buf(out);
    buf.write(totals.claims > 0 ? "\n  ],\n  \"problems\": " : "],\n  \"problems\": ");
    {
      PrettyJson e(buf, 1);
      e.begin_array();
      for (const auto& [file, p] : problems_) emit_problem(e, p, file, true);
      e.end_array();
    }
    buf.write(",\n  \"totals\": ");
    {
      PrettyJson e(buf, 1);
      emit_totals(e, totals);
    }
    buf.write("\n}\n");
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
    OutBuffer buf(out);
    CompactJson e(buf);
    emit_claim(e, claim, result);
    buf.put('\n');
  }
  void file_problem(std::string&, std::string_view, const Problem&) override {}
  void end(std::string&, const Totals&) override {}
};

}  // namespace

void write_claim_json(std::string& out, const Claim& claim, const ClaimResult& result) {
  OutBuffer buf(out);
  CompactJson e(buf);
  emit_claim(e, claim, result);
}

// ---------------------------------------------------------------- csv

namespace {

// The bytes a field can hold as they are: ASCII other than those that make
// it quoted (RFC 4180). Controls are kept (cells are data, not a terminal).
constexpr auto kCsvPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x80; ++c) t[static_cast<size_t>(c)] = c != ',' && c != '"' && c != '\r' && c != '\n';
  return t;
}();

void csv_field(OutBuffer& out, std::string_view s) {
  size_t plain = 0;
  while (plain < s.size() && kCsvPlain[static_cast<unsigned char>(s[plain])]) ++plain;
  if (plain == s.size()) {  // the usual case
    out.write(s);
    return;
  }
  const bool quote = std::any_of(s.begin() + static_cast<ptrdiff_t>(plain), s.end(),
                                 [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
  if (!quote) {
    output::write_clean(out, s, true);
    return;
  }
  out.put('"');
  size_t start = 0;
  for (size_t q = s.find('"'); q != std::string_view::npos; q = s.find('"', start)) {
    output::write_clean(out, s.substr(start, q + 1 - start), true);
    out.put('"');
    start = q + 1;
  }
  output::write_clean(out, s.substr(start), true);
  out.put('"');
}

// Location of a problem in words: " (segment 21, offset 1034, SV104)".
void write_problem_location(OutBuffer& out, const Problem& p) {
  if (p.segment == 0 && p.offset == 0 && p.element.empty()) return;
  out.write(" (");
  bool any = false;
  if (p.segment != 0) {
    out.write("segment ");
    output::write_uint(out, p.segment);
    any = true;
  }
  if (p.segment != 0 || p.offset != 0) {
    out.write(any ? ", offset " : "offset ");
    output::write_uint(out, p.offset);
    any = true;
  }
  if (!p.element.empty()) {
    if (any) out.write(", ");
    out.write(p.element);
  }
  out.put(')');
}

void append_problem_location(std::string& out, const Problem& p) {
  OutBuffer buf(out);
  write_problem_location(buf, p);
}

class CsvWriter final : public ResultWriter {
 public:
  void begin(std::string& out) override {
    out += "claim_id,status,line,code,modifiers,from,to,units,allowed_units,charge,decision,rules,carc,rarc,messages\n";
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& r, bool) const override {
    OutBuffer buf(out);
    std::string scratch;  // local: write_claim is const and thread-safe
    if (r.status == ClaimStatus::kRejected || claim.lines.empty()) {
      for (const Problem& p : claim.problems) {
        if (!scratch.empty()) scratch += "; ";
        scratch += p.message;
        append_problem_location(scratch, p);
      }
      if (r.status == ClaimStatus::kOutOfScope && scratch.empty()) scratch = r.reason;
      csv_field(buf, claim.claim_id);
      buf.put(',');
      buf.write(status_text(r.status));
      buf.write(",,,,,,,,,,,,,");
      csv_field(buf, scratch);
      buf.put('\n');
      return;
    }
    for (size_t i = 0; i < claim.lines.size(); ++i) {
      const LineView v = line_view(claim, r, i);
      const ServiceLine& l = v.line;
      csv_field(buf, claim.claim_id);
      buf.put(',');
      buf.write(status_text(r.status));
      buf.put(',');
      output::write_uint(buf, v.number);
      buf.put(',');
      csv_field(buf, l.code);
      buf.put(',');
      scratch.clear();
      for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) {
        if (m) scratch += ':';
        scratch += l.modifiers[m];
      }
      csv_field(buf, scratch);
      buf.put(',');
      output::write_date(buf, l.dates.from);
      buf.put(',');
      output::write_date(buf, l.dates.to);
      buf.put(',');
      output::write_quantity(buf, l.units);
      buf.put(',');
      output::write_quantity(buf, v.allowed);
      buf.put(',');
      output::write_money(buf, l.charge);
      buf.put(',');
      buf.write(decision_text(v.decision));
      buf.put(',');
      joined(buf, scratch, v, [](std::string& s, const Edit& e) {
        if (e.rule) s += e.rule->id;
      });
      buf.put(',');
      joined(buf, scratch, v, [](std::string& s, const Edit& e) {
        s += e.group;
        if (!e.group.empty() && !e.carc.empty()) s += '-';
        s += e.carc;
      });
      buf.put(',');
      joined(buf, scratch, v, [](std::string& s, const Edit& e) {
        for (size_t k = 0; k < e.rarc.size(); ++k) {
          if (k) s += ',';
          s += e.rarc[k];
        }
      });
      buf.put(',');
      if (r.status == ClaimStatus::kOutOfScope) {
        csv_field(buf, r.reason);
      } else {
        joined(buf, scratch, v, [](std::string& s, const Edit& e) { s += e.message; });
      }
      buf.put('\n');
    }
  }

  void file_problem(std::string&, std::string_view, const Problem&) override {}
  void end(std::string&, const Totals&) override {}

 private:
  // One field of the line's edits, item(edit) for each, joined by "; ".
  // `scratch` is any string, reused.
  template <typename F>
  static void joined(OutBuffer& out, std::string& scratch, const LineView& v, F item) {
    scratch.clear();
    if (v.edits) {
      for (size_t k = 0; k < v.edits->size(); ++k) {
        if (k) scratch += "; ";
        item(scratch, (*v.edits)[k]);
      }
    }
    csv_field(out, scratch);
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

// Text for the terminal: ill-formed UTF-8 and controls replaced.
void write_cleaned(OutBuffer& out, std::string_view s) { output::write_clean(out, s, false); }

void pad(OutBuffer& out, size_t have, size_t want) {
  static constexpr std::string_view kSpaces = "                                ";
  for (size_t n = want > have ? want - have : 0; n > 0;) {
    const size_t k = std::min(n, kSpaces.size());
    out.write(kSpaces.data(), k);
    n -= k;
  }
}

void pad(std::string& out, size_t have, size_t want) {
  if (want > have) out.append(want - have, ' ');
}

void write_fix(OutBuffer& out, const Fix& f) {
  switch (f.kind) {
    case Fix::Kind::kNone: break;
    case Fix::Kind::kSetUnits:
      out.write("set units to ");
      output::write_quantity(out, f.units);
      break;
    case Fix::Kind::kAddModifier:
      out.write("add modifier ");
      write_cleaned(out, f.value);
      break;
    case Fix::Kind::kReplaceModifier:
      out.write("replace modifier ");
      write_cleaned(out, f.value);
      out.write(" with ");
      write_cleaned(out, f.value2);
      break;
    case Fix::Kind::kRemoveModifier:
      out.write("remove modifier ");
      write_cleaned(out, f.value);
      break;
    case Fix::Kind::kSetPlaceOfService:
      out.write("set place of service to ");
      write_cleaned(out, f.value);
      break;
    case Fix::Kind::kRemoveLine: out.write("remove the line"); break;
    case Fix::Kind::kAddNdc: out.write("add the drug's 11-digit NDC"); break;
    case Fix::Kind::kAddLine:
      out.write("add a line for ");
      write_cleaned(out, f.value);
      if (f.dates.from.days() != 0) {
        out.write(" on ");
        output::write_date(out, f.dates.from);
        if (f.dates.to != f.dates.from) {
          out.write("..");
          output::write_date(out, f.dates.to);
        }
      }
      break;
  }
}

// A table's cells, row after row, in one string rather than a string each,
// with their widths.
class Cells {
 public:
  explicit Cells(size_t cells) {
    text_.reserve(cells * 8);
    cells_.reserve(cells);
  }
  // Append the cell's text here, then call end_cell(), or end_ascii_cell()
  // when it is ASCII (its width is its size).
  std::string& text() { return text_; }
  void end_cell() { end(false); }
  void end_ascii_cell() { end(true); }

  std::string_view operator[](size_t k) const {
    const size_t from = k == 0 ? 0 : cells_[k - 1].end;
    return std::string_view(text_).substr(from, cells_[k].end - from);
  }
  size_t width_of(size_t k) const { return cells_[k].width; }

 private:
  struct Cell {
    size_t end;  // the cell is text_[previous cell's end, end)
    size_t width;
  };

  void end(bool ascii) {
    const size_t from = cells_.empty() ? 0 : cells_.back().end;
    const std::string_view t = std::string_view(text_).substr(from);
    cells_.push_back({text_.size(), ascii ? t.size() : width(t)});
  }

  std::string text_;
  std::vector<Cell> cells_;
};

class TableWriter final : public ResultWriter {
 public:
  explicit TableWriter(const Pack& policy) : policy_(policy) {}

  void begin(std::string& out) override {
    OutBuffer buf(out);
    buf.write("perdiem " PERDIEM_VERSION ", policy ");
    write_cleaned(buf, policy_.id);
    if (!policy_.version.empty()) {
      buf.write(" version ");
      write_cleaned(buf, policy_.version);
    }
    if (!policy_.name.empty()) {
      buf.write(" (");
      write_cleaned(buf, policy_.name);
      buf.put(')');
    }
    buf.write(", effective ");
    output::write_date(buf, policy_.effective);
    buf.put('\n');
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& r, bool) const override {
    OutBuffer buf(out);
    buf.put('\n');
    if (claim.claim_id.empty()) {
      buf.write("(no claim id)");
    } else {
      write_cleaned(buf, claim.claim_id);
    }
    buf.write("  ");
    buf.write(status_text(r.status));
    if (!claim.file.empty() || claim.source.segment != 0) {
      buf.write("  ");
      if (claim.file.empty()) {
        buf.put('-');
      } else {
        write_cleaned(buf, claim.file);
      }
      if (claim.source.segment != 0) {
        buf.put(':');
        output::write_uint(buf, claim.source.segment);
      }
    }
    if (r.pack && !r.pack->version.empty()) {
      buf.write("  policy ");
      write_cleaned(buf, r.pack->version);
    }
    buf.put('\n');
    if (r.status == ClaimStatus::kOutOfScope && !r.reason.empty()) {
      buf.write("  out of scope: ");
      write_cleaned(buf, r.reason);
      buf.put('\n');
    }
    for (const Problem& p : claim.problems) {
      buf.write("  ");
      buf.write(severity_name(p.severity));
      buf.write(": ");
      write_cleaned(buf, p.message);
      write_problem_location(buf, p);
      buf.put('\n');
    }
    if (r.status == ClaimStatus::kRejected || claim.lines.empty()) return;

    // Cells first (the heading is row 0), then widths, then the rows with
    // their edits.
    static constexpr size_t kCols = 6;
    static constexpr std::array<std::string_view, kCols> kHead = {"line", "code", "dates", "units", "charge", "decision"};
    Cells cells((claim.lines.size() + 1) * kCols);
    std::string& text = cells.text();
    for (std::string_view h : kHead) {
      text += h;
      cells.end_ascii_cell();
    }
    for (size_t i = 0; i < claim.lines.size(); ++i) {
      const LineView v = line_view(claim, r, i);
      const ServiceLine& l = v.line;
      output::append_uint(text, v.number);
      cells.end_ascii_cell();
      output::append_clean(text, l.code, false);
      for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) {
        text += '-';
        output::append_clean(text, l.modifiers[m], false);
      }
      cells.end_cell();
      output::append_date(text, l.dates.from);
      if (l.dates.to != l.dates.from) {
        text += "..";
        output::append_date(text, l.dates.to);
      }
      cells.end_ascii_cell();
      output::append_quantity(text, l.units);
      if (v.allowed != l.units) {
        text += " -> ";
        output::append_quantity(text, v.allowed);
      }
      cells.end_ascii_cell();
      output::append_money(text, l.charge);
      cells.end_ascii_cell();
      text += decision_text(v.decision);
      cells.end_ascii_cell();
    }
    const size_t rows = claim.lines.size() + 1;
    std::array<size_t, kCols> w{};
    for (size_t k = 0; k < rows * kCols; ++k) w[k % kCols] = std::max(w[k % kCols], cells.width_of(k));

    for (size_t row = 0; row < rows; ++row) {
      buf.write("  ");
      for (size_t c = 0; c < kCols; ++c) {
        const std::string_view cell = cells[row * kCols + c];
        const size_t have = cells.width_of(row * kCols + c);
        if (c == 0 || c == 4) pad(buf, have, w[c]);  // numbers right-aligned
        buf.write(cell);
        if (c + 1 < kCols) {
          if (c != 0 && c != 4) pad(buf, have, w[c]);
          buf.write("  ");
        }
      }
      buf.put('\n');
      if (row == 0) continue;
      const LineView v = line_view(claim, r, row - 1);
      if (v.edits) {
        for (const Edit& e : *v.edits) {
          buf.write("      ");
          if (e.rule) {
            write_cleaned(buf, e.rule->id);
          } else {
            buf.write("(rule)");
          }
          buf.write("  ");
          write_cleaned(buf, e.group);
          if (!e.group.empty() && !e.carc.empty()) buf.put('-');
          write_cleaned(buf, e.carc);
          for (size_t k = 0; k < e.rarc.size(); ++k) {
            buf.write(k == 0 ? " / " : ", ");
            write_cleaned(buf, e.rarc[k]);
          }
          buf.write("  ");
          write_cleaned(buf, e.message);
          buf.put('\n');
          if (e.fix.kind != Fix::Kind::kNone) {
            buf.write("        fix: ");
            write_fix(buf, e.fix);
            buf.put('\n');
          }
        }
      }
      if (v.notes) {
        for (const std::string& n : *v.notes) {
          buf.write("      note: ");
          write_cleaned(buf, n);
          buf.put('\n');
        }
      }
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
