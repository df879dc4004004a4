// The byte spans of JSON and NDJSON claims and lines (perdiem/claim.h,
// ByteSpan): a claim's span is its object, from '{' through '}', and a
// line's its line object, exactly (a span one byte off fails); on every
// example and on hand-written documents (arrays, NDJSON with CRLF and blank
// lines, objects one after another, damage), spans are in order and nested,
// a claim's bytes read alone are the same claim, and a line's bytes read in
// a claim of their own are the same line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json_test_util.h"
#include "perdiem/input.h"

using namespace perdiem;
using namespace perdiem::json_testing;

namespace {

std::string span_text(const ByteSpan& s, uint64_t shift) {
  return s.empty() ? "-" : std::to_string(s.begin - shift) + "+" + std::to_string(s.size());
}

std::string describe(const ServiceLine& l, uint64_t shift) {
  std::string out = std::string(l.code);
  for (uint8_t i = 0; i < l.modifier_count; ++i) out += ":" + std::string(l.modifiers[i]);
  return out + " " + l.dates.from.iso() + ".." + l.dates.to.iso() + " " +
         std::to_string(l.units.raw()) + " " + std::to_string(l.charge.raw()) + " ndc " +
         std::string(l.ndc) + " pos " + std::string(l.place_of_service) + " '" +
         std::string(l.description) + "' at " + std::to_string(l.source.offset - shift) +
         " span " + span_text(l.span, shift);
}

// A claim's fields, spans and problems (not their messages, which name the
// claim's place in the document), with offsets taken back by `shift`.
std::string describe(const Claim& c, uint64_t shift) {
  std::string out = std::string(c.claim_id) + " member " + std::string(c.member_id) + " total " +
                    std::to_string(c.total_charge.raw()) + " at " +
                    std::to_string(c.source.offset - shift) + " span " + span_text(c.span, shift);
  for (auto d : c.diagnoses) out += " " + std::string(d);
  for (const auto& l : c.lines) out += "\n  " + describe(l, shift);
  for (const auto& p : c.problems)
    out += "\n  problem " + p.element + " at " + std::to_string(p.offset - shift);
  return out;
}

void expect_spans_hold(const std::string& data, bool ndjson) {
  const CollectingSink sink = read(data, ndjson);
  uint64_t after_last = 0;
  for (const Claim& c : sink.claims) {
    SCOPED_TRACE("claim '" + std::string(c.claim_id) + "' at byte " + std::to_string(c.source.offset));
    EXPECT_EQ(c.x12.segments, 0u);
    EXPECT_TRUE(c.x12.clm.empty());
    EXPECT_EQ(c.x12.st_offset, 0u);
    if (c.span.empty()) {
      // Reported where the document could not be cut apart: no bytes of its own.
      EXPECT_TRUE(c.has_errors());
      EXPECT_EQ(c.span.begin, 0u);
      continue;
    }
    ASSERT_LE(c.span.end, data.size());
    ASSERT_GE(c.span.begin, after_last) << "claims overlap or are out of order";
    after_last = c.span.end;
    EXPECT_EQ(c.span.begin, c.source.offset);
    const std::string text(c.span.of(data));
    if (!c.has_errors()) {
      EXPECT_EQ(text.front(), '{');
      EXPECT_EQ(text.back(), '}');
      // Read alone, its bytes are the same claim.
      const CollectingSink alone = read(text);
      ASSERT_EQ(alone.claims.size(), 1u);
      EXPECT_TRUE(alone.file_problems.empty());
      EXPECT_EQ(describe(alone.claims[0], 0), describe(c, c.span.begin));
    }
    uint64_t line_end = c.span.begin;
    for (const ServiceLine& l : c.lines) {
      SCOPED_TRACE("line " + std::to_string(l.number));
      ASSERT_LE(line_end, l.span.begin);
      ASSERT_LE(l.span.end, c.span.end);
      line_end = l.span.end;
      EXPECT_EQ(l.span.begin, l.source.offset);
      const std::string lt(l.span.of(data));
      EXPECT_EQ(lt.front(), '{');
      EXPECT_EQ(lt.back(), '}');
      // Read in a claim of its own, its bytes are the same line.
      const std::string wrapped = R"({"claim_id":"L","lines":[)" + lt + "]}";
      const CollectingSink one = read(wrapped);
      ASSERT_EQ(one.claims.size(), 1u);
      ASSERT_EQ(one.claims[0].lines.size(), 1u);
      EXPECT_EQ(describe(one.claims[0].lines[0], wrapped.find('{', 1)), describe(l, l.span.begin));
    }
  }
}

TEST(JsonSpans, ClaimAndLineSpansAreTheirObjectsExactly) {
  const std::string a = claim("A"), b = claim("B", R"("code":"J0696", "from":"2024-06-01","units":2 )");
  for (const std::string& sep : {std::string(","), std::string(" ,\r\n  "), std::string("\n,\t")}) {
    const std::string text = "[\r\n  " + a + sep + b + "\n]\n";
    const auto sink = read(text);
    ASSERT_EQ(sink.claims.size(), 2u);
    const size_t at_a = text.find(a), at_b = text.find(b);
    EXPECT_EQ(sink.claims[0].span.begin, at_a);
    EXPECT_EQ(sink.claims[0].span.end, at_a + a.size());
    EXPECT_EQ(sink.claims[1].span.begin, at_b);
    EXPECT_EQ(sink.claims[1].span.end, at_b + b.size());
    const size_t line_b = text.find(R"({"code":"J0696")");
    EXPECT_EQ(sink.claims[1].lines[0].span.begin, line_b);
    EXPECT_EQ(sink.claims[1].lines[0].span.end, text.find('}', line_b) + 1);
    expect_spans_hold(text, false);
  }
  // NDJSON: the object on its line, without the blanks and the line break.
  const std::string nd = "  " + a + " \r\n\r\n" + b + "\n";
  const auto sink = read(nd, true);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[0].span.begin, 2u);
  EXPECT_EQ(sink.claims[0].span.end, 2 + a.size());
  EXPECT_EQ(sink.claims[1].span.begin, nd.find(b));
  EXPECT_EQ(sink.claims[1].span.end, nd.find(b) + b.size());
  expect_spans_hold(nd, true);
}

