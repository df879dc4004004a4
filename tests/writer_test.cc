// The result writers (SPEC §3): exact bytes of json/ndjson/csv/table for
// hand-built claims and results, JSON string escaping, names and totals; and
// the writers' fast formatting (src/output) against simple references.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <limits>
#include <random>
#include <string>

#include "output/json_emit.h"
#include "output/out_buffer.h"
#include "output/text_out.h"
#include "perdiem/writer.h"

using namespace perdiem;

namespace {

Date day(const char* iso) { return *Date::parse_iso(iso); }

ServiceLine make_line(uint32_t n, std::string_view code, const char* from, const char* to,
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

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

bool valid_utf8(const std::string& s) { return simdjson::validate_utf8(s.data(), s.size()); }

bool parses(const std::string& s) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return parser.parse(s).get(doc) == simdjson::SUCCESS;
}

}  // namespace

// ---------------------------------------------------------------- names

TEST(Names, DecisionsRoundTrip) {
  for (auto d : {Decision::kPay, Decision::kReduce, Decision::kPend, Decision::kBundle, Decision::kDeny}) {
    Decision back = Decision::kPay;
    ASSERT_TRUE(parse_decision(decision_name(d), back)) << decision_name(d);
    EXPECT_EQ(back, d);
  }
  EXPECT_STREQ(decision_name(Decision::kBundle), "bundle");
  Decision d;
  EXPECT_FALSE(parse_decision("Deny", d));
  EXPECT_FALSE(parse_decision("", d));
}

TEST(Names, Statuses) {
  EXPECT_STREQ(status_name(ClaimStatus::kChecked), "checked");
  EXPECT_STREQ(status_name(ClaimStatus::kOutOfScope), "out_of_scope");
  EXPECT_STREQ(status_name(ClaimStatus::kRejected), "rejected");
}

TEST(Names, OutputFormats) {
  OutputFormat f;
  ASSERT_TRUE(parse_output_format("json", f));
  EXPECT_EQ(f, OutputFormat::kJson);
  ASSERT_TRUE(parse_output_format("ndjson", f));
  EXPECT_EQ(f, OutputFormat::kNdjson);
  ASSERT_TRUE(parse_output_format("table", f));
  EXPECT_EQ(f, OutputFormat::kTable);
  ASSERT_TRUE(parse_output_format("csv", f));
  EXPECT_EQ(f, OutputFormat::kCsv);
  EXPECT_FALSE(parse_output_format("xml", f));
  EXPECT_FALSE(parse_output_format("JSON", f));
}

// ---------------------------------------------------------------- escaping

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json(""), "\"\"");
  EXPECT_EQ(json("plain"), "\"plain\"");
  EXPECT_EQ(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(json(std::string_view("\0\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(json("\x7f"), "\"\x7f\"");  // DEL is legal in JSON
  EXPECT_EQ(json("/"), "\"/\"");
}

TEST(JsonString, KeepsValidUtf8) {
  EXPECT_EQ(json("caf\xC3\xA9"), "\"caf\xC3\xA9\"");                   // é
  EXPECT_EQ(json("\xE2\x86\x92"), "\"\xE2\x86\x92\"");                  // →
  EXPECT_EQ(json("\xF0\x9F\x92\x89"), "\"\xF0\x9F\x92\x89\"");          // 💉
  EXPECT_EQ(json("\xEF\xBF\xBF"), "\"\xEF\xBF\xBF\"");                  // U+FFFF
  EXPECT_EQ(json("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");          // U+10FFFF
  EXPECT_EQ(json("\xE2\x80\xA8\xE2\x80\xA9"), "\"\\u2028\\u2029\"");    // line/paragraph separators
}

TEST(JsonString, ReplacesIllFormedUtf8) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(json("\xFF"), "\"" + r + "\"");
  EXPECT_EQ(json("a\x80z"), "\"a" + r + "z\"");                    // lone continuation
  EXPECT_EQ(json("\xC0\x80"), "\"" + r + r + "\"");                // overlong NUL
  EXPECT_EQ(json("\xED\xA0\x80"), "\"" + r + r + r + "\"");        // surrogate
  EXPECT_EQ(json("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(json("\xE2\x86"), "\"" + r + "\"");                    // truncated at the end
  EXPECT_EQ(json("\xE2\x86x"), "\"" + r + "x\"");                  // truncated mid-text
  EXPECT_EQ(json("\xF0\x9F\x92"), "\"" + r + "\"");                // maximal subpart is one U+FFFD
  EXPECT_EQ(json("\xC3\""), "\"" + r + "\\\"\"");                  // the quote is still escaped
}

TEST(JsonString, AnyBytesGiveValidJson) {
  std::mt19937 rng(19);
  for (int i = 0; i < 3000; ++i) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    std::string doc = "[" + json(s) + "]";
    ASSERT_TRUE(valid_utf8(doc));
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(doc).get(e), simdjson::SUCCESS) << doc;
    // Valid input comes back unchanged.
    std::string_view back;
    ASSERT_EQ(e.at(0).get(back), simdjson::SUCCESS);
    if (valid_utf8(s)) {
      EXPECT_EQ(back, s);
    }
  }
}

TEST(JsonString, ValidTextRoundTripsExactly) {
  std::mt19937 rng(7);
  const auto put = [](std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 30); n > 0; --n) {
      uint32_t cp;
      switch (rng() % 4) {
        case 0: cp = rng() % 0x80; break;
        case 1: cp = rng() % 0x800; break;
        case 2: cp = rng() % 0x10000; break;
        default: cp = 0x10000 + rng() % 0x100000; break;
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
      put(s, cp);
    }
    const std::string doc = "[" + json(s) + "]";
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(doc).get(e), simdjson::SUCCESS) << doc;
    std::string_view back;
    ASSERT_EQ(e.at(0).get(back), simdjson::SUCCESS);
    ASSERT_EQ(back, s);
  }
}

