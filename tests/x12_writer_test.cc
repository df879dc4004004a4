// The X12 writer (src/x12/writer.h) on its own: what X12 requires of
// elements, composites and repetitions (empty trailing ones not written,
// empty ones before a value written as separators), delimiter bytes inside
// values (no escape exists: they are written as spaces and counted), numbers,
// money and units, line breaks, verbatim copies, and envelopes whose fixed
// widths, counts and control numbers the X12 reader accepts without a word.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "perdiem/input.h"
#include "test_util.h"
#include "x12/segments.h"
#include "x12/writer.h"

namespace perdiem {
namespace {

using x12::LineBreak;
using x12::Writer;

constexpr x12::Delimiters kStar{'*', ':', '~', '^'};

// One segment, written by `write`, as text.
template <class Write>
std::string segment(Write write, const x12::Delimiters& d = kStar, LineBreak lb = LineBreak::kNone) {
  Writer w(d, lb);
  write(w);
  return std::string(w.view());
}

TEST(X12Writer, EmptyTrailingElementsAreDroppedAndEmptyInnerOnesKept) {
  EXPECT_EQ(segment([](Writer& w) {
              w.begin("CTP").elements({"", "", ""}).number(7).element("UN").elements({"", ""}).end();
            }),
            "CTP****7*UN~");
  EXPECT_EQ(segment([](Writer& w) { w.begin("HI").end(); }), "HI~");
  EXPECT_EQ(segment([](Writer& w) { w.begin("HI").elements({"", "", ""}).end(); }), "HI~");
  EXPECT_EQ(segment([](Writer& w) { w.begin("LIN").elements({"", "N4", "00004196501"}).end(); }),
            "LIN**N4*00004196501~");
  EXPECT_EQ(segment([](Writer& w) { w.begin("HL").elements({"1", "", "20", "1"}).end(); }),
            "HL*1**20*1~");
}

TEST(X12Writer, CompositesKeepInnerEmptyComponentsAndDropTrailingOnes) {
  // SV101: qualifier, code, four modifiers, description.
  EXPECT_EQ(segment([](Writer& w) {
              w.begin("SV1").element("HC").component("J3490");
              for (int i = 0; i < 4; ++i) w.component("");
              w.component("saline flush").amount(Money::from_raw(6769)).end();
            }),
            "SV1*HC:J3490:::::saline flush*67.69~");
  EXPECT_EQ(segment([](Writer& w) {
              w.begin("SV1").element("HC").component("S9500").component("SH").component("").component("");
              w.element("X").end();
            }),
            "SV1*HC:S9500:SH*X~");
  // An element of empty components is an empty element.
  EXPECT_EQ(segment([](Writer& w) {
              w.begin("CLM").element("A").element("").component("").component("").element("B").end();
            }),
            "CLM*A**B~");
  EXPECT_EQ(segment([](Writer& w) {
              w.begin("CLM").element("A").element("").component("").component("").end();
            }),
            "CLM*A~");
  // A component that starts empty and gets text later.
  EXPECT_EQ(segment([](Writer& w) { w.begin("X").element("").component("").append("y").end(); }),
            "X*:y~");
}

TEST(X12Writer, RepetitionsUseTheRepetitionSeparator) {
  EXPECT_EQ(segment([](Writer& w) {
              w.begin("HI").element("ABK").component("A419").repetition("ABF").component("B9562").end();
            }),
            "HI*ABK:A419^ABF:B9562~");
  EXPECT_EQ(segment([](Writer& w) { w.begin("X").element("A").repetition("").repetition("").end(); }),
            "X*A~");
  EXPECT_EQ(segment([](Writer& w) { w.begin("X").element("A").repetition("").repetition("C").end(); }),
            "X*A^^C~");
}

TEST(X12Writer, DelimitersInsideValuesAreWrittenAsSpacesAndCounted) {
  Writer w(kStar, LineBreak::kNone);
  w.begin("NTE").element("A*B:C~D^E\r\nF").component("x*y").end();
  EXPECT_EQ(w.view(), "NTE*A B C D E  F:x y~");
  EXPECT_EQ(w.substituted(), 7u);
  // At every position of values of every length (the writer copies short
  // values its own way, by length), exactly the delimiter byte is replaced.
  for (size_t len = 1; len <= 40; ++len) {
    for (size_t at = 0; at < len; ++at) {
      for (char d : {'*', ':', '~', '^', '\n', '\r'}) {
        std::string v(len, 'v');
        v[at] = d;
        Writer one(kStar, LineBreak::kNone);
        one.begin("NTE").element(v).end();
        std::string expected = "NTE*" + std::string(len, 'v') + "~";
        expected[4 + at] = ' ';
        ASSERT_EQ(one.view(), expected) << len << " " << at << " " << int(d);
        ASSERT_EQ(one.substituted(), 1u);
      }
      std::string clean(len, 'v');
      Writer none(kStar, LineBreak::kNone);
      none.begin("NTE").element(clean).end();
      ASSERT_EQ(none.substituted(), 0u);
    }
  }
  // Without a repetition separator '^' is data; with other delimiters '*' is.
  Writer old({'*', ':', '~', 0}, LineBreak::kNone);
  old.begin("NTE").element("a^b").end();
  EXPECT_EQ(old.view(), "NTE*a^b~");
  Writer pipes({'|', '>', '\n', 0}, LineBreak::kNone);
  pipes.begin("NTE").element("a*b|c>d").end();
  EXPECT_EQ(pipes.view(), "NTE|a*b c d\n");
}

TEST(X12Writer, NumbersMoneyAndUnits) {
  auto one = [](auto write) { return segment([&](Writer& w) { write(w.begin("X")); w.end(); }); };
  EXPECT_EQ(one([](Writer& w) { w.number(0); }), "X*0~");
  EXPECT_EQ(one([](Writer& w) { w.number(18446744073709551615ull); }), "X*18446744073709551615~");
  EXPECT_EQ(one([](Writer& w) { w.padded(5, 4); }), "X*0005~");
  EXPECT_EQ(one([](Writer& w) { w.padded(123456, 4); }), "X*123456~");
  EXPECT_EQ(one([](Writer& w) { w.padded(0, 9); }), "X*000000000~");
  // (Pairs, not structured bindings: clang 14 cannot capture those.)
  for (const auto& c : std::vector<std::pair<int64_t, std::string>>{
           {0, "0.00"}, {5, "0.05"}, {50, "0.50"}, {140000, "1400.00"}, {-350, "-3.50"}, {99, "0.99"}})
    EXPECT_EQ(one([&](Writer& w) { w.amount(Money::from_raw(c.first)); }), "X*" + c.second + "~");
  for (const auto& q : std::vector<std::pair<int64_t, std::string>>{
           {7000, "7"}, {1500, "1.5"}, {125, "0.125"}, {10, "0.01"}, {0, "0"}, {-2500, "-2.5"}, {100, "0.1"}})
    EXPECT_EQ(one([&](Writer& w) { w.quantity(Quantity::from_raw(q.first)); }), "X*" + q.second + "~");
  // Numbers are parsed back to the same values.
  for (const int64_t cents : {0, 1, 10, 99, 100, 12345, 999999999}) {
    const std::string s = one([&](Writer& w) { w.amount(Money::from_raw(cents)); });
    EXPECT_EQ(Money::parse(s.substr(2, s.size() - 3))->raw(), cents);
  }
  EXPECT_EQ(one([](Writer& w) { w.element("PDG").append_number(7, 7); }), "X*PDG0000007~");
  EXPECT_EQ(one([](Writer& w) { w.element("20240601").append("-").append("20240607"); }),
            "X*20240601-20240607~");
}

TEST(X12Writer, LineBreaksAfterTerminatorsAndCopiedBytes) {
  for (const auto& [lb, after] : std::vector<std::pair<LineBreak, std::string>>{
           {LineBreak::kNone, ""}, {LineBreak::kLf, "\n"}, {LineBreak::kCrLf, "\r\n"}}) {
    Writer w(kStar, lb);
    w.begin("LX").number(1).end();
    w.copy("SV1*HC:S9500*1*UN*1~\nDTP*472*D8*20240601~\n", 2);
    w.begin("LX").number(2).end();
    EXPECT_EQ(w.view(), "LX*1~" + after + "SV1*HC:S9500*1*UN*1~\nDTP*472*D8*20240601~\nLX*2~" + after);
    EXPECT_EQ(w.segments(), 4u);
    // clear() empties the buffer; the counts go on.
    w.clear();
    EXPECT_EQ(w.view(), "");
    EXPECT_EQ(w.segments(), 4u);
  }
  // A value longer than the buffer's first size is written whole.
  const std::string long_value(100000, 'z');
  Writer w(kStar, LineBreak::kLf);
  w.begin("NTE").element(long_value).end();
  EXPECT_EQ(w.view(), "NTE*" + long_value + "~\n");
}

x12::Interchange interchange(uint64_t control) {
  x12::Interchange h;
  h.sender = "SENDER";
  h.receiver = "RECEIVER";
  h.date = "240601";
  h.time = "1200";
  h.control = control;
  return h;
}

TEST(X12Writer, TheIsaHasItsFixedWidthsAndDeclaresTheDelimiters) {
  for (const x12::Delimiters& d : {kStar, x12::Delimiters{'|', '>', '\n', '^'},
                                   x12::Delimiters{'*', ':', '~', 0}}) {
    Writer w(d, LineBreak::kNone);
    w.isa(interchange(1234567890123ull));
    const std::string isa(w.view());
    ASSERT_EQ(isa.size(), 106u) << isa;
    x12::IsaHeader h;
    std::string why;
    ASSERT_TRUE(x12::parse_isa(isa, 0, h, &why)) << why;
    EXPECT_TRUE(h.standard_length);
    EXPECT_EQ(h.delims.element, d.element);
    EXPECT_EQ(h.delims.component, d.component);
    EXPECT_EQ(h.delims.segment, d.segment);
    EXPECT_EQ(h.delims.repetition, d.repetition);
    EXPECT_EQ(h.control, "567890123");  // ISA13: nine digits
    const std::string e(1, d.element);
    EXPECT_EQ(isa, "ISA" + e + "00" + e + "          " + e + "00" + e + "          " + e + "ZZ" + e +
                       "SENDER         " + e + "ZZ" + e + "RECEIVER       " + e + "240601" + e + "1200" +
                       e + std::string(1, d.repetition ? d.repetition : 'U') + e + "00501" + e +
                       "567890123" + e + "0" + e + "T" + e + d.component + d.segment);
  }
  // A value longer than its field is cut to it; delimiters in it are spaces.
  Writer w(kStar, LineBreak::kNone);
  x12::Interchange h = interchange(1);
  h.sender = "A-SENDER-ID-OF-TWENTY*";
  h.receiver = "R*";
  w.isa(h);
  EXPECT_EQ(w.view().size(), 106u);
  EXPECT_NE(w.view().find("*A-SENDER-ID-OF-*"), std::string_view::npos);  // cut to 15
  EXPECT_NE(w.view().find("*R              *"), std::string_view::npos);
  EXPECT_EQ(w.substituted(), 1u);
}

// A whole interchange: 2 groups, 3 transaction sets, claims in each, one set
// with copied segments. The reader accepts it without a single problem.
TEST(X12Writer, EnvelopeCountsAndControlNumbersAreWhatTheReaderChecks) {
  for (const LineBreak lb : {LineBreak::kNone, LineBreak::kLf, LineBreak::kCrLf}) {
    Writer w(kStar, lb);
    auto claim = [&](const char* id) {
      w.begin("HL").elements({"2", "1", "22", "0"}).end();
      w.begin("NM1").elements({"IL", "1", "DOE", "JANE", "", "", "", "MI", "M1"}).end();
      w.begin("CLM").element(id).amount(Money::from_raw(10000)).elements({"", ""});
      w.element("12").component("B").component("1").end();
      w.begin("LX").number(1).end();
      w.begin("SV1").element("HC").component("S9500").amount(Money::from_raw(10000)).element("UN");
      w.quantity(Quantity::from_int(1)).end();
      w.begin("DTP").elements({"472", "D8", "20240601"}).end();
    };
    auto header = [&] {
      w.begin("BHT").elements({"0019", "00", "B1", "20240601", "1200", "CH"}).end();
      w.begin("HL").elements({"1", "", "20", "1"}).end();
    };
    w.isa(interchange(905));
    x12::FunctionalGroup g;
    g.sender = "SENDER";
    g.receiver = "RECEIVER";
    g.date = "20240601";
    g.time = "1200";
    g.control = 77;
    g.version = "005010X222A1";
    w.gs(g);
    w.st("837", 1, "005010X222A1");
    header();
    claim("A1");
    claim("A2");
    EXPECT_EQ(w.set_segments(), 1u + 2 + 2 * 6);
    w.se();
    // A transaction set whose ST, header and claim are copied.
    Writer scratch(kStar, lb);
    scratch.st("837", 42, "005010X222A1");
    w.begin_set("0042");
    w.copy(scratch.view(), 1);
    scratch.clear();
    w.begin("BHT").elements({"0019", "00", "B2", "20240601", "1200", "CH"}).end();
    w.begin("HL").elements({"1", "", "20", "1"}).end();
    claim("B1");
    w.se();
    w.ge();
    g.control = 78;
    w.gs(g);
    w.st("837", 3, "005010X222A1");
    header();
    claim("C1");
    w.se();
    w.ge();
    w.iea();
    const std::string text(w.view());
    EXPECT_NE(text.find("SE*10*0042~"), std::string::npos) << text;
    EXPECT_NE(text.find("GE*2*77~"), std::string::npos);
    EXPECT_NE(text.find("GE*1*78~"), std::string::npos);
    EXPECT_NE(text.find("IEA*2*000000905~"), std::string::npos);
    testing::CollectingSink sink;
    read_x12(text, "written.837", sink);
    for (const auto& p : sink.file_problems) ADD_FAILURE() << p.message;
    ASSERT_EQ(sink.claims.size(), 4u);
    for (const auto& c : sink.claims) {
      EXPECT_FALSE(c.has_errors()) << c.claim_id;
      ASSERT_EQ(c.lines.size(), 1u);
      EXPECT_EQ(c.lines[0].code, "S9500");
      EXPECT_EQ(c.lines[0].charge, Money::from_raw(10000));
      EXPECT_EQ(c.total_charge, Money::from_raw(10000));
      EXPECT_EQ(c.place_of_service, "12");
    }
    EXPECT_EQ(sink.claims[2].claim_id, "B1");
  }
}

}  // namespace
}  // namespace perdiem
