// Tests of read_x12() on hand-written 837P interchanges: every field of the
// claim model, every delimiter style, and every structural error that
// rejects a claim, with its segment number, byte offset and element.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "perdiem/input.h"
#include "x12_test_util.h"

namespace perdiem {
namespace {

using namespace x12_testing;

// ------------------------------------------------------- hand-written 837P

TEST(X12Reader, HomeInfusionClaimYieldsEveryField) {
  const Doc d = home_infusion_doc();
  const auto sink = read(d.text);
  EXPECT_TRUE(sink.file_problems.empty()) << sink.file_problems[0].message;
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  expect_home_infusion_claim(c);
  EXPECT_EQ(c.file, "test.837");
  EXPECT_EQ(c.source.segment, d.number("CLM"));
  EXPECT_EQ(c.source.offset, d.offset("CLM"));
  EXPECT_EQ(c.lines[0].source.segment, d.number("LX*1"));
  EXPECT_EQ(c.lines[0].source.offset, d.offset("LX*1"));
  EXPECT_EQ(c.lines[2].source.segment, d.number("LX*3"));
}

TEST(X12Reader, TextIsViewedInPlaceAndOnlyNormalisedTextIsCopied) {
  const Doc d = home_infusion_doc();
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  EXPECT_TRUE(points_into(c.claim_id, d.text));
  EXPECT_TRUE(points_into(c.member_id, d.text));
  EXPECT_TRUE(points_into(c.lines[0].code, d.text));
  EXPECT_TRUE(points_into(c.lines[2].description, d.text));
  EXPECT_TRUE(points_into(c.lines[2].ndc, d.text));    // already digits only
  EXPECT_FALSE(points_into(c.lines[1].ndc, d.text));   // hyphens removed: arena
  EXPECT_FALSE(points_into(c.diagnoses[0], d.text));   // dot removed: arena
}

TEST(X12Reader, DelimitersComeFromTheIsaHeader) {
  const std::vector<Style> styles = {
      {'|', '^', '\n', '}', "", ""},   // pipe elements, caret components, LF terminator
      {'!', '>', '~', '^', "", ""},    // '!' and '>'
      {'~', '^', '_', '|', "\n", ""},  // tilde elements, underscore terminator
      {'*', '>', '\r', '|', "\n", ""}, // CR terminator followed by LF
      {'*', ':', '~', 'U', "", ""},    // ISA11 'U' (4010 habit): no repetition separator
  };
  for (const Style& st : styles) {
    SCOPED_TRACE(std::string("element ") + st.element + " component " + st.component);
    const Doc d = home_infusion_doc(st);
    const auto sink = read(d.text);
    EXPECT_TRUE(sink.file_problems.empty()) << sink.file_problems[0].message;
    ASSERT_EQ(sink.claims.size(), 1u);
    expect_home_infusion_claim(sink.claims[0]);
  }
}

TEST(X12Reader, LineBreaksAndIndentationAfterTerminatorsAreAllowed) {
  for (const char* after : {"\n", "\r\n", "\r\n    ", "\n\n"}) {
    Style st;
    st.after = after;
    const Doc d = home_infusion_doc(st);
    const auto sink = read(d.text);
    EXPECT_TRUE(sink.file_problems.empty());
    ASSERT_EQ(sink.claims.size(), 1u);
    expect_home_infusion_claim(sink.claims[0]);
    EXPECT_EQ(sink.claims[0].source.offset, d.offset("CLM"));
  }
}

TEST(X12Reader, Utf8ByteOrderMarkIsSkipped) {
  Style st;
  st.before = "\xEF\xBB\xBF";
  st.after = "\r\n";
  const Doc d = home_infusion_doc(st);
  const auto sink = read(d.text);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_EQ(sink.claims[0].source.segment, d.number("CLM"));
  EXPECT_EQ(sink.claims[0].source.offset, d.offset("CLM"));
}

TEST(X12Reader, TextBeforeTheIsaIsSkippedWithAWarning) {
  Style st;
  st.before = "Example 1 - VISA payment\n\nsome prose *~ here\n";
  const Doc d = home_infusion_doc(st);
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  expect_home_infusion_claim(sink.claims[0]);
  EXPECT_EQ(sink.claims[0].source.segment, d.number("CLM"));  // prose is not a segment
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kWarning);
  EXPECT_EQ(sink.file_problems[0].offset, 0u);
  EXPECT_NE(sink.file_problems[0].message.find("before the first ISA"), std::string::npos);
}

TEST(X12Reader, TwoInterchangesEachDeclareTheirDelimitersAndNumberingRunsOn) {
  const Doc a = render(interchange(concat({provider_and_subscriber(), home_infusion_claim("A1")})));
  Style st;
  st.element = '|';
  st.component = '>';
  st.terminator = '\n';
  Doc b = render(interchange(concat({provider_and_subscriber(), home_infusion_claim("B1")}),
                             "000000002"),
                 st);
  const std::string text = a.text + "\n" + b.text;
  const auto sink = read(text);
  EXPECT_TRUE(sink.file_problems.empty()) << sink.file_problems[0].message;
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[0].claim_id, "A1");
  EXPECT_EQ(sink.claims[1].claim_id, "B1");
  EXPECT_EQ(sink.claims[1].lines[1].code, "J0696");
  EXPECT_EQ(sink.claims[1].lines[1].modifiers[0], "JW");
  // Segment numbers count from the file's first ISA across envelopes.
  b.base_number = a.segments.size();
  EXPECT_EQ(sink.claims[1].source.segment, b.number("CLM"));
  EXPECT_EQ(sink.claims[1].source.offset, a.text.size() + 1 + b.offset("CLM"));
}