TEST(JsonSpans, LinesWithNestedValuesAndStringsWithBracesEndAtTheirOwnBrace) {
  const std::string text =
      R"({"claim_id":"N","lines":[{"code":"J3490","description":"see } and ] { here",)"
      R"("modifiers":["JW"],"from":"2024-06-01","units":1,"x":{"y":[1,{"z":"}"}]}} ,)"
      R"( {"code":"S9500","from":"2024-06-01","units":1}  ]})";
  const auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 1u);
  ASSERT_EQ(sink.claims[0].lines.size(), 2u);
  EXPECT_EQ(sink.claims[0].lines[0].span.end, text.find("} ,") + 1);
  EXPECT_EQ(sink.claims[0].lines[1].span.begin, text.find(R"({"code":"S9500")"));
  EXPECT_EQ(sink.claims[0].lines[1].span.end, text.find("}  ]") + 1);
  expect_spans_hold(text, false);
}

TEST(JsonSpans, DamagedClaimsKeepTheirBytesWhenTheyCanBeCutApart) {
  // An invalid element between valid ones: delimited, so it keeps its bytes.
  const std::string bad = R"({"claim_id":"X","lines":[{"code":}]})";
  const std::string text = "[" + claim("A") + "," + bad + "," + claim("B") + "]";
  auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_EQ(sink.claims[1].span.begin, text.find(bad));
  EXPECT_EQ(sink.claims[1].span.end, text.find(bad) + bad.size());
  expect_spans_hold(text, false);
  // A broken document: the claims after the break are reported without spans.
  const std::string broken = "[" + claim("A") + "," + R"({"claim_id":"Y","lines":[)" + claim("Z");
  sink = read(broken);
  ASSERT_GE(sink.claims.size(), 2u);
  EXPECT_FALSE(sink.claims[0].span.empty());
  EXPECT_TRUE(sink.claims.back().span.empty());
  expect_spans_hold(broken, false);
  // An NDJSON line that is not JSON keeps the line's bytes.
  const std::string nd = claim("A") + "\n{not json}\n" + claim("B") + "\n";
  sink = read(nd, true);
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_EQ(sink.claims[1].span.begin, nd.find("{not"));
  EXPECT_EQ(sink.claims[1].span.end, nd.find("{not") + 10);
  expect_spans_hold(nd, true);
}

TEST(JsonSpans, EveryExample) {
  expect_spans_hold(perdiem::testing::read_file(perdiem::testing::source_path("examples/claims.json")), false);
  expect_spans_hold(perdiem::testing::read_file(perdiem::testing::source_path("examples/claims.ndjson")), true);
  expect_spans_hold(kExample, false);
  expect_spans_hold(kExample + "\n" + kExample + "\n", true);
  // Objects one after another, without an array.
  expect_spans_hold(claim("A") + "\n\n" + claim("B"), false);
}

}  // namespace
