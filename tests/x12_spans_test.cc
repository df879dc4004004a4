// The byte spans of X12 claims and lines (perdiem/claim.h, ByteSpan): exact
// on hand-written interchanges in every delimiter and line break style (a
// span one byte off fails), and on every example, every corpus sample and
// generated files: spans in order, nested, beginning and ending where the
// header says, segment counts that match the bytes; the bytes outside the
// claims and the claims' spans give the input back; and a claim's bytes read
// again in its envelope, with the other claims taken out, read as the same
// claim (so the spans hold everything of a claim, and nothing of another).
#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>
#include <string>
#include <vector>

#include "malformed_inputs.h"
#include "perdiem/input.h"
#include "input/pieces.h"
#include "x12_test_util.h"

namespace perdiem {
namespace {

using namespace x12_testing;

// ------------------------------------------------------------ the rules

bool between(char c, char terminator) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == terminator;
}

// The segments in `text` as the reader counts them: the non-blank texts
// between terminators.
uint64_t count_segments(std::string_view text, char t) {
  uint64_t n = 0;
  bool in_segment = false;
  for (char c : text) {
    if (c == t) {
      n += in_segment;
      in_segment = false;
    } else if (!between(c, t)) {
      in_segment = true;
    }
  }
  return n + in_segment;
}

// A span that ends a segment: right after its terminator and the one line
// break after it (CR LF, LF or CR; LF after a CR terminator; none after an
// LF terminator), or at the end of the input.
void expect_segment_end(std::string_view data, uint64_t end, char t, const std::string& what) {
  ASSERT_GE(end, 1u) << what;
  ASSERT_LE(end, data.size()) << what;
  if (end == data.size() && data[end - 1] != t && data[end - 1] != '\n' && data[end - 1] != '\r')
    return;  // a segment the input ends inside
  size_t k = end;
  const bool lf = data[k - 1] == '\n' && t != '\n';
  if (lf) --k;
  const bool cr = k >= 1 && data[k - 1] == '\r' && t != '\r' && t != '\n';
  if (cr) --k;
  ASSERT_GE(k, 1u) << what;
  EXPECT_EQ(data[k - 1], t) << what << ": the byte before the line break is not the terminator";
  // Nothing of the line break is left behind.
  if (end < data.size() && t != '\n') {
    if (!lf) {
      EXPECT_NE(data[end], '\n') << what << ": a line feed after the span";
    }
    if (!cr && !lf && t != '\r') {
      EXPECT_NE(data[end], '\r') << what << ": a CR after the span";
    }
  }
}

// Everything perdiem/claim.h says of the spans of the claims read from `data`.
void expect_spans_hold(std::string_view data, const CollectingSink& sink) {
  uint64_t after_last = 0;
  std::string rebuilt;
  for (const Claim& c : sink.claims) {
    const std::string what = "claim '" + std::string(c.claim_id) + "' at byte " +
                             std::to_string(c.source.offset);
    SCOPED_TRACE(what);
    if (c.span.empty()) {
      // Reported, not read: no bytes of its own.
      EXPECT_EQ(c.span.begin, 0u);
      EXPECT_EQ(c.span.end, 0u);
      EXPECT_TRUE(c.has_errors());
      EXPECT_TRUE(c.lines.empty());
      EXPECT_EQ(c.x12.segments, 0u);
      EXPECT_TRUE(c.x12.clm.empty());
      EXPECT_EQ(c.x12.st_offset, 0u);
      continue;
    }
    ASSERT_LE(c.span.begin, c.span.end);
    ASSERT_LE(c.span.end, data.size());
    ASSERT_GE(c.span.begin, after_last) << "claims overlap or are out of order";
    EXPECT_EQ(c.span.begin, c.source.offset);
    rebuilt.append(data.substr(after_last, c.span.begin - after_last));
    rebuilt.append(c.span.of(data));
    after_last = c.span.end;
    const char t = c.x12.delimiters.segment, e = c.x12.delimiters.element;
    const std::string_view text = c.span.of(data);
    expect_segment_end(data, c.span.end, t, "the claim's end");
    EXPECT_EQ(c.x12.segments, count_segments(text, t));
    EXPECT_GT(c.x12.st_offset, 0u);
    EXPECT_LT(c.x12.st_offset, c.span.begin);
    EXPECT_EQ(data.substr(c.x12.st_offset, 3), std::string({'S', 'T', e}));
    if (!c.x12.clm.empty()) {
      EXPECT_EQ(c.x12.clm.begin, c.span.begin);
      EXPECT_EQ(c.x12.clm.of(data).substr(0, 4), std::string({'C', 'L', 'M', e}));
      EXPECT_EQ(data[c.x12.clm.end - 1], t);
      EXPECT_EQ(count_segments(c.x12.clm.of(data), t), 1u);
    } else {
      EXPECT_TRUE(c.has_errors()) << "a claim read without its CLM";
    }
    uint64_t line_end = 0;
    for (const ServiceLine& l : c.lines) {
      SCOPED_TRACE("line " + std::to_string(l.number));
      ASSERT_LE(c.span.begin, l.span.begin);
      ASSERT_LE(l.span.begin, l.span.end);
      ASSERT_LE(l.span.end, c.span.end);
      EXPECT_EQ(l.span.begin, l.source.offset);
      const std::string_view lt = l.span.of(data);
      EXPECT_EQ(lt.substr(0, 3), std::string({'L', 'X', e}));
      expect_segment_end(data, l.span.end, t, "the line's end");
      EXPECT_EQ(l.x12.segments, count_segments(lt, t));
      if (line_end != 0) {
        // Between two lines, only what the reader skips.
        ASSERT_LE(line_end, l.span.begin);
        for (uint64_t k = line_end; k < l.span.begin; ++k)
          EXPECT_TRUE(between(data[k], t)) << "byte " << k << " between lines";
      }
      line_end = l.span.end;
      for (const auto& [seg, id] : {std::pair{l.x12.sv1, std::string({'S', 'V', '1', e})},
                                    std::pair{l.x12.dtp472, std::string({'D', 'T', 'P', e, '4',
                                                                         '7', '2', e})}}) {
        if (seg.empty()) {
          EXPECT_TRUE(c.has_errors()) << id << " missing from a line read without errors";
          continue;
        }
        EXPECT_LE(l.span.begin, seg.begin);
        EXPECT_LE(seg.end, l.span.end);
        EXPECT_EQ(seg.of(data).substr(0, id.size()), id);
        EXPECT_EQ(data[seg.end - 1], t) << id;
        EXPECT_EQ(count_segments(seg.of(data), t), 1u) << id;
      }
    }
    if (!c.lines.empty() && !c.has_errors()) {
      // The claim's own segments come first; nothing of it after its lines.
      EXPECT_EQ(c.lines.back().span.end, c.span.end);
    }
  }
  rebuilt.append(data.substr(after_last));
  EXPECT_TRUE(rebuilt == data) << "the bytes outside the claims and the claims' spans are not the input";
}

// Reads `data` again with the spans of the claims not kept taken out, and
// expects every kept claim (and every claim reported but not read, whose
// span is empty) to read exactly as before, moved by what was taken out
// before it: the same fields, spans, segment counts and problems.
void expect_kept_claims_read_the_same(std::string_view data, const CollectingSink& whole,
                                      const std::vector<bool>& keep) {
  std::string cut;
  std::vector<Shift> shifts;
  std::vector<const Claim*> kept;
  std::vector<const Claim*> taken;
  uint64_t pos = 0;
  for (size_t i = 0; i < whole.claims.size(); ++i) {
    const Claim& c = whole.claims[i];
    if (keep[i] || c.span.empty()) {
      Shift sh;
      for (const Claim* o : taken) {
        sh.bytes += o->span.size();
        sh.segments += o->x12.segments;
        if (o->span.begin < c.x12.st_offset) {
          sh.st_bytes += o->span.size();
          sh.st_segments += o->x12.segments;
        }
      }
      sh.messages = sh.segments == 0;
      shifts.push_back(sh);
      kept.push_back(&c);
      continue;  // its bytes are copied with what follows
    }
    cut.append(data.substr(pos, c.span.begin - pos));
    pos = c.span.end;
    taken.push_back(&c);
  }
  cut.append(data.substr(pos));
  const CollectingSink again = read(cut);
  ASSERT_EQ(again.claims.size(), kept.size());
  for (size_t j = 0; j < kept.size(); ++j) {
    const bool messages = shifts[j].messages;
    EXPECT_EQ(describe(again.claims[j], Shift{0, 0, 0, 0, messages}), describe(*kept[j], shifts[j]))
        << "claim " << j << " read again";
  }
}

// Both, on one input: every claim alone in its envelope when there are few,
// else every other claim, both ways.
void expect_spans(std::string_view data) {
  const CollectingSink sink = read(data);
  expect_spans_hold(data, sink);
  const size_t n = sink.claims.size();
  if (n == 0 || ::testing::Test::HasFailure()) return;
  if (n <= 12) {
    for (size_t i = 0; i < n; ++i) {
      std::vector<bool> keep(n, false);
      keep[i] = true;
      expect_kept_claims_read_the_same(data, sink, keep);
    }
  } else {
    for (size_t parity = 0; parity < 2; ++parity) {
      std::vector<bool> keep(n);
      for (size_t i = 0; i < n; ++i) keep[i] = i % 2 == parity;
      expect_kept_claims_read_the_same(data, sink, keep);
    }
  }
}

// ------------------------------------------------------- hand-written 837P

// Where a segment rendered with `st` ends, by the header's rule.
size_t end_of(const Doc& d, const std::string& prefix, const Style& st, int nth = 0) {
  size_t e = d.offset(prefix, nth) + d.segments[d.index(prefix, nth)].size() + 1;
  const std::string& a = st.after;
  const char t = st.terminator;
  if (t == '\n') return e;
  if (t != '\r' && a.compare(0, 2, "\r\n") == 0) return e + 2;
  if (!a.empty() && (a[0] == '\n' || (a[0] == '\r' && t != '\r'))) return e + 1;
  return e;
}

TEST(X12Spans, ClaimLineAndSegmentSpansAreExactInEveryStyle) {
  std::vector<Style> styles;
  for (const char* after : {"", "\n", "\r\n", "\r", "\n  ", "\n\n", "~\n", "~", " \r\n\t"}) {
    Style st;
    st.after = after;
    styles.push_back(st);
  }
  styles.push_back({'*', ':', '\n', '^', "", ""});
  styles.push_back({'*', ':', '\r', '^', "\n", ""});
  styles.push_back({'|', '>', '\x1C', '^', "", "banner\n"});
  for (const Style& st : styles) {
    SCOPED_TRACE("after '" + st.after + "' terminator " + std::to_string(int(st.terminator)));
    auto claim = home_infusion_claim();
    claim.insert(claim.begin() + 5, "REF*6R*LINE-1");  // after line 1's DTP
    const Doc d = render(interchange(concat({provider_and_subscriber(), claim})), st);
    const auto sink = read(d.text);
    ASSERT_EQ(sink.claims.size(), 1u);
    const Claim& c = sink.claims[0];
    ASSERT_FALSE(c.has_errors()) << describe(c);
    EXPECT_EQ(c.span.begin, d.offset("CLM"));
    EXPECT_EQ(c.span.end, end_of(d, "CTP", st, 1));
    EXPECT_EQ(c.x12.segments, d.index("SE") - d.index("CLM"));
    EXPECT_EQ(c.x12.clm.begin, d.offset("CLM"));
    EXPECT_EQ(c.x12.clm.end, d.end("CLM"));
    EXPECT_EQ(c.x12.st_offset, d.offset("ST"));
    EXPECT_EQ(c.x12.st_segment, d.number("ST"));
    EXPECT_EQ(c.x12.delimiters.element, st.element);
    EXPECT_EQ(c.x12.delimiters.component, st.component);
    EXPECT_EQ(c.x12.delimiters.segment, st.terminator);
    EXPECT_EQ(c.x12.delimiters.repetition, st.repetition);
    ASSERT_EQ(c.lines.size(), 3u);
    const ServiceLine* l = c.lines.data();
    EXPECT_EQ(l[0].span.begin, d.offset("LX*1"));
    EXPECT_EQ(l[0].span.end, end_of(d, "REF*6R", st));
    EXPECT_EQ(l[1].span.begin, d.offset("LX*2"));
    EXPECT_EQ(l[1].span.end, end_of(d, "REF*XZ", st));
    EXPECT_EQ(l[2].span.begin, d.offset("LX*3"));
    EXPECT_EQ(l[2].span.end, c.span.end);
    EXPECT_EQ(l[0].x12.segments, 4u);
    EXPECT_EQ(l[1].x12.segments, 6u);
    EXPECT_EQ(l[2].x12.segments, 6u);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(l[i].x12.sv1.begin, d.offset("SV1", i));
      EXPECT_EQ(l[i].x12.sv1.end, d.end("SV1", i));
    }
    EXPECT_EQ(l[0].x12.dtp472.begin, d.offset("DTP*472"));
    EXPECT_EQ(l[0].x12.dtp472.end, d.end("DTP*472"));
    EXPECT_EQ(l[2].x12.dtp472.begin, d.offset("DTP*472", 2));  // not its DTP*471
    EXPECT_EQ(l[2].x12.dtp472.end, d.end("DTP*472", 2));
    EXPECT_EQ(l[0].x12.control_number, "LINE-1");
    EXPECT_EQ(l[1].x12.control_number, "");  // REF*XZ is not a line item control number
    expect_spans(d.text);
  }
}