TEST(X12Reader, SubscriberAndPatientLevelsGiveTheMemberOfEachClaim) {
  const std::vector<std::string> body = {
      "HL*1**20*1",
      "PRV*BI*PXC*3336H0001X",
      "NM1*85*2*PHARMACY*****XX*1234567893",
      "HL*2*1*22*1",
      "SBR*P**GRP1******CI",
      "NM1*IL*1*DOE*JANE****MI*MEMBER001",
      "NM1*PR*2*PAYER*****PI*PAYER01",
      // A claim for the subscriber directly under HL 22.
      "CLM*SUB1*100***12:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601",
      // A patient with an id of their own.
      "HL*3*2*23*0",
      "PAT*19",
      "NM1*QC*1*DOE*TIM****MI*PATIENT7",
      "CLM*PAT1*100***12:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601",
      // A patient without an id: the subscriber's id applies.
      "HL*4*2*23*0",
      "PAT*19",
      "NM1*QC*1*DOE*ANN",
      "CLM*PAT2*100***12:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601",
      // A new billing provider without a taxonomy resets the context.
      "HL*5**20*1",
      "NM1*85*2*OTHER PHARMACY*****XX*1234567894",
      "HL*6*5*22*0",
      "NM1*IL*1*ROE*RAY****MI*MEMBER002",
      "CLM*SUB2*100***12:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601",
  };
  const Doc d = render(interchange(body));  // claims view d.text: keep it alive
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 4u);
  EXPECT_EQ(sink.claims[0].member_id, "MEMBER001");
  EXPECT_EQ(sink.claims[1].member_id, "PATIENT7");
  EXPECT_EQ(sink.claims[2].member_id, "MEMBER001");
  EXPECT_EQ(sink.claims[3].member_id, "MEMBER002");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(sink.claims[i].billing_taxonomy, "3336H0001X");
  EXPECT_EQ(sink.claims[3].billing_taxonomy, "");
  for (const auto& c : sink.claims) EXPECT_FALSE(c.has_errors()) << c.claim_id;
}

