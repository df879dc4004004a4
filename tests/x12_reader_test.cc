// Tests of read_x12(): hand-written 837P interchanges (every field, every
// delimiter style, every structural error with its position), the shared
// public sample corpus (counts pinned against SOURCES.md), and deterministic
// truncation / byte-flip mutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "perdiem/input.h"
#include "test_util.h"

namespace perdiem {
namespace {

using testing::CollectingSink;

// ------------------------------------------------------------ test helpers

// How a hand-written interchange is rendered. Segments are written with
// '*' ':' '^' and rendered with these delimiters.
struct Style {
  char element = '*';
  char component = ':';
  char terminator = '~';
  char repetition = '^';
  std::string after;   // bytes after each terminator ("\n", "\r\n", "\n  ")
  std::string before;  // bytes before the ISA (a BOM, a banner)
};

// A rendered interchange that knows where each segment is.
struct Doc {
  std::string text;
  std::vector<std::string> segments;  // as written (canonical delimiters)
  std::vector<size_t> offsets;        // byte offset of each rendered segment
  size_t base_number = 0;             // segments before this document (for appended docs)

  // Index of the nth (0-based) segment that starts with prefix.
  size_t index(std::string_view prefix, int nth = 0) const {
    for (size_t i = 0; i < segments.size(); ++i)
      if (segments[i].compare(0, prefix.size(), prefix) == 0 && nth-- == 0) return i;
    ADD_FAILURE() << "no segment " << prefix;
    return 0;
  }
  uint64_t number(std::string_view prefix, int nth = 0) const {
    return base_number + index(prefix, nth) + 1;
  }
  uint64_t offset(std::string_view prefix, int nth = 0) const { return offsets[index(prefix, nth)]; }
  // Offset just past the terminator of the nth segment with prefix.
  size_t end(std::string_view prefix, int nth = 0) const {
    const size_t i = index(prefix, nth);
    return offsets[i] + segments[i].size() + 1;
  }
};

Doc render(const std::vector<std::string>& segments, const Style& st = {}) {
  Doc d;
  d.segments = segments;
  d.text = st.before;
  for (const std::string& s : segments) {
    d.offsets.push_back(d.text.size());
    for (char c : s) {
      if (c == '*') c = st.element;
      else if (c == ':') c = st.component;
      else if (c == '^') c = st.repetition;
      d.text += c;
    }
    d.text += st.terminator;
    d.text += st.after;
  }
  return d;
}

std::string isa(const std::string& control = "000000001") {
  // 106 bytes once terminated: fixed-width fields as the standard requires.
  return "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240601*1200*^*"
         "00501*" + control + "*0*T*:";
}

// Wraps 2000A..2400 content in ISA/GS/ST/BHT/1000A/1000B ... SE/GE/IEA with
// correct counts and control numbers.
std::vector<std::string> interchange(const std::vector<std::string>& body,
                                     const std::string& control = "000000001") {
  std::vector<std::string> s = {
      isa(control),
      "GS*HC*SUBMITTER*RECEIVER*20240601*1200*1*X*005010X222A1",
      "ST*837*0001*005010X222A1",
      "BHT*0019*00*BATCH1*20240601*1200*CH",
      "NM1*41*2*HOME INFUSION PHARMACY*****46*SUBMIT01",
      "PER*IC*BILLING OFFICE*TE*5555550100",
      "NM1*40*2*PAYER*****46*PAYER01",
  };
  s.insert(s.end(), body.begin(), body.end());
  const size_t st_count = s.size() - 2 + 1;  // ST .. SE
  s.push_back("SE*" + std::to_string(st_count) + "*0001");
  s.push_back("GE*1*1");
  s.push_back("IEA*1*" + control);
  return s;
}

// 2000A billing provider and 2000B subscriber (no separate patient).
std::vector<std::string> provider_and_subscriber() {
  return {
      "HL*1**20*1",
      "PRV*BI*PXC*3336H0001X",
      "NM1*85*2*HOME INFUSION PHARMACY*****XX*1234567893",
      "N3*1 MAIN ST",
      "N4*DALLAS*TX*75201",
      "REF*EI*123456789",
      "HL*2*1*22*0",
      "SBR*P*18*GRP1******CI",
      "NM1*IL*1*DOE*JANE****MI*MEMBER001",
      "DMG*D8*19600101*F",
      "NM1*PR*2*PAYER*****PI*PAYER01",
  };
}

// The home infusion claim: per diem S9500, a drug with its NDC, and an
// unlisted drug with a description.
std::vector<std::string> home_infusion_claim(const std::string& id = "HI0001") {
  return {
      "CLM*" + id + "*1814.19***12:B:1*Y*A*Y*Y",
      "HI*ABK:A41.9*ABF:b95.62",
      "LX*1",
      "SV1*HC:S9500*1400.00*UN*7*12**1",
      "DTP*472*RD8*20240601-20240607",
      "LX*2",
      "SV1*HC:J0696:JW*346.50*UN*14*12**1",
      "DTP*472*D8*20240601",
      "LIN**N4*00004-1965-01",
      "CTP****7*UN",
      "REF*XZ*RX0001",
      "LX*3",
      "SV1*HC:J3490:::::Sod Chl 0.9%see NDC#*67.69*UN*7*12**1",
      "DTP*472*RD8*20240601-20240607",
      "DTP*471*D8*20240530",
      "LIN**N4*00338004938",
      "CTP****7*ML",
  };
}

std::vector<std::string> concat(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Doc home_infusion_doc(const Style& st = {}) {
  return render(interchange(concat({provider_and_subscriber(), home_infusion_claim()})), st);
}

CollectingSink read(std::string_view data, const ReadLimits& limits = {}) {
  CollectingSink sink;
  read_x12(data, "test.837", sink, limits);
  return sink;
}

bool points_into(std::string_view view, std::string_view data) {
  return view.data() >= data.data() && view.data() + view.size() <= data.data() + data.size();
}

std::vector<const Problem*> errors(const Claim& c) {
  std::vector<const Problem*> out;
  for (const auto& p : c.problems)
    if (p.severity == Severity::kError) out.push_back(&p);
  return out;
}

// Problems must never quote member data (names, member ids, birth dates).
void expect_no_member_data(const CollectingSink& sink) {
  auto check = [](const Problem& p) {
    for (const char* secret : {"MEMBER001", "DOE", "JANE", "19600101", "PATIENT7"})
      EXPECT_EQ(p.message.find(secret), std::string::npos) << p.message;
  };
  for (const auto& c : sink.claims)
    for (const auto& p : c.problems) check(p);
  for (const auto& p : sink.file_problems) check(p);
}

void expect_home_infusion_claim(const Claim& c) {
  EXPECT_EQ(c.claim_id, "HI0001");
  EXPECT_EQ(c.member_id, "MEMBER001");
  EXPECT_EQ(c.total_charge, *Money::parse("1814.19"));
  EXPECT_EQ(c.place_of_service, "12");
  EXPECT_EQ(c.frequency, "1");
  EXPECT_EQ(c.billing_taxonomy, "3336H0001X");
  EXPECT_EQ(c.rendering_taxonomy, "");
  ASSERT_EQ(c.diagnoses.size(), 2u);
  EXPECT_EQ(c.diagnoses[0], "A419");
  EXPECT_EQ(c.diagnoses[1], "B9562");
  EXPECT_FALSE(c.has_errors());
  ASSERT_EQ(c.lines.size(), 3u);

  const ServiceLine& l1 = c.lines[0];
  EXPECT_EQ(l1.number, 1u);
  EXPECT_EQ(l1.qualifier, "HC");
  EXPECT_EQ(l1.code, "S9500");
  EXPECT_EQ(l1.modifier_count, 0);
  EXPECT_EQ(l1.description, "");
  EXPECT_EQ(l1.charge, *Money::parse("1400"));
  EXPECT_EQ(l1.unit_basis, "UN");
  EXPECT_EQ(l1.units, Quantity::from_int(7));
  EXPECT_EQ(l1.place_of_service, "12");
  EXPECT_EQ(l1.dates.from, *Date::parse_iso("2024-06-01"));
  EXPECT_EQ(l1.dates.to, *Date::parse_iso("2024-06-07"));
  EXPECT_EQ(l1.ndc, "");

  const ServiceLine& l2 = c.lines[1];
  EXPECT_EQ(l2.number, 2u);
  EXPECT_EQ(l2.code, "J0696");
  ASSERT_EQ(l2.modifier_count, 1);
  EXPECT_EQ(l2.modifiers[0], "JW");
  EXPECT_TRUE(l2.has_modifier("JW"));
  EXPECT_EQ(l2.charge, *Money::parse("346.50"));
  EXPECT_EQ(l2.units, Quantity::from_int(14));
  EXPECT_EQ(l2.dates.from, *Date::parse_iso("2024-06-01"));
  EXPECT_EQ(l2.dates.to, l2.dates.from);
  EXPECT_EQ(l2.ndc, "00004196501");  // hyphens removed
  EXPECT_EQ(l2.ndc_quantity, Quantity::from_int(7));
  EXPECT_EQ(l2.ndc_unit, "UN");

  const ServiceLine& l3 = c.lines[2];
  EXPECT_EQ(l3.code, "J3490");
  EXPECT_EQ(l3.modifier_count, 0);
  EXPECT_EQ(l3.description, "Sod Chl 0.9%see NDC#");
  EXPECT_EQ(l3.ndc, "00338004938");
  EXPECT_EQ(l3.ndc_unit, "ML");
  EXPECT_EQ(l3.dates.days(), 7);
}

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

// ---------------------------------------------------- envelopes and damage

TEST(X12Reader, EnvelopeCountAndControlMismatchesAreOnlyWarnings) {
  std::vector<std::string> s = interchange(concat({provider_and_subscriber(), home_infusion_claim()}));
  s[s.size() - 3] = "SE*99*0002";   // wrong count and control number
  s[s.size() - 2] = "GE*2*7";       // wrong count and control number
  s[s.size() - 1] = "IEA*3*000000009";
  const Doc d = render(s);
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  expect_home_infusion_claim(sink.claims[0]);
  std::map<std::string, const Problem*> by_element;
  for (const auto& p : sink.file_problems) {
    EXPECT_EQ(p.severity, Severity::kWarning) << p.message;
    by_element[p.element] = &p;
  }
  EXPECT_EQ(sink.file_problems.size(), 6u);
  ASSERT_TRUE(by_element.count("SE01"));
  EXPECT_EQ(by_element["SE01"]->segment, d.number("SE*"));
  EXPECT_EQ(by_element["SE01"]->offset, d.offset("SE*"));
  EXPECT_NE(by_element["SE01"]->message.find("has 34"), std::string::npos)
      << by_element["SE01"]->message;
  for (const char* el : {"SE02", "GE01", "GE02", "IEA01", "IEA02"})
    EXPECT_TRUE(by_element.count(el)) << el;
}

TEST(X12Reader, TruncatedFileStillEmitsTheClaimInProgress) {
  const Doc d = home_infusion_doc();
  // Cut after the last complete segment of the claim: lines are complete.
  const std::string cut = d.text.substr(0, d.end("CTP****7*ML"));
  auto sink = read(cut);
  ASSERT_EQ(sink.claims.size(), 1u);
  expect_home_infusion_claim(sink.claims[0]);
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kWarning);
  EXPECT_NE(sink.file_problems[0].message.find("no SE, GE, IEA"), std::string::npos)
      << sink.file_problems[0].message;

  // Cut inside a line's SV1: the claim is incomplete and rejected there.
  const size_t mid = d.offset("SV1*HC:J3490") + 10;
  sink = read(d.text.substr(0, mid));
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto errs = errors(sink.claims[0]);
  ASSERT_FALSE(errs.empty());
  EXPECT_EQ(errs[0]->segment, d.number("SV1*HC:J3490"));
  EXPECT_NE(errs[0]->message.find("truncated"), std::string::npos);

  // Cut after an LX: the last line has no SV1.
  sink = read(d.text.substr(0, d.end("LX*3")));
  ASSERT_EQ(sink.claims.size(), 1u);
  ASSERT_EQ(errors(sink.claims[0]).size(), 1u);
  EXPECT_EQ(errors(sink.claims[0])[0]->segment, d.number("LX*3"));
}

TEST(X12Reader, UnterminatedFinalIeaIsNormal) {
  const Doc d = home_infusion_doc();
  const auto sink = read(std::string_view(d.text).substr(0, d.text.size() - 1));
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
}

TEST(X12Reader, UnusableIsaIsReportedAndTheNextInterchangeIsRead) {
  std::string bad = isa();
  bad.back() = '*';  // ISA16 equal to the element separator
  const std::string text =
      bad + "~GS*HC*X~ST*837*1~CLM*LOST*1~SE*3*1~GE*1*1~IEA*1*000000001~\n" +
      home_infusion_doc().text;
  auto sink = read(text);
  // The claim in the unusable interchange is still reported, rejected.
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[0].claim_id, "LOST");
  EXPECT_TRUE(sink.claims[0].has_errors());
  EXPECT_EQ(sink.claims[0].source.offset, text.find("CLM*LOST"));
  sink.claims.erase(sink.claims.begin());
  expect_home_infusion_claim(sink.claims[0]);
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kError);
  EXPECT_EQ(sink.file_problems[0].offset, 0u);
  EXPECT_NE(sink.file_problems[0].message.find("component separator"), std::string::npos)
      << sink.file_problems[0].message;
  // Numbering starts at the first ISA that could be read.
  EXPECT_EQ(sink.claims[0].source.segment, home_infusion_doc().number("CLM"));
}