TEST(X12Spans, SegmentsOfNoLineComeBeforeTheFirstLineAndLoopsAfterTheLastBelongToIt) {
  // 2300 REF and NTE, 2310B rendering provider, 2320/2330A other payer; and
  // 2410 drug, 2420A line provider, 2430 line adjudication after the last LX.
  std::vector<std::string> claim = {
      "CLM*C1*100***12:B:1*Y*A*Y*Y",
      "REF*D9*CLAIMREF",
      "HI*ABK:A419",
      "NM1*82*1*NURSE*ANN****XX*1174526925",
      "PRV*PE*PXC*163W00000X",
      "SBR*S*18*******CI",
      "NM1*IL*1*DOE*JOHN****MI*OTHER01",
      "NM1*PR*2*OTHER PAYER*****PI*OP1",
      "LX*1",
      "SV1*HC:S9500*100*UN*1***1",
      "DTP*472*D8*20240601",
      "REF*6R*A-1",
      "LIN**N4*00004196501",
      "CTP****1*UN",
      "NM1*82*1*NURSE*ANN****XX*1174526925",
      "PRV*PE*PXC*163W00000X",
      "SVD*OP1*100*HC:S9500**1",
      "DTP*573*D8*20240610",
  };
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})), Style{'*', ':', '~', '^', "\n", ""});
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  ASSERT_FALSE(c.has_errors()) << describe(c);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].span.begin, d.offset("LX"));
  EXPECT_EQ(c.lines[0].span.end, d.offset("SE"));
  EXPECT_EQ(c.span.end, d.offset("SE"));
  EXPECT_EQ(c.lines[0].x12.segments, 10u);
  EXPECT_EQ(c.x12.segments, 18u);
  EXPECT_EQ(c.lines[0].x12.control_number, "A-1");
  EXPECT_EQ(c.rendering_taxonomy, "163W00000X");
  expect_spans(d.text);
}