TEST(X12Reader, RenderingTaxonomyIsClaimLevelBeforeLxAndLineLevelAfter) {
  const std::vector<std::string> claim = {
      "CLM*R1*200***12:B:1*Y*A*Y*Y",
      "HI*ABK:A419",
      "NM1*DN*1*REFERRER*ANN****XX*1111111111",
      "PRV*PE*PXC*999999999X",  // follows a referring provider: not rendering
      "NM1*82*1*RENDER*BOB****XX*2222222222",
      "PRV*PE*PXC*163W00000X",
      "SBR*S*19*******CI",
      "NM1*IL*1*OTHER*SUBSCRIBER****MI*OTHERID9",  // 2330A: not the member
      "LX*1",
      "SV1*HC:S9500*100*UN*1",
      "DTP*472*D8*20240601",
      "NM1*DK*1*ORDERING*DOC****XX*3333333333",
      "PRV*PE*PXC*888888888X",  // ordering provider: ignored
      "LX*2",
      "SV1*HC:J0696*100*UN*1",
      "DTP*472*D8*20240601",
      "NM1*82*1*LINE*RENDERER****XX*4444444444",
      "PRV*PE*PXC*3336h0001x",  // lower case is normalised
  };
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})));
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  EXPECT_FALSE(c.has_errors());
  EXPECT_EQ(c.member_id, "MEMBER001");
  EXPECT_EQ(c.rendering_taxonomy, "163W00000X");
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].rendering_taxonomy, "");
  EXPECT_EQ(c.lines[1].rendering_taxonomy, "3336H0001X");
}

TEST(X12Reader, DiagnosesArePrincipalFirstUpperCaseWithoutDots) {
  const std::vector<std::string> claim = {
      "CLM*D1*100***12:B:1*Y*A*Y*Y",
      "HI*ABF:E11.9*ABK:a41.9*BG:01",  // principal after an other; BG is a condition code
      "HI*BF:Z79.4**",                 // trailing empty elements
      "HI*BK*8901",                    // not composites: a warning, nothing read
      "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601",
  };
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})));
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  EXPECT_EQ(c.diagnoses, (std::vector<std::string_view>{"A419", "E119", "Z794"}));
  EXPECT_FALSE(c.has_errors());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, Severity::kWarning);
  EXPECT_EQ(c.problems[0].segment, d.number("HI*BK"));
  EXPECT_EQ(c.problems[0].element, "HI01");
}

TEST(X12Reader, Rd8IsASpanAndD8IsOneDay) {
  const std::vector<std::string> claim = {
      "CLM*D1*300***12:B:1*Y*A*Y*Y",
      "LX*1", "SV1*HC:S9500*100*UN*30", "DTP*472*RD8*20240215-20240315",
      "LX*2", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240229",
      "LX*3", "SV1*HC:S9500*100*UN*1", "DTP*472*RD8*20240301-20240301",
  };
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})));
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto& l = sink.claims[0].lines;
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].dates.from, *Date::parse_iso("2024-02-15"));
  EXPECT_EQ(l[0].dates.to, *Date::parse_iso("2024-03-15"));
  EXPECT_EQ(l[0].dates.days(), 30);
  EXPECT_EQ(l[1].dates.from, *Date::parse_iso("2024-02-29"));
  EXPECT_EQ(l[1].dates.days(), 1);
  EXPECT_EQ(l[2].dates.days(), 1);
}

// --------------------------------------------------------- structural errors

struct ErrorCase {
  const char* name;
  std::vector<std::string> bad_claim;  // replaces the first claim
  const char* at;                      // prefix of the segment the error names
  const char* element;
  const char* says;                    // part of the message
};

// The bad claim is followed by a good one, which must still be read.
void check_error_case(const ErrorCase& k, const ReadLimits& limits = {}) {
  SCOPED_TRACE(k.name);
  const Doc d = render(
      interchange(concat({provider_and_subscriber(), k.bad_claim, home_infusion_claim()})));
  const auto sink = read(d.text, limits);
  ASSERT_EQ(sink.claims.size(), 2u);
  const Claim& bad = sink.claims[0];
  const auto errs = errors(bad);
  ASSERT_EQ(errs.size(), 1u) << (errs.empty() ? "" : errs[1]->message);
  EXPECT_EQ(errs[0]->segment, d.number(k.at)) << errs[0]->message;
  EXPECT_EQ(errs[0]->offset, d.offset(k.at));
  EXPECT_EQ(errs[0]->element, k.element);
  EXPECT_NE(errs[0]->message.find(k.says), std::string::npos) << errs[0]->message;
  EXPECT_EQ(bad.source.segment, d.number("CLM"));
  expect_home_infusion_claim(sink.claims[1]);
  EXPECT_TRUE(sink.file_problems.empty());
  expect_no_member_data(sink);
}

