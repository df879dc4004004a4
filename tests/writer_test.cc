// The result writers (SPEC §3): exact bytes of json/ndjson/csv/table for
// hand-built claims and results, the names of decisions, statuses and
// formats, and the totals. (JSON string escaping: json_string_test.cc; the
// writers' number, date and text formatting: text_out_test.cc.)
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "perdiem/writer.h"
#include "writer_fixture.h"

using namespace perdiem;
using namespace perdiem::testing;

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

// SPEC §3: a line the policy did not judge is not_checked, never pay, and
// nothing was allowed for it.
TEST(ClaimJson, OutOfScopeLinesAreNotCheckedNeverPaid) {
  Fixture f;
  std::string out;
  write_claim_json(out, f.out_of_scope, f.out_r);
  EXPECT_EQ(out,
            R"({"claim_id":"C2","status":"out_of_scope","reason":"no home infusion service line",)"
            R"("policy_version":"2024-04-22","source":{"file":"in.837","segment":40,"offset":2000},)"
            R"("problems":[],"lines":[{"line":1,"code":"99213","modifiers":[],"from":"2024-06-02",)"
            R"("to":"2024-06-02","units":1,"allowed_units":null,"charge":"80.00","decision":"not_checked","edits":[]}]})");
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
  // SPEC §4: split_line lists its pieces, units where they follow from the days.
  f = {};
  f.kind = Fix::Kind::kSplitLine;
  Fix::Piece a, b;
  a.dates = {day("2024-06-01"), day("2024-06-02")};
  a.has_units = true;
  a.units = Quantity::from_int(2);
  b.dates = {day("2024-06-03"), day("2024-06-04")};
  b.modifiers = {"SH"};
  b.has_units = true;
  b.units = Quantity::from_int(2);
  f.pieces = {a, b};
  EXPECT_EQ(fix_json(f), R"(,"fix":{"split_line":[{"from":"2024-06-01","to":"2024-06-02","modifiers":[],"units":2},)"
                         R"({"from":"2024-06-03","to":"2024-06-04","modifiers":["SH"],"units":2}]})");
  f.pieces[0].has_units = f.pieces[1].has_units = false;  // not a per diem: no units
  EXPECT_EQ(fix_json(f), R"(,"fix":{"split_line":[{"from":"2024-06-01","to":"2024-06-02","modifiers":[]},)"
                         R"({"from":"2024-06-03","to":"2024-06-04","modifiers":["SH"]}]})");
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

TEST(ClaimJson, MissingLineResultsAreNotCheckedAndLineNumbersFallBackToPosition) {
  Fixture f;
  f.checked_r.lines.resize(1);
  f.checked.lines[2].number = 0;
  std::string out;
  write_claim_json(out, f.checked, f.checked_r);
  EXPECT_NE(out.find(R"({"line":3,"code":"S9500","modifiers":["SJ"],"from":"2024-06-01","to":"2024-06-01","units":1,"allowed_units":null,"charge":"100.00","decision":"not_checked","edits":[]})"),
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
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kPay)], 1u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kNotChecked)], 1u);  // the out-of-scope line
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kReduce)], 1u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kDeny)], 1u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kBundle)], 0u);
  EXPECT_EQ(t.charge.fixed_text(), "2630.50");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kPay)].fixed_text(), "350.50");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kNotChecked)].fixed_text(), "80.00");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kReduce)].fixed_text(), "2100.00");
  EXPECT_EQ(t.charge_by_decision[static_cast<int>(Decision::kDeny)].fixed_text(), "100.00");
}

TEST(Totals, OutOfScopeLinesCountAsNotCheckedWhateverTheResultSays) {
  Fixture f;
  f.out_r.lines.resize(1);
  f.out_r.lines[0].decision = Decision::kDeny;
  Totals t;
  t.add(f.out_of_scope, f.out_r);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kNotChecked)], 1u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kPay)], 0u);
  EXPECT_EQ(t.by_decision[static_cast<int>(Decision::kDeny)], 0u);
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
          "allowed_units": null,
          "charge": "80.00",
          "decision": "not_checked",
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
      "pay": 0,
      "reduce": 1,
      "pend": 0,
      "bundle": 0,
      "deny": 0,
      "not_checked": 1
    },
    "charge": "2180.00",
    "charge_by_decision": {
      "pay": "0.00",
      "reduce": "2100.00",
      "pend": "0.00",
      "bundle": "0.00",
      "deny": "0.00",
      "not_checked": "80.00"
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
            "C2,out_of_scope,1,99213,,2024-06-02,2024-06-02,1,,80.00,not_checked,,,,no home infusion service line\n"
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
     1  99213  2024-06-02  1       80.00  not checked

C3  rejected  in.837:60
  error: SV104 units are not a number (segment 64, offset 3120, SV104)

Totals: 3 claims (1 checked, 1 out of scope, 1 rejected), 4 lines, 1 file problem
  decision     lines   charge
  pay              1   350.50
  reduce           1  2100.00
  pend             0     0.00
  bundle           0     0.00
  deny             1   100.00
  not checked      1    80.00
  all              4  2630.50
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

// ---------------------------------------------------------------- whole claims: every kind of value

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
