// Tests of read_x12() on damaged input: envelopes whose counts, control
// numbers or ends are wrong, truncation, unusable headers, input that is not
// X12, and deterministic truncation / byte-flip mutation of a whole file.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "perdiem/input.h"
#include "x12_test_util.h"

namespace perdiem {
namespace {

using namespace x12_testing;

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

// -------------------------------------------------------------- mutation

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

}  // namespace
}  // namespace perdiem