std::vector<std::string> one_line_claim(const std::string& sv1, const std::string& dtp) {
  std::vector<std::string> c = {"CLM*BAD1*100***12:B:1*Y*A*Y*Y", "LX*1", sv1};
  if (!dtp.empty()) c.push_back(dtp);
  return c;
}

TEST(X12Reader, ClaimWithoutLinesIsRejectedAtItsClm) {
  check_error_case({"no lines", {"CLM*BAD1*100***12:B:1*Y*A*Y*Y", "HI*ABK:A419"}, "CLM*BAD1",
                    "", "no service lines"});
}

TEST(X12Reader, LxWithoutSv1IsRejectedAtTheLx) {
  check_error_case({"LX without SV1",
                    {"CLM*BAD1*100***12:B:1*Y*A*Y*Y", "LX*1", "DTP*472*D8*20240601"}, "LX*1", "",
                    "has no SV1"});
}

TEST(X12Reader, Sv1WithoutCodeOrWithBrokenCompositeIsRejected) {
  check_error_case({"qualifier without code",
                    one_line_claim("SV1*HC*100*UN*1", "DTP*472*D8*20240601"), "SV1", "SV101-2",
                    "no procedure code"});
  check_error_case({"empty SV101", one_line_claim("SV1**100*UN*1", "DTP*472*D8*20240601"), "SV1",
                    "SV101", "missing"});
  check_error_case({"code without qualifier",
                    one_line_claim("SV1*:S9500*100*UN*1", "DTP*472*D8*20240601"), "SV1",
                    "SV101-1", "no qualifier"});
}

TEST(X12Reader, NonNumericOrNegativeUnitsAreRejectedAtSv104) {
  check_error_case({"units text", one_line_claim("SV1*HC:S9500*100*UN*seven", "DTP*472*D8*20240601"),
                    "SV1", "SV104", "[value of 5 bytes, not shown] are not a number"});
  check_error_case({"units negative", one_line_claim("SV1*HC:S9500*100*UN*-2", "DTP*472*D8*20240601"),
                    "SV1", "SV104", "negative"});
  check_error_case({"units missing", one_line_claim("SV1*HC:S9500*100*UN", "DTP*472*D8*20240601"),
                    "SV1", "SV104", "missing"});
}

TEST(X12Reader, NonNumericChargeIsRejectedAtSv102) {
  check_error_case({"charge", one_line_claim("SV1*HC:S9500*12,00*UN*1", "DTP*472*D8*20240601"),
                    "SV1", "SV102", "not an amount"});
}

TEST(X12Reader, BadServiceDatesAreRejectedAtTheDtp) {
  check_error_case({"not a date", one_line_claim("SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240231"),
                    "DTP*472", "DTP03", "not a CCYYMMDD date"});
  check_error_case({"reversed span",
                    one_line_claim("SV1*HC:S9500*100*UN*1", "DTP*472*RD8*20240607-20240601"),
                    "DTP*472", "DTP03", "ends before it begins"});
  check_error_case({"broken span", one_line_claim("SV1*HC:S9500*100*UN*1", "DTP*472*RD8*20240601"),
                    "DTP*472", "DTP03", "not CCYYMMDD-CCYYMMDD"});
  check_error_case({"unknown qualifier",
                    one_line_claim("SV1*HC:S9500*100*UN*1", "DTP*472*DT*202406011200"), "DTP*472",
                    "DTP02", "not D8 or RD8"});
}

TEST(X12Reader, LineWithoutServiceDateIsRejectedAtItsLx) {
  check_error_case({"no date", one_line_claim("SV1*HC:S9500*100*UN*1", "DTP*471*D8*20240601"),
                    "LX*1", "", "no DTP*472"});
}

