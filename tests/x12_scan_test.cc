// Tests of the X12 reader's scanning: terminators and separators found 32
// bytes at a time (every alignment, elements across blocks, the last bytes
// of the input), odd delimiters, plain numbers parsed by the reader itself,
// a claim object handed back by the sink, and segments wrapped by line breaks.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "perdiem/input.h"
#include "x12_test_util.h"

namespace perdiem {
namespace {

using namespace x12_testing;

// ---------------------------------------------------------------- scanning
//
// The reader finds terminators and separators 32 bytes at a time (with a
// byte loop for the last bytes of the input), parses plain numbers itself,
// and reuses one claim object: what follows pins that none of it shows.



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