// ---------------------------------------------------------------- one claim

TEST(ClaimJson, CheckedClaimCompact) {
  Fixture f;
  std::string out;
  write_claim_json(out, f.checked, f.checked_r);
  EXPECT_EQ(out,
            R"({"claim_id":"C1","status":"checked","policy_version":"2024-04-22",)"
            R"("source":{"file":"in.837","segment":21,"offset":1034},"problems":[],"lines":[)"
            R"({"line":1,"code":"S9502","modifiers":[],"from":"2024-06-01","to":"2024-06-07",)"
            R"("units":21,"allowed_units":7,"charge":"2100.00","decision":"reduce","edits":[)"
            R"({"rule":"per-diem-units","decision":"reduce","group":"CO","carc":"151","rarc":["N362"],)"
            R"("message":"S9502 on line 1 bills 21 units for 7 days.",)"
            R"("citation":"CPCP019, Reimbursement Information","fix":{"set_units":7}}],)"
            R"("notes":["Paired with line 2 (J0696)."]},)"
            R"({"line":2,"code":"J0696","modifiers":[],"ndc":"00409733201","from":"2024-06-01",)"
            R"("to":"2024-06-07","units":7.5,"allowed_units":7.5,"charge":"350.50","decision":"pay","edits":[]},)"
            R"({"line":3,"code":"S9500","modifiers":["SJ"],"from":"2024-06-01","to":"2024-06-01",)"
            R"("units":1,"allowed_units":0,"charge":"100.00","decision":"deny","edits":[)"
            R"({"rule":"concurrent-therapy-modifier","decision":"deny","group":"CO","carc":"4",)"
            R"("rarc":["N823","N822"],"message":"Line 3 \"S9500-SJ\" has no second therapy.",)"
            R"("citation":"CPCP019, Home Infusion Modifiers","fix":{"replace_modifier":{"from":"SJ","to":"SH"}}},)"
            R"({"rule":"per-diem-units","decision":"deny","group":"CO","carc":"151","rarc":[],)"
            R"("message":"second, with a comma","citation":"CPCP019, Reimbursement Information"}]}]})");
  EXPECT_TRUE(parses(out));
}

TEST(ClaimJson, OutOfScopeLinesArePaidInFullWithTheReason) {
  Fixture f;
  std::string out;
  write_claim_json(out, f.out_of_scope, f.out_r);
  EXPECT_EQ(out,
            R"({"claim_id":"C2","status":"out_of_scope","reason":"no home infusion service line",)"
            R"("policy_version":"2024-04-22","source":{"file":"in.837","segment":40,"offset":2000},)"
            R"("problems":[],"lines":[{"line":1,"code":"99213","modifiers":[],"from":"2024-06-02",)"
            R"("to":"2024-06-02","units":1,"allowed_units":1,"charge":"80.00","decision":"pay","edits":[]}]})");
  // Even when the engine filled the lines in, an out_of_scope line carries no edits.
  f.out_r.lines.resize(1);
  f.out_r.lines[0].decision = Decision::kDeny;
  f.out_r.lines[0].edits.resize(1);
  std::string again;
  write_claim_json(again, f.out_of_scope, f.out_r);
  EXPECT_EQ(again, out);
}

TEST(ClaimJson, RejectedClaimHasProblemsAndNoLines) {
  Fixture f;
  std::string out;
  write_claim_json(out, f.rejected, f.rejected_r);
  EXPECT_EQ(out,
            R"({"claim_id":"C3","status":"rejected","source":{"file":"in.837","segment":60,"offset":3000},)"
            R"("problems":[{"message":"SV104 units are not a number","segment":64,"offset":3120,)"
            R"("element":"SV104","severity":"error"}],"lines":[]})");
}