TEST(X12Spans, EachClaimEndsBeforeWhatEndsIt) {
  // A second claim under the same HL, one under the next HL, one before SE.
  const Doc d = render(interchange(concat({provider_and_subscriber(), home_infusion_claim("A"),
                                           home_infusion_claim("B"),
                                           {"HL*3*1*22*0", "SBR*P*18*GRP1******CI",
                                            "NM1*IL*1*ROE*RAY****MI*MEMBER002"},
                                           home_infusion_claim("C")})),
                   Style{'*', ':', '~', '^', "\n", ""});
  const auto sink = read(d.text);
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_EQ(sink.claims[0].span.end, d.offset("CLM*B"));
  EXPECT_EQ(sink.claims[1].span.end, d.offset("HL*3"));
  EXPECT_EQ(sink.claims[2].span.end, d.offset("SE"));
  EXPECT_EQ(sink.claims[1].member_id, "MEMBER001");
  EXPECT_EQ(sink.claims[2].member_id, "MEMBER002");
  expect_spans(d.text);
}

TEST(X12Spans, DamageKeepsSpansInOrderAndInsideTheInput) {
  // Claims the reader reports but could not read have no span; a claim cut
  // short ends with the input; a claim whose CLM could not be read begins at
  // its first LX.
  const Doc d = mutation_sample();
  std::string no_isa = d.text.substr(d.offset("GS"));
  auto sink = read(no_isa);
  ASSERT_EQ(sink.claims.size(), 2u);
  for (const Claim& c : sink.claims) EXPECT_TRUE(c.span.empty());
  expect_spans_hold(no_isa, sink);

  const std::string cut = d.text.substr(0, d.offset("SV1", 4) + 10);
  sink = read(cut);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[1].span.end, cut.size());
  EXPECT_EQ(sink.claims[1].lines.back().span.end, cut.size());
  expect_spans_hold(cut, sink);

  const Doc two_hl = render(interchange(concat(
      {provider_and_subscriber(), home_infusion_claim("A"),
       {"HL*3*1*22*0", "SBR*P*18*GRP1******CI", "NM1*IL*1*ROE*RAY****MI*MEMBER002"},
       home_infusion_claim("C")})));
  std::string headless = two_hl.text;
  headless.replace(two_hl.offset("CLM*C"), 3, "PER");
  sink = read(headless);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[1].span.begin, two_hl.offset("LX", 3));
  EXPECT_TRUE(sink.claims[1].x12.clm.empty());
  expect_spans_hold(headless, sink);

  // A segment too long to read that swallows the next claim's CLM ends the
  // claim it is in; the claim inside it is reported, with an empty span;
  // the lines after it have no CLM.
  std::string swallowed = d.text;
  for (size_t k = d.offset("CTP", 1); (k = swallowed.find('~', k)) < d.offset("DTP*472", 3);)
    swallowed[k] = '|';
  ReadLimits small;
  small.max_segment_bytes = 100;
  CollectingSink limited;
  read_x12(swallowed, "test.837", limited, small);
  ASSERT_EQ(limited.claims.size(), 3u);
  EXPECT_EQ(limited.claims[0].span.end, d.end("DTP*472", 3));
  EXPECT_TRUE(limited.claims[1].span.empty());
  EXPECT_EQ(limited.claims[1].claim_id, "M2");
  EXPECT_EQ(limited.claims[2].span.begin, d.offset("LX", 4));
  expect_spans_hold(swallowed, limited);
}

