// The json and ndjson writers (SPEC §3), and one claim as compact JSON
// (write_claim_json: the ndjson line, the fuzzers' and tests' form).
//
// Choices the SPEC leaves open (docs/formats.md):
// - json is pretty-printed, 2 spaces, keys in a fixed order, scalar lists
//   (modifiers, rarc) on one line; ndjson is the same object, compact.
// - "source" always carries "file", "segment" and "offset" (JSON input has
//   segment 0), so every record has one shape.
// - An out_of_scope claim's lines are paid in full (line_view.h); a rejected
//   claim has "lines": [] since its lines may be unreadable.
// - A "fix" of kind add_line carries "from"/"to" only when Fix::dates was set
//   (a from date other than the 1970-01-01 zero value).
// - Only json writes file problems (held until end(), as the top-level
//   "problems" array follows "claims"); ndjson writes nothing for them.
//   "totals.file_problems" is the caller's count in Totals.
// - Text is valid UTF-8 (ill-formed bytes become U+FFFD).
#include <array>
#include <vector>

#include "json_emit.h"
#include "line_view.h"
#include "names.h"
#include "writers.h"

#ifndef PERDIEM_VERSION
#define PERDIEM_VERSION "0.0.0"
#endif

namespace perdiem::output {

namespace {

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
    case Fix::Kind::kSplitLine:
      e.key("split_line");
      e.begin_array();
      for (const Fix::Piece& p : f.pieces) {
        e.begin_object();
        e.key("from");
        e.date(p.dates.from);
        e.key("to");
        e.date(p.dates.to);
        e.key("modifiers");
        e.begin_array(true);
        for (const std::string& m : p.modifiers) e.string(m);
        e.end_array();
        if (p.has_units) {
          e.key("units");
          e.quantity(p.units);
        }
        e.end_object();
      }
      e.end_array();
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
  if (v.decision == Decision::kNotChecked) e.null();  // nothing was allowed: the line was not judged
  else e.quantity(v.allowed);
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

constexpr std::array<JsonKey, kDecisions> kDecisionKeys = {
    kDecisionNames[0].data(), kDecisionNames[1].data(), kDecisionNames[2].data(),
    kDecisionNames[3].data(), kDecisionNames[4].data(), kDecisionNames[5].data()};

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
  for (size_t i = 0; i < kDecisions; ++i) e.kv_uint(kDecisionKeys[i], t.by_decision[i]);
  e.end_object();
  e.key("charge");
  e.money(t.charge);
  e.key("charge_by_decision");
  e.begin_object();
  for (size_t i = 0; i < kDecisions; ++i) {
    e.key(kDecisionKeys[i]);
    e.money(t.charge_by_decision[i]);
  }
  e.end_object();
  e.kv_uint("file_problems", t.file_problems);
  e.end_object();
}

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

std::unique_ptr<ResultWriter> make_json_writer(const Pack& policy) { return std::make_unique<JsonWriter>(policy); }
std::unique_ptr<ResultWriter> make_ndjson_writer() { return std::make_unique<NdjsonWriter>(); }

}  // namespace perdiem::output

namespace perdiem {

void write_claim_json(std::string& out, const Claim& claim, const ClaimResult& result) {
  output::OutBuffer buf(out);
  output::CompactJson e(buf);
  output::emit_claim(e, claim, result);
}

}  // namespace perdiem
