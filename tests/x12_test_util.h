// Helpers shared by the X12 reader's tests: hand-written 837P interchanges
// rendered with any delimiters (each segment's number and offset known), the
// home infusion claim and what it must read as, a claim described as text to
// compare readings, and the shared public corpus.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "perdiem/generator.h"
#include "perdiem/input.h"
#include "test_util.h"

namespace perdiem::x12_testing {

using testing::CollectingSink;

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

inline Doc render(const std::vector<std::string>& segments, const Style& st = {}) {
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

inline std::string isa(const std::string& control = "000000001") {
  // 106 bytes once terminated: fixed-width fields as the standard requires.
  return "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *240601*1200*^*"
         "00501*" + control + "*0*T*:";
}

// Wraps 2000A..2400 content in ISA/GS/ST/BHT/1000A/1000B ... SE/GE/IEA with
// correct counts and control numbers.
inline std::vector<std::string> interchange(const std::vector<std::string>& body,
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
inline std::vector<std::string> provider_and_subscriber() {
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
inline std::vector<std::string> home_infusion_claim(const std::string& id = "HI0001") {
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

inline std::vector<std::string> concat(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Doc home_infusion_doc(const Style& st = {}) {
  return render(interchange(concat({provider_and_subscriber(), home_infusion_claim()})), st);
}

inline CollectingSink read(std::string_view data, const ReadLimits& limits = {}) {
  CollectingSink sink;
  read_x12(data, "test.837", sink, limits);
  return sink;
}

inline bool points_into(std::string_view view, std::string_view data) {
  return view.data() >= data.data() && view.data() + view.size() <= data.data() + data.size();
}

inline std::vector<const Problem*> errors(const Claim& c) {
  std::vector<const Problem*> out;
  for (const auto& p : c.problems)
    if (p.severity == Severity::kError) out.push_back(&p);
  return out;
}

// Problems must never quote member data (names, member ids, birth dates).
inline void expect_no_member_data(const CollectingSink& sink) {
  auto check = [](const Problem& p) {
    for (const char* secret : {"MEMBER001", "DOE", "JANE", "19600101", "PATIENT7"})
      EXPECT_EQ(p.message.find(secret), std::string::npos) << p.message;
  };
  for (const auto& c : sink.claims)
    for (const auto& p : c.problems) check(p);
  for (const auto& p : sink.file_problems) check(p);
}

inline void expect_home_infusion_claim(const Claim& c) {
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

// -------------------------------------------------------------- mutation

// Two claims, so that damage after the first one's CLM can be told apart.
inline Doc mutation_sample() {
  return render(interchange(concat(
      {provider_and_subscriber(), home_infusion_claim("M1"), home_infusion_claim("M2")})));
}

// How far a claim read from other bytes has moved: byte offsets, segment
// numbers, and the offset of its ST (which moves only with what was taken
// out before the ST).
struct Shift {
  uint64_t bytes = 0, segments = 0, st_bytes = 0, st_segments = 0;
  bool messages = true;  // compare problem messages (they quote segment numbers)
};

inline std::string span_text(const ByteSpan& s, uint64_t shift) {
  return s.empty() && s.begin == 0 ? "-"
                                   : std::to_string(s.begin - shift) + "+" + std::to_string(s.size());
}

// Everything read from one claim, its byte spans included, with positions
// taken back by `sh`, to compare readings of the same claims.
inline std::string describe(const Claim& c, const Shift& sh) {
  const uint64_t b = sh.bytes;
  std::string out = "claim " + std::string(c.claim_id) + " member " + std::string(c.member_id) +
                    " total " + std::to_string(c.total_charge.raw()) + " pos " +
                    std::string(c.place_of_service) + " freq " + std::string(c.frequency) +
                    " billing " + std::string(c.billing_taxonomy) + " rendering " +
                    std::string(c.rendering_taxonomy) + " at " +
                    std::to_string(c.source.segment - sh.segments) + "/" +
                    std::to_string(c.source.offset - b) + " span " + span_text(c.span, b) +
                    " clm " + span_text(c.x12.clm, b) + " segments " +
                    std::to_string(c.x12.segments) + " st " +
                    std::to_string(c.x12.st_offset - (c.x12.st_offset ? sh.st_bytes : 0)) + "/" +
                    std::to_string(c.x12.st_segment - (c.x12.st_segment ? sh.st_segments : 0)) +
                    " delimiters " + std::string{c.x12.delimiters.element, c.x12.delimiters.component,
                                                 c.x12.delimiters.segment,
                                                 c.x12.delimiters.repetition} +
                    "\n dx";
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
           std::to_string(l.source.segment - sh.segments) + "/" +
           std::to_string(l.source.offset - b) + " span " + span_text(l.span, b) + " sv1 " +
           span_text(l.x12.sv1, b) + " dtp " + span_text(l.x12.dtp472, b) + " segments " +
           std::to_string(l.x12.segments) + " ref6r " + std::string(l.x12.control_number);
  }
  for (const auto& p : c.problems)
    out += "\n problem " + std::to_string(static_cast<int>(p.severity)) + " " + p.element + " " +
           std::to_string(p.segment ? p.segment - sh.segments : 0) + "/" +
           std::to_string(p.offset - b) + (sh.messages ? " " + p.message : "");
  return out;
}

// The same with offsets taken back by `shift` (text put before the input).
inline std::string describe(const Claim& c, uint64_t shift = 0) {
  return describe(c, Shift{shift, 0, shift, 0, true});
}

inline std::string describe(const CollectingSink& sink, uint64_t shift = 0) {
  std::string out;
  for (const auto& c : sink.claims) out += describe(c, shift) + "\n";
  for (const auto& p : sink.file_problems)
    out += "file problem " + std::to_string(p.segment) + "/" + std::to_string(p.offset - shift) +
           " " + p.message + "\n";
  return out;
}

// `perdiem gen` output: `claims` claims, `per_st` a transaction set,
// `st_per_isa` sets an interchange.
inline std::string generated(uint64_t claims, uint32_t per_st, uint32_t st_per_isa, uint64_t seed,
                             double error_rate = 0.5) {
  GenOptions g;
  g.claims = claims;
  g.seed = seed;
  g.error_rate = error_rate;
  g.claims_per_st = per_st;
  g.st_per_interchange = st_per_isa;
  std::string text;
  generate_837(g, [&](std::string_view s) { text.append(s); });
  return text;
}

// ------------------------------------------------------------ the corpus

inline std::string corpus_x12() { return *testing::corpus_dir() + "/x12"; }

#define REQUIRE_CORPUS()                                                                    \
  if (!testing::corpus_dir())                                                               \
  GTEST_SKIP() << "shared corpus not found at " PERDIEM_CORPUS_DIR                          \
                  " (set PERDIEM_CORPUS_DIR)"

inline CollectingSink read_corpus(const std::string& name, std::string* data) {
  *data = testing::read_file(corpus_x12() + "/" + name);
  CollectingSink sink;
  read_x12(*data, name, sink);
  return sink;
}

}  // namespace perdiem::x12_testing
