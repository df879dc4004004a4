// Shared by the writer tests: a small world of hand-built claims and results
// (a pack with two rules; a claim checked with edits, one out of scope, one
// rejected); checks that a text is valid UTF-8 or valid JSON; and the JSON
// string the writers promise, written from the rules (reference_json).
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "perdiem/writer.h"

namespace perdiem::testing {

inline Date day(const char* iso) { return *Date::parse_iso(iso); }

inline ServiceLine make_line(uint32_t n, std::string_view code, const char* from, const char* to,
                      const char* units, const char* charge) {
  ServiceLine l;
  l.number = n;
  l.code = code;
  l.dates = {day(from), day(to)};
  l.units = *Quantity::parse(units);
  l.charge = *Money::parse(charge);
  return l;
}

// A small world: a pack with two rules, and three claims (checked with edits,
// out of scope, rejected).
struct Fixture {
  Pack pack;
  RuleDef units_rule, modifier_rule;
  Claim checked, out_of_scope, rejected;
  ClaimResult checked_r, out_r, rejected_r;

  Fixture() {
    pack.id = "cpcp019";
    pack.name = "Home Infusion";
    pack.version = "2024-04-22";
    pack.effective = day("2024-04-22");

    units_rule.id = "per-diem-units";
    units_rule.citation = "CPCP019, Reimbursement Information";
    modifier_rule.id = "concurrent-therapy-modifier";
    modifier_rule.citation = "CPCP019, Home Infusion Modifiers";

    checked.claim_id = "C1";
    checked.file = "in.837";
    checked.source = {21, 1034};
    checked.lines.push_back(make_line(1, "S9502", "2024-06-01", "2024-06-07", "21", "2100.00"));
    checked.lines.push_back(make_line(2, "J0696", "2024-06-01", "2024-06-07", "7.5", "350.5"));
    checked.lines[1].ndc = "00409733201";
    checked.lines.push_back(make_line(3, "S9500", "2024-06-01", "2024-06-01", "1", "100"));
    checked.lines[2].modifiers[0] = "SJ";
    checked.lines[2].modifier_count = 1;

    checked_r.status = ClaimStatus::kChecked;
    checked_r.pack = &pack;
    checked_r.lines.resize(3);
    {
      LineResult& l = checked_r.lines[0];
      l.decision = Decision::kReduce;
      l.allowed_units = Quantity::from_int(7);
      Edit e;
      e.rule = &units_rule;
      e.decision = Decision::kReduce;
      e.group = "CO";
      e.carc = "151";
      e.rarc = {"N362"};
      e.message = "S9502 on line 1 bills 21 units for 7 days.";
      e.fix.kind = Fix::Kind::kSetUnits;
      e.fix.units = Quantity::from_int(7);
      l.edits.push_back(e);
      l.notes.push_back("Paired with line 2 (J0696).");
    }
    checked_r.lines[1].allowed_units = *Quantity::parse("7.5");
    {
      LineResult& l = checked_r.lines[2];
      l.decision = Decision::kDeny;
      Edit e;
      e.rule = &modifier_rule;
      e.decision = Decision::kDeny;
      e.group = "CO";
      e.carc = "4";
      e.rarc = {"N823", "N822"};
      e.message = "Line 3 \"S9500-SJ\" has no second therapy.";
      e.fix.kind = Fix::Kind::kReplaceModifier;
      e.fix.value = "SJ";
      e.fix.value2 = "SH";
      l.edits.push_back(e);
      Edit e2 = e;
      e2.rule = &units_rule;
      e2.carc = "151";
      e2.rarc.clear();
      e2.message = "second, with a comma";
      e2.fix = {};
      l.edits.push_back(e2);
    }

    out_of_scope.claim_id = "C2";
    out_of_scope.file = "in.837";
    out_of_scope.source = {40, 2000};
    out_of_scope.lines.push_back(make_line(1, "99213", "2024-06-02", "2024-06-02", "1", "80"));
    out_r.status = ClaimStatus::kOutOfScope;
    out_r.reason = "no home infusion service line";
    out_r.pack = &pack;

    rejected.claim_id = "C3";
    rejected.file = "in.837";
    rejected.source = {60, 3000};
    rejected.lines.push_back(make_line(1, "S9500", "2024-06-01", "2024-06-01", "1", "10"));
    Problem p;
    p.message = "SV104 units are not a number";
    p.segment = 64;
    p.offset = 3120;
    p.element = "SV104";
    rejected.problems.push_back(p);
    rejected_r.status = ClaimStatus::kRejected;
  }

  Totals totals() const {
    Totals t;
    t.add(checked, checked_r);
    t.add(out_of_scope, out_r);
    t.add(rejected, rejected_r);
    return t;
  }

  std::string run(OutputFormat f, bool with_file_problem = false) {
    auto w = ResultWriter::make(f, pack);
    std::string out;
    w->begin(out);
    w->claim(out, checked, checked_r);
    if (with_file_problem) {
      Problem p;
      p.message = "ISA is 105 bytes";
      p.segment = 1;
      w->file_problem(out, "bad.837", p);
    }
    w->claim(out, out_of_scope, out_r);
    w->claim(out, rejected, rejected_r);
    Totals t = totals();
    if (with_file_problem) t.file_problems = 1;
    w->end(out, t);
    return out;
  }
};

inline std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

inline bool valid_utf8(const std::string& s) { return simdjson::validate_utf8(s.data(), s.size()); }

inline bool parses(const std::string& s) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return parser.parse(s).get(doc) == simdjson::SUCCESS;
}

// The JSON string the writers promise, one code point at a time, straight
// from the rules (RFC 8259 escapes; U+FFFD per maximal ill-formed subpart,
// Unicode Table 3-7; U+2028/U+2029 escaped). A reference for the fast path:
// never use in production.
inline std::string reference_json(std::string_view s) {
  std::string out = "\"";
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", c);
            out += esc;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    size_t k = 1;
    while (k < len && i + k < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) break;
      ++k;
    }
    if (len == 0 || k < len) {
      out += "\xEF\xBF\xBD";
      i += k;
      continue;
    }
    const std::string_view seq = s.substr(i, len);
    if (seq == "\xE2\x80\xA8") out += "\\u2028";
    else if (seq == "\xE2\x80\xA9") out += "\\u2029";
    else out += seq;
    i += len;
  }
  return out + "\"";
}

}  // namespace perdiem::testing