TEST(ClaimJson, EveryFixKind) {
  const auto fix_json = [](Fix fix) {
    Fixture f;
    f.checked_r.lines[0].edits[0].fix = std::move(fix);
    std::string out;
    write_claim_json(out, f.checked, f.checked_r);
    const size_t at = out.find("\"citation\":\"CPCP019, Reimbursement Information\"");
    const size_t end = out.find("}],\"notes\"");
    EXPECT_TRUE(parses(out)) << out;
    return out.substr(at + 47, end - at - 47);
  };
  Fix f;
  EXPECT_EQ(fix_json(f), "");
  f.kind = Fix::Kind::kSetUnits;
  f.units = *Quantity::parse("2.5");
  EXPECT_EQ(fix_json(f), R"(,"fix":{"set_units":2.5})");
  f = {};
  f.kind = Fix::Kind::kAddModifier;
  f.value = "SH";
  EXPECT_EQ(fix_json(f), R"(,"fix":{"add_modifier":"SH"})");
  f.kind = Fix::Kind::kRemoveModifier;
  EXPECT_EQ(fix_json(f), R"(,"fix":{"remove_modifier":"SH"})");
  f.kind = Fix::Kind::kReplaceModifier;
  f.value = "SJ";
  f.value2 = "SH";
  EXPECT_EQ(fix_json(f), R"(,"fix":{"replace_modifier":{"from":"SJ","to":"SH"}})");
  f = {};
  f.kind = Fix::Kind::kSetPlaceOfService;
  f.value = "12";
  EXPECT_EQ(fix_json(f), R"(,"fix":{"set_place_of_service":"12"})");
  f = {};
  f.kind = Fix::Kind::kRemoveLine;
  EXPECT_EQ(fix_json(f), R"(,"fix":{"remove_line":true})");
  f.kind = Fix::Kind::kAddNdc;
  EXPECT_EQ(fix_json(f), R"(,"fix":{"add_ndc":true})");
  f = {};
  f.kind = Fix::Kind::kAddLine;
  f.value = "J0696";
  EXPECT_EQ(fix_json(f), R"(,"fix":{"add_line":{"code":"J0696"}})");
  f.dates = {day("2024-06-01"), day("2024-06-07")};
  EXPECT_EQ(fix_json(f), R"(,"fix":{"add_line":{"code":"J0696","from":"2024-06-01","to":"2024-06-07"}})");
}

TEST(ClaimJson, WarningsAndEmptyElementOnACheckedClaim) {
  Fixture f;
  Problem p;
  p.severity = Severity::kWarning;
  p.message = "SE01 count is 40, not 41";
  f.checked.problems.push_back(p);
  std::string out;
  write_claim_json(out, f.checked, f.checked_r);
  EXPECT_NE(out.find(R"("problems":[{"message":"SE01 count is 40, not 41","segment":0,"offset":0,"severity":"warning"}])"),
            std::string::npos);
}

TEST(ClaimJson, MissingLineResultsArePaidAndLineNumbersFallBackToPosition) {
  Fixture f;
  f.checked_r.lines.resize(1);
  f.checked.lines[2].number = 0;
  std::string out;
  write_claim_json(out, f.checked, f.checked_r);
  EXPECT_NE(out.find(R"({"line":3,"code":"S9500","modifiers":["SJ"],"from":"2024-06-01","to":"2024-06-01","units":1,"allowed_units":1,"charge":"100.00","decision":"pay","edits":[]})"),
            std::string::npos)
      << out;
}

TEST(ClaimJson, HostileTextStaysValidJson) {
  Fixture f;
  f.checked.claim_id = std::string_view("C\"1\\\n\x01\xFF\xC3", 9);
  f.checked.file = "dir\\in \"x\".837";
  f.checked_r.lines[0].edits[0].message = std::string("\x1b[31mred\x1b[0m \xE2\x80\xA8", 16);
  std::string out;
  write_claim_json(out, f.checked, f.checked_r);
  EXPECT_TRUE(valid_utf8(out));
  EXPECT_TRUE(parses(out)) << out;
  EXPECT_EQ(out.find('\n'), std::string::npos);  // one NDJSON line
}

// ---------------------------------------------------------------- totals

TEST(Totals, CountsClaimsLinesDecisionsAndCharges) {
  Fixture f;
  const Totals t = f.totals();
  EXPECT_EQ(t.claims, 3u);
  EXPECT_EQ(t.checked, 1u);
  EXPECT_EQ(t.out_of_scope, 1u);
  EXPECT_EQ(t.rejected, 1u);
  EXPECT_EQ(t.lines, 4u);  // the rejected claim's line is not counted
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kPay)], 2u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kReduce)], 1u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kDeny)], 1u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kBundle)], 0u);
  EXPECT_EQ(t.charge.fixed_text(), "2630.50");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kPay)].fixed_text(), "430.50");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kReduce)].fixed_text(), "2100.00");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kDeny)].fixed_text(), "100.00");
}