TEST(X12Spans, ReadInPiecesTheSpansAreTheSame) {
  const std::string text = generated(300, 9, 3, 11);
  const auto whole = read(text);
  auto plan = PieceReader::plan(text, "test.837", {}, 4096);
  ASSERT_TRUE(plan);
  CollectingSink pieces;
  EXPECT_EQ(plan->read_one_by_one(pieces), plan->pieces());
  ASSERT_EQ(pieces.claims.size(), whole.claims.size());
  for (size_t i = 0; i < whole.claims.size(); ++i)
    EXPECT_EQ(describe(pieces.claims[i]), describe(whole.claims[i]));
}

TEST(X12Spans, InUtf16InputSpansAreOffsetsInTheUtf16File) {
  auto claim = home_infusion_claim();
  claim.insert(claim.begin() + 5, "REF*6R*LINE-1");
  const Doc d = render(interchange(concat({provider_and_subscriber(), claim})),
                       Style{'*', ':', '~', '^', "\r\n", ""});
  const auto plain = read(d.text);
  for (const bool bom : {true, false}) {
    const std::string wide = malformed::utf16(d.text, true, bom);
    CollectingSink sink;
    read_input(wide, "wide.837", sink);
    ASSERT_EQ(sink.claims.size(), 1u);
    const Claim &c = sink.claims[0], &p = plain.claims[0];
    // ASCII text: every byte is two in the file, after the byte order mark.
    const uint64_t base = bom ? 2 : 0;
    auto wide_span = [&](const ByteSpan& s) { return ByteSpan{base + 2 * s.begin, base + 2 * s.end}; };
    auto same = [](const ByteSpan& a, const ByteSpan& b) { return a.begin == b.begin && a.end == b.end; };
    EXPECT_TRUE(same(c.span, wide_span(p.span)));
    EXPECT_TRUE(same(c.x12.clm, wide_span(p.x12.clm)));
    EXPECT_EQ(c.x12.st_offset, base + 2 * p.x12.st_offset);
    ASSERT_EQ(c.lines.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_TRUE(same(c.lines[i].span, wide_span(p.lines[i].span))) << i;
      EXPECT_TRUE(same(c.lines[i].x12.sv1, wide_span(p.lines[i].x12.sv1))) << i;
      EXPECT_TRUE(same(c.lines[i].x12.dtp472, wide_span(p.lines[i].x12.dtp472))) << i;
    }
    // Copied into the claim: the converted text is gone with read_input().
    EXPECT_EQ(c.lines[0].x12.control_number, "LINE-1");
    EXPECT_FALSE(points_into(c.lines[0].x12.control_number, wide));
  }
}

// ------------------------------------------------- examples, corpus, generated

TEST(X12Spans, EveryExample) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_path("examples"))) {
    if (entry.path().extension() != ".837") continue;
    SCOPED_TRACE(entry.path().string());
    ++files;
    const std::string data = testing::read_file(entry.path().string());
    expect_spans(data);
  }
  EXPECT_GE(files, 2);
}

TEST(X12Spans, EveryCorpusSample) {
  REQUIRE_CORPUS();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_x12())) {
    if (entry.path().extension() != ".edi") continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++files;
    const std::string data = testing::read_file(entry.path().string());
    expect_spans(data);
  }
  EXPECT_GT(files, 20);
}

TEST(X12Spans, GeneratedFiles) {
  for (const auto& [seed, per_st, rate] :
       std::vector<std::tuple<uint64_t, uint32_t, double>>{{1, 500, 0.3}, {7, 13, 0.9}, {9, 1, 0.0}}) {
    const std::string text = generated(1500, per_st, 4, seed, rate);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_spans(text);
  }
}

}  // namespace
}  // namespace perdiem