TEST(X12Reader, ClaimWithBadTotalChargeIsRejectedAtClm02) {
  check_error_case({"CLM02", {"CLM*BAD1*1O0***12:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:S9500*100*UN*1",
                              "DTP*472*D8*20240601"},
                    "CLM*BAD1", "CLM02", "not an amount"});
}

TEST(X12Reader, ClaimWithoutClaimIdIsStillEmittedRejected) {
  const Doc d = render(interchange(concat(
      {provider_and_subscriber(),
       {"CLM**100***12:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601"},
       home_infusion_claim()})));
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[0].claim_id, "");
  ASSERT_TRUE(sink.claims[0].has_errors());
  EXPECT_EQ(sink.claims[0].problems[0].element, "CLM01");
  EXPECT_EQ(sink.claims[0].problems[0].segment, d.number("CLM**"));
  EXPECT_EQ(sink.claims[0].lines.size(), 1u);
  expect_home_infusion_claim(sink.claims[1]);
}

TEST(X12Reader, TooManyLinesRejectTheClaimNamingTheLimit) {
  ReadLimits limits;
  limits.max_lines_per_claim = 2;
  const std::vector<std::string> claim = {
      "CLM*BAD1*300***12:B:1*Y*A*Y*Y",
      "LX*1", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240601",
      "LX*2", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240602",
      "LX*3", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240603",
      "LX*4", "SV1*HC:S9500*100*UN*1", "DTP*472*D8*20240604",
  };
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})));
  const auto sink = read(d.text, limits);
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto errs = errors(sink.claims[0]);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0]->segment, d.number("LX*3"));
  EXPECT_NE(errs[0]->message.find("max_lines_per_claim"), std::string::npos);
  EXPECT_EQ(sink.claims[0].lines.size(), 2u);
}

TEST(X12Reader, OverlongSegmentRejectsItsClaimNamingTheLimit) {
  ReadLimits limits;
  limits.max_segment_bytes = 80;
  const std::string long_sv1 = "SV1*HC:J3490:::::" + std::string(100, 'X') + "*10*UN*1";
  const Doc d = render(interchange(
      concat({provider_and_subscriber(), one_line_claim(long_sv1, "DTP*472*D8*20240601"),
              home_infusion_claim()})));
  const auto sink = read(d.text, limits);
  ASSERT_EQ(sink.claims.size(), 2u);
  const auto errs = errors(sink.claims[0]);
  ASSERT_GE(errs.size(), 1u);
  EXPECT_EQ(errs[0]->segment, d.number("SV1*HC:J3490:::::X"));
  EXPECT_EQ(errs[0]->offset, d.offset("SV1*HC:J3490:::::X"));
  EXPECT_NE(errs[0]->message.find("longer than the 80-byte limit (max_segment_bytes)"),
            std::string::npos)
      << errs[0]->message;
  expect_home_infusion_claim(sink.claims[1]);
}

TEST(X12Reader, MaxClaimsStopsReadingWithAnError) {
  ReadLimits limits;
  limits.max_claims = 1;
  const Doc d = render(interchange(concat(
      {provider_and_subscriber(), home_infusion_claim("A"), home_infusion_claim("B")})));
  const auto sink = read(d.text, limits);
  ASSERT_EQ(sink.claims.size(), 1u);
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kError);
  EXPECT_NE(sink.file_problems[0].message.find("max_claims"), std::string::npos);
}

TEST(X12Reader, InstitutionalSv2LinesAreRejectedNotSilentlyDropped) {
  const std::vector<std::string> claim = {"CLM*I1*100***13:A:1*Y*A*Y*Y", "LX*1",
                                          "SV2*0300*HC:85087*50*UN*1", "DTP*472*D8*20240601"};
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})));
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto errs = errors(sink.claims[0]);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0]->segment, d.number("LX*1"));
  EXPECT_NE(errs[0]->message.find("SV2 instead of SV1"), std::string::npos);
}

}  // namespace
}  // namespace perdiem