TEST(Totals, OutOfScopeLinesCountAsPayWhateverTheResultSays) {
  Fixture f;
  f.out_r.lines.resize(1);
  f.out_r.lines[0].decision = Decision::kDeny;
  Totals t;
  t.add(f.out_of_scope, f.out_r);
  EXPECT_EQ(t.by_decision[0], 1u);
  EXPECT_EQ(t.by_decision[4], 0u);
}

// ---------------------------------------------------------------- whole runs

TEST(JsonWriter, WholeRunExactBytes) {
  Fixture f;
  // Keep the claims small: one line each.
  f.checked.lines.resize(1);
  f.checked_r.lines.resize(1);
  f.checked_r.lines[0].notes.clear();
  const std::string out = f.run(OutputFormat::kJson, true);
  const std::string expected = std::string(R"({
  "tool": {
    "name": "perdiem",
    "version": ")") + PERDIEM_VERSION + R"("
  },
  "policy": {
    "id": "cpcp019",
    "version": "2024-04-22",
    "effective": "2024-04-22",
    "name": "Home Infusion"
  },
  "claims": [
    {
      "claim_id": "C1",
      "status": "checked",
      "policy_version": "2024-04-22",
      "source": {
        "file": "in.837",
        "segment": 21,
        "offset": 1034
      },
      "problems": [],
      "lines": [
        {
          "line": 1,
          "code": "S9502",
          "modifiers": [],
          "from": "2024-06-01",
          "to": "2024-06-07",
          "units": 21,
          "allowed_units": 7,
          "charge": "2100.00",
          "decision": "reduce",
          "edits": [
            {
              "rule": "per-diem-units",
              "decision": "reduce",
              "group": "CO",
              "carc": "151",
              "rarc": ["N362"],
              "message": "S9502 on line 1 bills 21 units for 7 days.",
              "citation": "CPCP019, Reimbursement Information",
              "fix": {
                "set_units": 7
              }
            }
          ]
        }
      ]
    },
    {
      "claim_id": "C2",
      "status": "out_of_scope",
      "reason": "no home infusion service line",
      "policy_version": "2024-04-22",
      "source": {
        "file": "in.837",
        "segment": 40,
        "offset": 2000
      },
      "problems": [],
      "lines": [
        {
          "line": 1,
          "code": "99213",
          "modifiers": [],
          "from": "2024-06-02",
          "to": "2024-06-02",
          "units": 1,
          "allowed_units": 1,
          "charge": "80.00",
          "decision": "pay",
          "edits": []
        }
      ]
    },
    {
      "claim_id": "C3",
      "status": "rejected",
      "source": {
        "file": "in.837",
        "segment": 60,
        "offset": 3000
      },
      "problems": [
        {
          "message": "SV104 units are not a number",
          "segment": 64,
          "offset": 3120,
          "element": "SV104",
          "severity": "error"
        }
      ],
      "lines": []
    }
  ],
  "problems": [
    {
      "file": "bad.837",
      "message": "ISA is 105 bytes",
      "segment": 1,
      "offset": 0,
      "severity": "error"
    }
  ],
  "totals": {
    "claims": 3,
    "checked": 1,
    "out_of_scope": 1,
    "rejected": 1,
    "lines": 2,
    "decisions": {
      "pay": 1,
      "reduce": 1,
      "pend": 0,
      "bundle": 0,
      "deny": 0
    },
    "charge": "2180.00",
    "charge_by_decision": {
      "pay": "80.00",
      "reduce": "2100.00",
      "pend": "0.00",
      "bundle": "0.00",
      "deny": "0.00"
    },
    "file_problems": 1
  }
}
)";
  EXPECT_EQ(out, expected);
  EXPECT_TRUE(parses(out));
}

TEST(JsonWriter, EmptyRun) {
  Pack pack;
  pack.id = "p";
  pack.effective = day("2024-04-22");
  auto w = ResultWriter::make(OutputFormat::kJson, pack);
  std::string out;
  w->begin(out);
  w->end(out, Totals{});
  EXPECT_TRUE(parses(out)) << out;
  EXPECT_NE(out.find("\n  \"claims\": [],\n  \"problems\": [],\n  \"totals\": {\n"), std::string::npos) << out;
}