TEST(X12Reader, TruncatedIsaIsAFileError) {
  const auto sink = read("ISA*00*          *00*      ");
  EXPECT_TRUE(sink.claims.empty());
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kError);
  EXPECT_NE(sink.file_problems[0].message.find("cut off"), std::string::npos);
}

TEST(X12Reader, NonX12InputIsReportedNotCrashed) {
  using namespace std::string_view_literals;
  for (std::string_view text : {""sv, "\n\n"sv, "hello world"sv, "I\0S\0A\0*\0"sv,
                                "\xFF\xFEI\0S\0A\0"sv, "\x01\x02\x03ISA"sv}) {
    const auto sink = read(text);
    EXPECT_TRUE(sink.claims.empty());
    ASSERT_EQ(sink.file_problems.size(), 1u);
    EXPECT_EQ(sink.file_problems[0].severity, Severity::kError);
  }
}

TEST(X12Reader, GarbageSegmentInsideAClaimRejectsIt) {
  std::vector<std::string> claim = home_infusion_claim();
  claim.insert(claim.begin() + 4, "\x01\x02garbage");
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})));
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto errs = errors(sink.claims[0]);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0]->segment, d.number("\x01"));
}

// --------------------------------------------------------------- corpus

struct Pinned {
  int claims;
  int lines;
  int rejected;
};

// What each sample yields. Claim and line counts agree with SOURCES.md.
const std::map<std::string, Pinned>& pinned() {
  static const std::map<std::string, Pinned> m = {
      // 837P
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-MedicaidExample.edi", {5, 10, 0}},
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-MissingEntityCode.edi", {5, 10, 0}},
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-ST1309-XX.edi", {1, 2, 0}},
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-UnicodeExample.edi", {0, 0, 0}},
      {"LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.cob.example3.C.edi", {1, 3, 0}},
      {"LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.drug.example10.2.edi", {1, 6, 0}},
      {"LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.example9.edi", {1, 1, 1}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_bad_first_line.edi", {2, 2, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_complex.edi", {6, 10, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_many_claims.edi", {820, 820, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_gs.edi", {6, 6, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_isa.edi", {4, 4, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_transactions.edi", {624, 624, 0}},
      // No ISA: its claims are reported, rejected (the delimiters are not declared).
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_no_isa_line.edi", {2, 0, 2}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_valid_different_separators.edi", {2, 2, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222-HC837-Health-Care-Claim-Professional-case-1.edi", {1, 4, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-COB-claim-from-payer-a-to-payer-b-in-payer-to-payer.edi", {1, 3, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-ambulance.edi", {1, 4, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-anesthesia.edi", {1, 1, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-drug-administered-in-the-physician-office.edi", {1, 2, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-home-infusion-therapy-pharmacy-adjudicated-with-HCPCS-in-loop-2400-or-NDC-in-loop-2410.edi", {1, 6, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-home-infusion-therapy-pharmacy-adjudicated-with-NDC-in-loop-2410.edi", {1, 6, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-wheelchair.edi", {1, 1, 0}},
      // 837I: claims are read, their SV2 lines are not, so every claim is rejected.
      {"LinuxForHealth-x12__src-tests-resources-837_005010X223A3-two-claims-single-provider.edi", {2, 3, 2}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x223-test.edi", {1, 1, 1}},
      {"kputnam-stupidedi__spec-fixtures-005010-X223A2-HC837-Health-Care-Claim-Institutional-pass-837-institutional-claim.edi", {1, 2, 1}},
      {"kputnam-stupidedi__spec-fixtures-005010-X223A2-HC837-Health-Care-Claim-Institutional-pass-two-claims-for-the-same-provider.edi", {2, 3, 2}},
      // 835: not claims; skipped with a warning per transaction set.
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_835-_5010-FromNth-835_WithMultipleInterchanges.edi", {0, 0, 0}},
      {"LinuxForHealth-x12__src-tests-resources-835_005010X221A1-medicare-part-a.edi", {0, 0, 0}},
      {"azoner-pyx12__pyx12-tests-835_mult_loops.edi", {0, 0, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X221A1-HP835-Health-Care-Claim-Payment-Advice-pass-multiple-claims-single-check.edi", {0, 0, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X221A1-HP835-Health-Care-Claim-Payment-Advice-pass-secondary-payments.edi", {0, 0, 0}},
      {"tastypackets-x12-parser__test-test-files-835-multi-line-not-delimited.edi", {0, 0, 0}},
      {"tastypackets-x12-parser__test-test-files-835-profee-multiple.edi", {0, 0, 0}},
  };
  return m;
}

std::string corpus_x12() { return *testing::corpus_dir() + "/x12"; }

#define REQUIRE_CORPUS()                                                                    \
  if (!testing::corpus_dir())                                                               \
  GTEST_SKIP() << "shared corpus not found at " PERDIEM_CORPUS_DIR                          \
                  " (set PERDIEM_CORPUS_DIR)"

CollectingSink read_corpus(const std::string& name, std::string* data) {
  *data = testing::read_file(corpus_x12() + "/" + name);
  CollectingSink sink;
  read_x12(*data, name, sink);
  return sink;
}

TEST(X12ReaderCorpus, EverySampleIsReadWithoutCrashingAndYieldsWhatIsPinned) {
  REQUIRE_CORPUS();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_x12())) {
    if (entry.path().extension() != ".edi") continue;
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    ++files;
    std::string data;
    const auto sink = read_corpus(name, &data);
    int lines = 0, rejected = 0;
    for (const auto& c : sink.claims) {
      lines += static_cast<int>(c.lines.size());
      rejected += c.has_errors();
      EXPECT_LT(c.source.offset, data.size());
      for (const auto& p : c.problems) EXPECT_LE(p.offset, data.size());
    }
    for (const auto& p : sink.file_problems) EXPECT_LE(p.offset, data.size());
    const auto it = pinned().find(name);
    if (it == pinned().end()) continue;  // a new sample: it must not crash
    EXPECT_EQ(static_cast<int>(sink.claims.size()), it->second.claims);
    EXPECT_EQ(lines, it->second.lines);
    EXPECT_EQ(rejected, it->second.rejected);
  }
  EXPECT_GE(files, static_cast<int>(pinned().size()));
  for (const auto& [name, _] : pinned())
    EXPECT_TRUE(std::filesystem::exists(corpus_x12() + "/" + name)) << "pinned sample missing: " << name;
}

TEST(X12ReaderCorpus, HomeInfusionSampleFields) {
  REQUIRE_CORPUS();
  std::string data;
  const auto sink = read_corpus(
      "kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-"
      "home-infusion-therapy-pharmacy-adjudicated-with-HCPCS-in-loop-2400-or-NDC-in-loop-2410.edi",
      &data);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  EXPECT_EQ(c.claim_id, "CLMNO12345");
  EXPECT_EQ(c.member_id, "MBRID01234");
  EXPECT_EQ(c.total_charge, *Money::parse("2232.93"));
  EXPECT_EQ(c.place_of_service, "12");
  EXPECT_EQ(c.frequency, "1");
  EXPECT_EQ(c.diagnoses, (std::vector<std::string_view>{"4659"}));
  EXPECT_EQ(c.source.segment, 21u);
  EXPECT_EQ(c.source.offset, data.find("CLM*"));
  ASSERT_EQ(c.lines.size(), 6u);
  const ServiceLine& l1 = c.lines[0];
  EXPECT_EQ(l1.code, "S9500");
  EXPECT_EQ(l1.units, Quantity::from_int(7));
  EXPECT_EQ(l1.charge, *Money::parse("1400.00"));
  EXPECT_EQ(l1.place_of_service, "12");
  EXPECT_EQ(l1.dates.from, *Date::parse_iso("2004-02-01"));
  EXPECT_EQ(l1.dates.to, *Date::parse_iso("2004-02-07"));
  EXPECT_EQ(c.lines[1].code, "J0696");
  EXPECT_EQ(c.lines[1].ndc, "00004196501");
  EXPECT_EQ(c.lines[1].ndc_quantity, Quantity::from_int(7));
  const ServiceLine& l4 = c.lines[3];
  EXPECT_EQ(l4.code, "J3490");
  EXPECT_EQ(l4.description, "Sod Chl 0.9%see NDC#");
  EXPECT_EQ(l4.ndc, "00338004938");
  EXPECT_EQ(c.lines[4].description, "Sod Chl 0.9% see NDC#");
  EXPECT_EQ(c.lines[5].ndc_unit, "UN");
}

TEST(X12ReaderCorpus, QuirkySamplesBehaveAsDecided) {
  REQUIRE_CORPUS();
  std::string data;
  // Prose before the ISA: a warning; the claim and the 2000A taxonomy are read.
  auto sink = read_corpus(
      "kputnam-stupidedi__spec-fixtures-005010-X222-HC837-Health-Care-Claim-Professional-case-1.edi",
      &data);
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kWarning);
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_EQ(sink.claims[0].billing_taxonomy, "207VG0400X");
  EXPECT_EQ(sink.claims[0].member_id, "JS00111223333");  // patient NM1*QC has no id
  EXPECT_EQ(sink.claims[0].diagnoses, (std::vector<std::string_view>{"0340", "V7389"}));

  // A 105-byte ISA: delimiters found by counting elements, with a warning.
  sink = read_corpus("imsweb-x12-parser__src-test-resources-837_5010-x12_bad_first_line.edi", &data);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[1].lines[0].code, "478331");
  EXPECT_EQ(sink.file_problems[0].element, "ISA");

  // ISA16 says ':' but the body uses '>': SV101 has no code, so the claim is rejected.
  sink = read_corpus("LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.example9.edi",
                     &data);
  ASSERT_EQ(sink.claims.size(), 1u);
  ASSERT_EQ(errors(sink.claims[0]).size(), 1u);
  EXPECT_EQ(errors(sink.claims[0])[0]->element, "SV101-2");
  EXPECT_EQ(errors(sink.claims[0])[0]->offset, data.find("SV1*"));

  // CR as segment terminator, claim-level rendering provider, patient level.
  sink = read_corpus(
      "Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-ST1309-XX.edi",
      &data);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_EQ(sink.claims[0].rendering_taxonomy, "207X00000X");
  EXPECT_EQ(sink.claims[0].member_id, "X9999999");  // not the 2330A other subscriber

  // UTF-16 and a file without ISA: one error each, nothing read.
  for (const char* name :
       {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-UnicodeExample.edi",
        "imsweb-x12-parser__src-test-resources-837_5010-x12_no_isa_line.edi"}) {
    sink = read_corpus(name, &data);
    ASSERT_EQ(sink.file_problems.size(), 1u) << name;
    EXPECT_EQ(sink.file_problems[0].severity, Severity::kError);
  }

  // Three GS under an IEA that says one: a warning naming IEA01.
  sink = read_corpus("imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_gs.edi", &data);
  bool iea01 = false;
  for (const auto& p : sink.file_problems) {
    EXPECT_EQ(p.severity, Severity::kWarning);
    iea01 = iea01 || p.element == "IEA01";
  }
  EXPECT_TRUE(iea01);
}

// -------------------------------------------------------------- mutation

// Two claims, so that damage after the first one's CLM can be told apart.
Doc mutation_sample() {
  return render(interchange(concat(
      {provider_and_subscriber(), home_infusion_claim("M1"), home_infusion_claim("M2")})));
}

void expect_sane(const CollectingSink& sink, std::string_view data) {
  for (const auto& c : sink.claims) {
    EXPECT_LE(c.source.offset, data.size());
    EXPECT_LE(c.lines.size(), 10000u);
    for (const auto& p : c.problems) {
      EXPECT_FALSE(p.message.empty());
      EXPECT_LE(p.offset, data.size());
    }
  }
  for (const auto& p : sink.file_problems) {
    EXPECT_FALSE(p.message.empty());
    EXPECT_LE(p.offset, data.size());
  }
}

bool emitted(const CollectingSink& sink, std::string_view id) {
  return std::any_of(sink.claims.begin(), sink.claims.end(),
                     [&](const Claim& c) { return c.claim_id == id; });
}

TEST(X12ReaderMutation, TruncationAtEveryByteEmitsEveryClaimWhoseClmIsComplete) {
  const Doc d = mutation_sample();
  const size_t clm1 = d.end("CLM*M1"), clm2 = d.end("CLM*M2");
  for (size_t n = 0; n <= d.text.size(); ++n) {
    // A copy of exactly n bytes, so that reading past the end is caught by sanitizers.
    const std::string cut = d.text.substr(0, n);
    const auto sink = read(cut);
    expect_sane(sink, cut);
    if (n >= clm1) {
      EXPECT_TRUE(emitted(sink, "M1")) << "cut at " << n;
    }
    if (n >= clm2) {
      EXPECT_TRUE(emitted(sink, "M2")) << "cut at " << n;
    }
    if (n < d.text.size() - 1) {
      EXPECT_FALSE(sink.file_problems.empty()) << "cut at " << n;
    }
    if (::testing::Test::HasFailure()) break;
  }
}

TEST(X12ReaderMutation, FlippedBytesNeverCrashAndEarlierClaimsSurvive) {
  const Doc d = mutation_sample();
  const size_t clm1 = d.end("CLM*M1"), clm2 = d.end("CLM*M2");
  const size_t isa_end = d.end("ISA");
  for (size_t pos = 0; pos < d.text.size(); ++pos) {
    for (const char b : {'\0', '\xFF', '~', '*', ':', '\n', 'I', '-'}) {
      std::string m = d.text;
      if (m[pos] == b) continue;
      m[pos] = b;
      const auto sink = read(m);
      expect_sane(sink, m);
      if (pos >= isa_end && pos >= clm1) {
        EXPECT_TRUE(emitted(sink, "M1")) << pos << " " << int(b);
      }
      if (pos >= isa_end && pos >= clm2) {
        EXPECT_TRUE(emitted(sink, "M2")) << pos << " " << int(b);
      }
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(X12ReaderMutation, LongRunsOfNoiseAreReadQuickly) {
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    noise += static_cast<char>(x >> 24);
  }
  const Doc d = home_infusion_doc();
  const std::string text = d.text + noise + d.text;
  const auto sink = read(text);
  expect_sane(sink, text);
  EXPECT_TRUE(emitted(sink, "HI0001"));
}

// ---------------------------------------------------------------- scanning
//
// The reader finds terminators and separators 32 bytes at a time (with a
// byte loop for the last bytes of the input), parses plain numbers itself,
// and reuses one claim object: what follows pins that none of it shows.

// Everything read from one claim, offsets taken back by `shift`, to compare
// readings of the same claims.
std::string describe(const Claim& c, uint64_t shift = 0) {
  std::string out = "claim " + std::string(c.claim_id) + " member " + std::string(c.member_id) +
                    " total " + std::to_string(c.total_charge.raw()) + " pos " +
                    std::string(c.place_of_service) + " freq " + std::string(c.frequency) +
                    " billing " + std::string(c.billing_taxonomy) + " rendering " +
                    std::string(c.rendering_taxonomy) + " at " + std::to_string(c.source.segment) +
                    "/" + std::to_string(c.source.offset - shift) + "\n dx";
  for (auto d : c.diagnoses) out += " " + std::string(d);
  for (const auto& l : c.lines) {
    out += "\n line " + std::to_string(l.number) + " " + std::string(l.qualifier) + ":" +
           std::string(l.code);
    for (uint8_t i = 0; i < l.modifier_count; ++i) out += ":" + std::string(l.modifiers[i]);
    out += " '" + std::string(l.description) + "' " + std::to_string(l.charge.raw()) + " " +
           std::string(l.unit_basis) + " " + std::to_string(l.units.raw()) + " pos " +
           std::string(l.place_of_service) + " " + l.dates.from.iso() + ".." + l.dates.to.iso() +
           " ndc " + std::string(l.ndc) + " " + std::to_string(l.ndc_quantity.raw()) + " " +
           std::string(l.ndc_unit) + " rendering " + std::string(l.rendering_taxonomy) + " at " +
           std::to_string(l.source.segment) + "/" + std::to_string(l.source.offset - shift);
  }
  for (const auto& p : c.problems)
    out += "\n problem " + std::to_string(static_cast<int>(p.severity)) + " " + p.element + " " +
           std::to_string(p.segment) + "/" + std::to_string(p.offset - shift) + " " + p.message;
  return out;
}

std::string describe(const CollectingSink& sink, uint64_t shift = 0) {
  std::string out;
  for (const auto& c : sink.claims) out += describe(c, shift) + "\n";
  for (const auto& p : sink.file_problems)
    out += "file problem " + std::to_string(p.segment) + "/" + std::to_string(p.offset - shift) +
           " " + p.message + "\n";
  return out;
}

TEST(X12ReaderScan, EveryAlignmentOfTheInputReadsTheSame) {
  // Line breaks before the ISA move every byte to each position of a 32-byte
  // block in turn (and the end of the input with them).
  for (const char* after : {"", "\n", "\r\n"}) {
    Style st;
    st.after = after;
    const Doc d = render(interchange(concat({provider_and_subscriber(), home_infusion_claim("A1"),
                                             home_infusion_claim("A2")})),
                         st);
    const std::string expected = describe(read(d.text));
    ASSERT_NE(expected.find("claim A2"), std::string::npos);
    for (size_t shift = 1; shift <= 70; ++shift) {
      const std::string text = std::string(shift, '\n') + d.text;
      EXPECT_EQ(describe(read(text), shift), expected) << "shifted by " << shift;
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(X12ReaderScan, LongElementsAndSeparatorsAcrossBlocksReadTheSame) {
  // A field grown a byte at a time moves every later terminator and
  // separator across the 32-byte blocks of the segments it is in.
  const Doc base = home_infusion_doc();
  const auto first = read(base.text);
  ASSERT_EQ(first.claims.size(), 1u);
  for (size_t pad = 0; pad <= 70; ++pad) {
    std::vector<std::string> body = concat({provider_and_subscriber(), home_infusion_claim()});
    for (auto& seg : body)
      if (seg.rfind("NM1*IL", 0) == 0) seg = "NM1*IL*1*DOE" + std::string(pad, 'E') + "*JANE****MI*MEMBER001";
      else if (seg.rfind("SV1*HC:J3490", 0) == 0)
        seg = "SV1*HC:J3490:::::Sod Chl 0.9%" + std::string(pad, 'x') + "*67.69*UN*7*12**1";
    // The claims point into the text: it must outlive them.
    const std::string text = render(interchange(body)).text;
    const auto sink = read(text);
    ASSERT_EQ(sink.claims.size(), 1u) << pad;
    const Claim& c = sink.claims[0];
    EXPECT_EQ(c.member_id, "MEMBER001");
    ASSERT_EQ(c.lines.size(), 3u);
    EXPECT_EQ(c.lines[2].description, "Sod Chl 0.9%" + std::string(pad, 'x'));
    EXPECT_EQ(c.lines[2].charge, *Money::parse("67.69"));
    EXPECT_EQ(c.lines[2].units, Quantity::from_int(7));
    EXPECT_FALSE(c.has_errors()) << describe(c);
  }
}

TEST(X12ReaderScan, ElementsPastTheSixtyFourthStayInTheLast) {
  // 70 diagnoses in one HI, over many 32-byte blocks: of its 64 elements
  // (the id is the first) the last holds the rest of the segment.
  std::string hi = "HI*ABK:C00";
  for (int i = 1; i < 70; ++i) hi += "*ABF:C" + std::string(i < 10 ? "0" : "") + std::to_string(i);
  auto claim = home_infusion_claim();
  claim[1] = hi;
  // The claims point into the text: it must outlive them.
  const std::string text = render(interchange(concat({provider_and_subscriber(), claim}))).text;
  const auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto& dx = sink.claims[0].diagnoses;
  ASSERT_EQ(dx.size(), 63u);
  EXPECT_EQ(dx[0], "C00");
  EXPECT_EQ(dx[61], "C61");
  EXPECT_EQ(dx[62], "C62*ABF");  // the last element's code runs to the next ':'
}

TEST(X12ReaderScan, SegmentsEndingInTheLastBytesOfTheInput) {
  // Unterminated last segments of every length up to two blocks: the last
  // bytes of an input are read byte by byte.
  const Doc d = home_infusion_doc();
  const std::string head = d.text.substr(0, d.end("DTP*472*RD8", 1));  // through line 3's date
  for (size_t len = 1; len <= 70; ++len) {
    const std::string tail = "NTE*ADD*" + std::string(len, 'N');
    const auto sink = read(head + tail);
    ASSERT_EQ(sink.claims.size(), 1u) << len;
    const auto errs = errors(sink.claims[0]);
    ASSERT_EQ(errs.size(), 1u) << len;
    EXPECT_NE(errs[0]->message.find("the input ends inside this NTE segment"), std::string::npos)
        << errs[0]->message;
    EXPECT_EQ(errs[0]->offset, head.size());
  }
}

TEST(X12ReaderScan, OddDelimitersAreReadOrRefused) {
  // A line feed, a CR, and punctuation that is rare in 837s, as terminators.
  for (const Style& st : std::vector<Style>{{'*', ':', '\n', '^', "", ""},
                                            {'*', ':', '\r', '^', "", ""},
                                            {'"', '\'', '`', '&', "\n", ""},
                                            {'\x1D', '\x1F', '\x1C', '\x1E', "", ""}}) {
    SCOPED_TRACE(int(st.terminator));
    const Doc d = home_infusion_doc(st);
    const auto sink = read(d.text);
    EXPECT_TRUE(sink.file_problems.empty()) << sink.file_problems[0].message;
    ASSERT_EQ(sink.claims.size(), 1u);
    expect_home_infusion_claim(sink.claims[0]);
  }
  // A letter or a digit cannot end segments, nor can a repetition separator
  // be one of the other delimiters: the ISA is refused, its claim still reported.
  for (const auto& [isa_end, why] :
       std::vector<std::pair<std::string, std::string>>{{"*:A", "segment terminator"},
                                                        {"*:7", "segment terminator"}}) {
    std::string text = home_infusion_doc().text;
    text.replace(text.find("*:~"), 3, isa_end);
    const auto sink = read(text);
    ASSERT_FALSE(sink.file_problems.empty());
    EXPECT_NE(sink.file_problems[0].message.find(why), std::string::npos)
        << sink.file_problems[0].message;
    ASSERT_EQ(sink.claims.size(), 1u);
    EXPECT_EQ(sink.claims[0].claim_id, "HI0001");
    EXPECT_TRUE(sink.claims[0].has_errors());
  }
  std::string text = home_infusion_doc().text;
  text.replace(text.find("*^*00501"), 8, "*:*00501");  // ISA11 = ISA16
  const auto sink = read(text);
  ASSERT_FALSE(sink.file_problems.empty());
  EXPECT_NE(sink.file_problems[0].message.find("repetition separator"), std::string::npos)
      << sink.file_problems[0].message;
}

TEST(X12ReaderScan, TheRepetitionSeparatorIsPartOfTheElementItIsIn) {
  // No element the reader reads repeats, so a repetition separator is data:
  // it splits neither elements nor components.
  auto claim = home_infusion_claim();
  claim[1] = "HI*ABK:A41.9^ABF:B95.62";
  // The claims point into the text: it must outlive them.
  const std::string text = render(interchange(concat({provider_and_subscriber(), claim}))).text;
  const auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 1u);
  ASSERT_EQ(sink.claims[0].diagnoses.size(), 1u);
  EXPECT_EQ(sink.claims[0].diagnoses[0], "A419^ABF");
}

TEST(X12ReaderScan, ChargesAndUnitsReadAsTheDecimalParserReadsThem) {
  // The reader parses plain numbers itself and leaves the rest to
  // Fixed::parse: both must give the same answer for every text. Every text
  // of up to 3 bytes from digits, point and signs, and longer ones around
  // the 15-digit limit.
  std::vector<std::string> texts;
  const std::string bytes = "0123456789.-+";
  for (char a : bytes) {
    texts.emplace_back(1, a);
    for (char b : bytes) {
      texts.push_back(std::string{a, b});
      for (char c : bytes) texts.push_back(std::string{a, b, c});
    }
  }
  for (const char* t : {"123456789012345", "1234567890123456", "000000000000001", "0000000000000001",
                        "99999999999999.9", "1.500", "1.505", "12.3456", "7.000", "1e3", "1,5",
                        "0x10", " 1", "1 ", "12345678901234.5", "1234567890123.45"})
    texts.emplace_back(t);
  std::vector<std::string> body = provider_and_subscriber();
  for (size_t i = 0; i < texts.size(); ++i) {
    body.push_back("CLM*N" + std::to_string(i) + "*" + texts[i] + "***12:B:1*Y*A*Y*Y");
    body.push_back("LX*1");
    body.push_back("SV1*HC:S9500*" + texts[i] + "*UN*" + texts[i] + "*12**1");
    body.push_back("DTP*472*D8*20240601");
  }
  // The claims point into the text: it must outlive them.
  const std::string text = render(interchange(body)).text;
  const auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    SCOPED_TRACE("'" + texts[i] + "'");
    const Claim& c = sink.claims[i];
    std::set<std::string> rejected;
    for (const auto* p : errors(c)) rejected.insert(p->element);
    const auto money = Money::parse(texts[i]);
    const auto qty = Quantity::parse(texts[i]);
    const bool money_ok = money && money->raw() >= 0;
    EXPECT_EQ(rejected.count("CLM02"), money_ok ? 0u : 1u);
    EXPECT_EQ(rejected.count("SV102"), money_ok ? 0u : 1u);
    EXPECT_EQ(rejected.count("SV104"), qty && qty->raw() >= 0 ? 0u : 1u);
    if (money_ok) {
      EXPECT_EQ(c.total_charge, *money);
      EXPECT_EQ(c.lines[0].charge, *money);
    }
    if (qty && qty->raw() >= 0) {
      EXPECT_EQ(c.lines[0].units, *qty);
    }
  }
}

// A sink that hands the reader back a claim it is done with, full of stale
// text, lines and problems (as a pipeline that recycles claims does).
struct RecyclingSink : ClaimSink {
  std::vector<std::string> claims;
  std::vector<Problem> file_problems;
  Claim spare;
  RecyclingSink() {
    spare.claim_id = spare.arena.copy("STALE");
    spare.diagnoses = {"X1", "X2", "X3"};
    spare.lines.resize(5);
    spare.lines[0].code = spare.arena.copy("J9999");
    spare.problems.push_back(Problem{Severity::kError, "stale", 1, 2, "SV1"});
    spare.rendering_taxonomy = "STALE";
  }
  void on_claim(Claim&& c) override {
    claims.push_back(describe(c));
    std::swap(c, spare);
  }
  void on_file_problem(const Problem& p) override { file_problems.push_back(p); }
};

TEST(X12ReaderScan, AClaimHandedBackByTheSinkIsResetBeforeItIsFilled) {
  const Doc d = mutation_sample();
  std::string text = d.text;
  text += text.substr(0, 200) + "CLM*X";  // an unusable interchange and a cut claim
  const auto plain = read(text);
  RecyclingSink recycling;
  read_x12(text, "test.837", recycling);
  ASSERT_EQ(recycling.claims.size(), plain.claims.size());
  for (size_t i = 0; i < plain.claims.size(); ++i) EXPECT_EQ(recycling.claims[i], describe(plain.claims[i]));
  EXPECT_EQ(recycling.file_problems.size(), plain.file_problems.size());
}

// ------------------------------------------------------ duplicate claim ids

CollectingSink read_input_of(std::string_view data, const std::string& name, ClaimIdTracker* ids) {
  CollectingSink sink;
  ReadLimits limits;
  limits.claim_ids = ids;
  read_input(data, name, sink, limits);
  return sink;
}

std::vector<const Problem*> warnings_on(const Claim& c, std::string_view element) {
  std::vector<const Problem*> out;
  for (const auto& p : c.problems)
    if (p.severity == Severity::kWarning && p.element == element) out.push_back(&p);
  return out;
}

TEST(ClaimIdTracker, ASecondClaimWithAnIdNamesThePlaceOfTheFirst) {
  auto second = home_infusion_claim("DUP1");
  second[0] = "CLM*DUP1*1814.19***12:B:7*Y*A*Y*Y";  // frequency 7: a replacement
  const Doc d = render(interchange(concat({provider_and_subscriber(), home_infusion_claim("DUP1"),
                                           home_infusion_claim("OTHER"), second})));
  const auto sink = read_input_of(d.text, "in.837", nullptr);
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_TRUE(warnings_on(sink.claims[0], "claim_id").empty());
  EXPECT_TRUE(warnings_on(sink.claims[1], "claim_id").empty());
  const auto w = warnings_on(sink.claims[2], "claim_id");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0]->message, "claim id \"DUP1\" was already used by the claim at in.837, segment " +
                               std::to_string(d.number("CLM*DUP1")) + ", byte " +
                               std::to_string(d.offset("CLM*DUP1")) +
                               " (this claim's frequency code 7 says it replaces or voids a claim); "
                               "both claims are reported");
  EXPECT_EQ(w[0]->segment, d.number("CLM*DUP1", 1));
  EXPECT_EQ(w[0]->offset, d.offset("CLM*DUP1", 1));
  EXPECT_FALSE(sink.claims[2].has_errors());
}

TEST(ClaimIdTracker, ASharedTrackerFindsIdsAcrossInputs) {
  ClaimIdTracker ids;
  const Doc d = home_infusion_doc();
  EXPECT_TRUE(warnings_on(read_input_of(d.text, "a.837", &ids).claims.at(0), "claim_id").empty());
  const auto again = read_input_of(d.text, "b.837", &ids);
  const auto w = warnings_on(again.claims.at(0), "claim_id");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0]->message.find("the claim at a.837, segment"), std::string::npos) << w[0]->message;
  // Without the shared tracker each input is on its own.
  EXPECT_TRUE(warnings_on(read_input_of(d.text, "c.837", nullptr).claims.at(0), "claim_id").empty());
}

TEST(ClaimIdTracker, RemembersAtMostKMaxIdsAndSaysOnceWhenFull) {
  ClaimIdTracker ids;
  ids.reserve(1000);
  std::vector<std::string> text;
  for (size_t i = 0; i <= ClaimIdTracker::kMaxIds + 2; ++i) text.push_back("ID" + std::to_string(i));
  auto note = [&](const std::string& id, bool& full) {
    Claim c;
    c.claim_id = id;
    c.file = "f.837";
    c.source = {7, 11};
    full = ids.note(c);
    return !warnings_on(c, "claim_id").empty();
  };
  bool full = false;
  int times_full = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    EXPECT_FALSE(note(text[i], full)) << i;
    times_full += full;
    EXPECT_EQ(full, i == ClaimIdTracker::kMaxIds) << i;
  }
  EXPECT_EQ(times_full, 1);
  EXPECT_TRUE(note(text[0], full));                          // remembered: reported
  EXPECT_TRUE(note(text[ClaimIdTracker::kMaxIds - 1], full));
  EXPECT_FALSE(note(text[ClaimIdTracker::kMaxIds], full));   // came too late: not remembered
  EXPECT_FALSE(full);
  Claim no_id;
  EXPECT_FALSE(ids.note(no_id));
  EXPECT_TRUE(no_id.problems.empty());
}

// A claim id rescued from a damaged CLM with a line break inside its id
// ("CL\nM|...") comes from the reader's buffer for unwrapped ids; the claim
// keeps a copy, so a later wrapped segment that reuses that buffer before the
// claim ends does not change it. (The piece fuzzer found the claim pointing
// into the reader after the reader was gone.)
TEST(X12ReaderWrapped, ARescuedIdIsKeptWhenAnotherWrappedSegmentFollows) {
  std::string text = home_infusion_doc().text;
  const size_t clm = text.find("CLM*");
  const size_t end = text.find('~', clm);
  std::string seg = text.substr(clm, end - clm);
  std::replace(seg.begin(), seg.end(), '*', '|');
  text.replace(clm, end - clm, "CL\n" + seg.substr(2));
  const auto first = read(text);
  ASSERT_FALSE(first.claims.empty());
  const std::string id(first.claims[0].claim_id);
  ASSERT_FALSE(id.empty());
  // A wrapped segment with a long id, inside the same claim.
  text.insert(text.find("LX*", clm), "AB\nCDEFGH*1~\n");
  const auto second = read(text);
  ASSERT_FALSE(second.claims.empty());
  EXPECT_EQ(second.claims[0].claim_id, id);
}

}  // namespace
}  // namespace perdiem