TEST(JsonWriter, FullRunIsValidJsonAndDeterministic) {
  Fixture a, b;
  const std::string x = a.run(OutputFormat::kJson, true);
  EXPECT_EQ(x, b.run(OutputFormat::kJson, true));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(x).get(doc), simdjson::SUCCESS);
  int64_t deny = 0;
  ASSERT_EQ(doc["totals"]["decisions"]["deny"].get(deny), simdjson::SUCCESS);
  EXPECT_EQ(deny, 1);
  simdjson::dom::array claims;
  ASSERT_EQ(doc["claims"].get(claims), simdjson::SUCCESS);
  EXPECT_EQ(claims.size(), 3u);
  std::string_view code;
  ASSERT_EQ(doc["claims"].at(0)["lines"].at(2)["edits"].at(0)["fix"]["replace_modifier"]["to"].get(code),
            simdjson::SUCCESS);
  EXPECT_EQ(code, "SH");
}

TEST(NdjsonWriter, OneCompactLinePerClaimAndNothingElse) {
  Fixture f;
  const std::string out = f.run(OutputFormat::kNdjson, true);
  std::string c1, c2, c3;
  write_claim_json(c1, f.checked, f.checked_r);
  write_claim_json(c2, f.out_of_scope, f.out_r);
  write_claim_json(c3, f.rejected, f.rejected_r);
  EXPECT_EQ(out, c1 + "\n" + c2 + "\n" + c3 + "\n");
}

TEST(CsvWriter, OneRowPerLineRfc4180) {
  Fixture f;
  const std::string out = f.run(OutputFormat::kCsv, true);
  EXPECT_EQ(out,
            "claim_id,status,line,code,modifiers,from,to,units,allowed_units,charge,decision,rules,carc,rarc,messages\n"
            "C1,checked,1,S9502,,2024-06-01,2024-06-07,21,7,2100.00,reduce,per-diem-units,CO-151,N362,"
            "S9502 on line 1 bills 21 units for 7 days.\n"
            "C1,checked,2,J0696,,2024-06-01,2024-06-07,7.5,7.5,350.50,pay,,,,\n"
            "C1,checked,3,S9500,SJ,2024-06-01,2024-06-01,1,0,100.00,deny,"
            "concurrent-therapy-modifier; per-diem-units,CO-4; CO-151,\"N823,N822; \","
            "\"Line 3 \"\"S9500-SJ\"\" has no second therapy.; second, with a comma\"\n"
            "C2,out_of_scope,1,99213,,2024-06-02,2024-06-02,1,1,80.00,pay,,,,no home infusion service line\n"
            "C3,rejected,,,,,,,,,,,,,\"SV104 units are not a number (segment 64, offset 3120, SV104)\"\n");
}

TEST(CsvWriter, QuotesIdsAndKeepsRowsOnOneRecord) {
  Fixture f;
  f.checked.claim_id = "A,\"B\"\nC";
  f.checked.lines.resize(1);
  f.checked.lines[0].modifiers = {"SH", "SJ"};
  f.checked.lines[0].modifier_count = 2;
  auto w = ResultWriter::make(OutputFormat::kCsv, f.pack);
  std::string out;
  w->claim(out, f.checked, f.checked_r);
  EXPECT_EQ(out.substr(0, 38), "\"A,\"\"B\"\"\nC\",checked,1,S9502,SH:SJ,2024");
}

TEST(TableWriter, ReadableAlignedPlainText) {
  Fixture f;
  const std::string out = f.run(OutputFormat::kTable, true);
  const std::string expected = std::string("perdiem ") + PERDIEM_VERSION +
      R"(, policy cpcp019 version 2024-04-22 (Home Infusion), effective 2024-04-22

C1  checked  in.837:21  policy 2024-04-22
  line  code      dates                   units     charge  decision
     1  S9502     2024-06-01..2024-06-07  21 -> 7  2100.00  reduce
      per-diem-units  CO-151 / N362  S9502 on line 1 bills 21 units for 7 days.
        fix: set units to 7
      note: Paired with line 2 (J0696).
     2  J0696     2024-06-01..2024-06-07  7.5       350.50  pay
     3  S9500-SJ  2024-06-01              1 -> 0    100.00  deny
      concurrent-therapy-modifier  CO-4 / N823, N822  Line 3 "S9500-SJ" has no second therapy.
        fix: replace modifier SJ with SH
      per-diem-units  CO-151  second, with a comma

C2  out_of_scope  in.837:40  policy 2024-04-22
  out of scope: no home infusion service line
  line  code   dates       units  charge  decision
     1  99213  2024-06-02  1       80.00  pay

C3  rejected  in.837:60
  error: SV104 units are not a number (segment 64, offset 3120, SV104)

Totals: 3 claims (1 checked, 1 out of scope, 1 rejected), 4 lines, 1 file problem
  decision  lines   charge
  pay           2   430.50
  reduce        1  2100.00
  pend          0     0.00
  bundle        0     0.00
  deny          1   100.00
  all           4  2630.50
)";
  EXPECT_EQ(out, expected);
}

TEST(TableWriter, NeutralizesTerminalControlSequences) {
  Fixture f;
  f.checked.claim_id = "C\x1b[2J1";
  f.checked_r.lines[0].edits[0].message = "bad\x07\xFFtext";
  auto w = ResultWriter::make(OutputFormat::kTable, f.pack);
  std::string out;
  w->claim(out, f.checked, f.checked_r);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_NE(out.find("C?[2J1  checked"), std::string::npos);
  EXPECT_NE(out.find("bad?\xEF\xBF\xBDtext"), std::string::npos);
  EXPECT_TRUE(valid_utf8(out));
}

// ---------------------------------------------------------------- fast paths against references

namespace {

// The JSON string the writers promise, one code point at a time, straight
// from the rules (RFC 8259 escapes; U+FFFD per maximal ill-formed subpart,
// Unicode Table 3-7; U+2028/U+2029 escaped). A reference for the fast path:
// never use in production.
std::string reference_json(std::string_view s) {
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

}  // namespace

TEST(JsonString, EveryByteAtEveryPositionMatchesTheReference) {
  // The fast path reads eight bytes at a time and the last few together:
  // every byte value, at every place in and around those words.
  for (size_t n = 1; n <= 24; ++n) {
    for (size_t k = 0; k < n; ++k) {
      for (int b = 0; b < 256; ++b) {
        std::string s(n, 'a');
        s[k] = static_cast<char>(b);
        ASSERT_EQ(json(s), reference_json(s)) << "length " << n << ", byte " << b << " at " << k;
      }
    }
  }
}

TEST(JsonString, SequencesAcrossWordBoundariesMatchTheReference) {
  const std::vector<std::string> seqs = {"\xC3\xA9", "\xE2\x86\x92", "\xF0\x9F\x92\x89", "\xE2\x80\xA8",
                                         "\xE2\x80\xA9", "\xE2\x86", "\xF0\x9F\x92", "\xED\xA0\x80",
                                         "\xC0\x80", "\"\\", "\x1f\x7f", "\r\n"};
  for (const std::string& seq : seqs) {
    for (size_t before = 0; before <= 17; ++before) {
      for (size_t after = 0; after <= 9; ++after) {
        const std::string s = std::string(before, 'x') + seq + std::string(after, 'y');
        ASSERT_EQ(json(s), reference_json(s)) << before << " + " << seq.size() << " + " << after;
      }
    }
  }
}

TEST(JsonString, RandomTextOfAnyLengthMatchesTheReference) {
  std::mt19937 rng(23);
  for (int i = 0; i < 2000; ++i) {
    // Mostly printable text, some specials and UTF-8 lead bytes, lengths up
    // to past the writers' 4096-byte buffer.
    const size_t n = i % 50 == 0 ? 4000 + rng() % 9000 : rng() % 80;
    std::string s(n, ' ');
    for (char& c : s) {
      const unsigned r = rng() % 100;
      c = static_cast<char>(r < 90 ? 0x20 + rng() % 0x5F : r < 95 ? rng() % 0x20 : 0x80 + rng() % 0x80);
      if (rng() % 200 == 0) c = '"';
    }
    ASSERT_EQ(json(s), reference_json(s)) << i;
  }
}

TEST(JsonString, AppendsToWhatIsThere) {
  std::string out = "prefix:";
  append_json_string(out, "a\"b");
  EXPECT_EQ(out, "prefix:\"a\\\"b\"");
  const std::string big(10000, 'z');
  append_json_string(out, big);
  EXPECT_EQ(out, "prefix:\"a\\\"b\"\"" + big + "\"");
}

TEST(OutBuffer, PiecesOfAnySizeArriveInOrder) {
  std::mt19937 rng(5);
  std::string out = "start;", expected = "start;";
  {
    output::OutBuffer buf(out);
    for (int i = 0; i < 400; ++i) {
      const size_t n = i % 37 == 0 ? 5000 + rng() % 5000 : rng() % 300;
      const std::string piece(n, static_cast<char>('a' + i % 26));
      if (n == 1) {
        buf.put(piece[0]);
      } else {
        buf.write(piece);
      }
      expected += piece;
    }
  }  // flushed here
  EXPECT_EQ(out, expected);
}

TEST(TextOut, UnsignedNumbersMatchToString) {
  std::vector<uint64_t> values;
  for (uint64_t v = 0; v <= 20000; ++v) values.push_back(v);
  uint64_t p = 1;
  for (int e = 1; e <= 19; ++e) {
    p *= 10;
    values.push_back(p - 1);
    values.push_back(p);
    values.push_back(p + 1);
  }
  values.push_back(std::numeric_limits<uint64_t>::max());
  for (uint64_t v : values) {
    std::string out;
    output::append_uint(out, v);
    ASSERT_EQ(out, std::to_string(v));
  }
}

TEST(TextOut, MoneyAndUnitsMatchFixedText) {
  // Fixed::fixed_text() and short_text() are the reference.
  std::vector<int64_t> raws;
  for (int64_t r = -20000; r <= 20000; ++r) raws.push_back(r);
  int64_t p = 1;
  for (int e = 1; e <= 18; ++e) {
    p *= 10;
    for (int64_t r : {p - 1, p, p + 1, p * 5 + 10}) {
      raws.push_back(r);
      raws.push_back(-r);
    }
  }
  raws.push_back(std::numeric_limits<int64_t>::max());
  raws.push_back(std::numeric_limits<int64_t>::min());
  for (int64_t r : raws) {
    std::string money, units;
    output::append_money(money, Money::from_raw(r));
    output::append_quantity(units, Quantity::from_raw(r));
    ASSERT_EQ(money, Money::from_raw(r).fixed_text()) << r;
    ASSERT_EQ(units, Quantity::from_raw(r).short_text()) << r;
  }
  std::string s;
  output::append_money(s, *Money::parse("-0.99"));
  EXPECT_EQ(s, "-0.99");
  s.clear();
  output::append_quantity(s, *Quantity::parse("1.100"));
  EXPECT_EQ(s, "1.1");
  s.clear();
  output::append_quantity(s, Quantity{});
  EXPECT_EQ(s, "0");
}

TEST(TextOut, DatesMatchWriteIsoOnEveryDay) {
  // Every day of years 0000 to 9999 (the fast range) and beyond it on both
  // sides (Date::write_iso itself).
  for (int32_t days = -800000; days <= 3000000; ++days) {
    const Date d = Date::from_days(days);
    char want[10];
    d.write_iso(want);
    std::string got;
    output::append_date(got, d);
    ASSERT_EQ(got, std::string_view(want, 10)) << days;
  }
}

TEST(JsonEmitter, CompactAndPrettyAtAnyDepth) {
  const auto emit = [](auto& e) {
    e.begin_object();
    e.kv("a", "x");
    e.key("empty");
    e.begin_array();
    e.end_array();
    e.key("inline");
    e.begin_array(true);
    e.string("p");
    e.uinteger(7);
    e.end_array();
    e.key("list");
    e.begin_array();
    e.begin_object();
    e.key("units");
    e.quantity(*Quantity::parse("0"));
    e.key("charge");
    e.money(*Money::parse("-12.5"));
    e.key("on");
    e.date(*Date::parse_iso("2024-02-29"));
    e.key("yes");
    e.boolean(true);
    e.end_object();
    e.begin_object();
    e.end_object();
    e.end_array();
    e.end_object();
  };
  std::string compact;
  {
    output::OutBuffer buf(compact);
    output::CompactJson e(buf);
    emit(e);
  }
  EXPECT_EQ(compact,
            R"({"a":"x","empty":[],"inline":["p",7],"list":[{"units":0,"charge":"-12.50","on":"2024-02-29","yes":true},{}]})");
  EXPECT_TRUE(parses(compact));

  // Depth 1 (the json writer's members) and depth 20 (past the fixed-size
  // copy of a line break and its indentation).
  for (int depth : {0, 1, 20}) {
    std::string pretty;
    {
      output::OutBuffer buf(pretty);
      output::PrettyJson e(buf, depth);
      emit(e);
    }
    const auto nl = [&](int level) { return "\n" + std::string(static_cast<size_t>(2 * (depth + level)), ' '); };
    const std::string expected = "{" + nl(1) + R"("a": "x",)" + nl(1) + R"("empty": [],)" + nl(1) +
                                 R"("inline": ["p", 7],)" + nl(1) + R"("list": [)" + nl(2) + "{" + nl(3) +
                                 R"("units": 0,)" + nl(3) + R"("charge": "-12.50",)" + nl(3) +
                                 R"("on": "2024-02-29",)" + nl(3) + R"("yes": true)" + nl(2) + "}," + nl(2) +
                                 "{}" + nl(1) + "]" + nl(0) + "}";
    EXPECT_EQ(pretty, expected) << "depth " << depth;
    EXPECT_TRUE(parses(pretty));
  }
}

TEST(ClaimJson, ZeroUnitsBigAndNegativeMoney) {
  Fixture f;
  f.checked.lines.resize(2);
  f.checked_r.lines.resize(2);
  f.checked.lines[0].units = Quantity{};
  f.checked.lines[0].charge = *Money::parse("999999999999.99");
  f.checked_r.lines[0].allowed_units = Quantity{};
  f.checked.lines[1].units = *Quantity::parse("123456.789");
  f.checked.lines[1].charge = *Money::parse("-0.05");
  f.checked_r.lines[1].allowed_units = *Quantity::parse("0.001");
  std::string out;
  write_claim_json(out, f.checked, f.checked_r);
  EXPECT_NE(out.find(R"("units":0,"allowed_units":0,"charge":"999999999999.99")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("units":123456.789,"allowed_units":0.001,"charge":"-0.05")"), std::string::npos) << out;
  EXPECT_TRUE(parses(out));
}

TEST(ClaimJson, EveryKindOfTextInEveryField) {
  // Each text field of a result through the writer, against the reference.
  const std::vector<std::string> texts = {"", "plain", "q\"uote", "back\\slash", "nl\ncr\rtab\t", "\x01\x1f\x7f",
                                          "caf\xC3\xA9", "\xE2\x80\xA8", "bad\xFF\xC3", std::string(70, 'm')};
  for (const std::string& t : texts) {
    Fixture f;
    f.checked.claim_id = t;
    f.checked.file = t;
    f.checked.lines[0].code = t;
    f.checked.lines[1].ndc = t;
    f.checked.lines[2].modifiers[0] = t;
    f.checked_r.lines[0].edits[0].message = t;
    f.checked_r.lines[0].notes[0] = t;
    f.checked_r.lines[2].edits[0].fix.value2 = t;
    std::string out;
    write_claim_json(out, f.checked, f.checked_r);
    const std::string j = reference_json(t);
    EXPECT_NE(out.find(R"({"claim_id":)" + j + R"(,"status")"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("file":)" + j + R"(,"segment")"), std::string::npos) << out;
    EXPECT_NE(out.find(R"({"line":1,"code":)" + j + R"(,"modifiers")"), std::string::npos) << out;
    if (!t.empty()) {  // an empty NDC is left out
      EXPECT_NE(out.find(R"("ndc":)" + j + R"(,"from")"), std::string::npos) << out;
    }
    EXPECT_NE(out.find(R"("modifiers":[)" + j + "]"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("message":)" + j + R"(,"citation")"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("notes":[)" + j + "]"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("to":)" + j + "}}"), std::string::npos) << out;
    EXPECT_TRUE(parses(out)) << out;
  }
}

TEST(CsvWriter, QuotingAndCleaningTogether) {
  Fixture f;
  f.checked.lines.resize(1);
  f.checked_r.lines.resize(1);
  f.checked.claim_id = "caf\xC3\xA9";     // kept as it is, not quoted
  f.checked.lines[0].code = "A\x01\xFF";  // a control kept, ill-formed UTF-8 replaced
  f.checked_r.lines[0].edits[0].message = "\"x\",\xFF\r\n";  // quoted, quotes doubled
  auto w = ResultWriter::make(OutputFormat::kCsv, f.pack);
  std::string out;
  w->claim(out, f.checked, f.checked_r);
  EXPECT_EQ(out,
            "caf\xC3\xA9,checked,1,A\x01\xEF\xBF\xBD,,2024-06-01,2024-06-07,21,7,2100.00,reduce,per-diem-units,"
            "CO-151,N362,\"\"\"x\"\",\xEF\xBF\xBD\r\n\"\n");
}

TEST(TableWriter, WideAndNonAsciiCellsStayAligned) {
  Fixture f;
  const std::string wide(40, 'W');  // wider than one padding copy
  f.checked.lines[0].code = wide;
  f.checked.lines[1].code = "J\xC3\xA9";  // 2 columns, 3 bytes
  auto w = ResultWriter::make(OutputFormat::kTable, f.pack);
  std::string out;
  w->claim(out, f.checked, f.checked_r);
  EXPECT_NE(out.find("  line  code" + std::string(40 - 4 + 2, ' ') + "dates"), std::string::npos) << out;
  EXPECT_NE(out.find("     1  " + std::string(40, 'W') + "  2024-06-01..2024-06-07"), std::string::npos) << out;
  EXPECT_NE(out.find("     2  J\xC3\xA9" + std::string(40 - 2 + 2, ' ') + "2024-06-01..2024-06-07"), std::string::npos)
      << out;
}

// A claim whose text fields are all empty views with no data behind them
// (a reader leaves a missing element that way) is written in every format;
// under the sanitizers this also proves no null pointer reaches memcpy,
// even for zero bytes (UBSan caught it once in the CSV writer).
TEST(AllWriters, WriteEmptyNullFields) {
  Fixture f;
  Claim empty;
  empty.lines.resize(1);
  ClaimResult r = f.checked_r;
  r.lines.resize(1);
  for (OutputFormat format :
       {OutputFormat::kJson, OutputFormat::kNdjson, OutputFormat::kCsv, OutputFormat::kTable}) {
    auto w = ResultWriter::make(format, f.pack);
    std::string out;
    w->claim(out, empty, r);
    EXPECT_FALSE(out.empty()) << static_cast<int>(format);
    EXPECT_EQ(empty.claim_id.data(), nullptr);  // what the test is about
  }
}
