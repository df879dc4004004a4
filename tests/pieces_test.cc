// Reading X12 in pieces on several threads (input/pieces.h, x12/pieces.h): for every input,
// clean or damaged, the output, the file problems and the totals must be
// exactly those of reading it on one thread. Pieces are made small here so
// that the test inputs are cut into many of them, at every kind of place.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "input/pieces.h"
#include "malformed_inputs.h"
#include "perdiem/generator.h"
#include "perdiem/pipeline.h"
#include "test_util.h"
#include "x12_test_util.h"

using namespace perdiem;
using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::x12_testing::generated;

namespace {

using Inputs = std::vector<std::pair<std::string, std::string>>;

const Engine& engine() {
  static std::vector<PackError> errors;
  static Engine e(load_pack(source_path("packs/cpcp019"), errors));
  return e;
}

struct Output {
  std::string out;
  std::vector<std::string> file_problems;  // "file|segment|offset|message", in order
  PipelineResult result;
};

// `piece_bytes` 0: one reading thread (the reference).
Output run(const Inputs& inputs, size_t piece_bytes, OutputFormat format, unsigned threads = 2,
           ReadLimits limits = {}) {
  Output r;
  PipelineOptions o;
  o.threads = threads;
  o.piece_bytes = piece_bytes;
  o.format = format;
  o.batch_claims = 7;
  ClaimIdTracker ids;  // one for the whole run, as the CLI does
  limits.claim_ids = &ids;
  o.limits = limits;
  o.write = [&r](std::string_view s) {
    r.out.append(s);
    return true;
  };
  o.on_file_problem = [&r](std::string_view file, const Problem& p) {
    r.file_problems.push_back(std::string(file) + "|" + std::to_string(p.segment) + "|" +
                              std::to_string(p.offset) + "|" + p.message);
  };
  Pipeline p(engine(), o);
  p.begin();
  for (const auto& [name, data] : inputs) p.add_input(data, name);
  r.result = p.finish();
  return r;
}

// "" when equal, else where they first differ, with some text around it
// (gtest's own diff of megabyte strings takes too long and too much memory).
std::string difference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const size_t from = i > 80 ? i - 80 : 0;
  return "first difference at byte " + std::to_string(i) + " of " + std::to_string(a.size()) +
         "/" + std::to_string(b.size()) + ":\n  pieces:     " + a.substr(from, 200) +
         "\n  one thread: " + b.substr(from, 200);
}

// Runs `inputs` in pieces of each size and in every format against one
// reading thread; returns the pieces accepted and fallbacks over all runs.
std::pair<uint64_t, uint64_t> expect_same(const Inputs& inputs, const std::vector<size_t>& sizes,
                                          const ReadLimits& limits = {},
                                          const std::string& what = "") {
  uint64_t pieces = 0, fallbacks = 0;
  for (OutputFormat f : {OutputFormat::kNdjson, OutputFormat::kJson, OutputFormat::kCsv,
                         OutputFormat::kTable}) {
    const Output base = run(inputs, 0, f, 2, limits);
    EXPECT_EQ(base.result.pieces, 0u);
    for (size_t size : sizes)
      for (unsigned threads : {2u, 3u}) {
        const Output r = run(inputs, size, f, threads, limits);
        const std::string where = what + " format=" + std::to_string(static_cast<int>(f)) +
                                  " piece_bytes=" + std::to_string(size) +
                                  " threads=" + std::to_string(threads);
        EXPECT_EQ(difference(r.out, base.out), "") << where;
        EXPECT_EQ(r.file_problems, base.file_problems) << where;
        EXPECT_EQ(r.result.totals.claims, base.result.totals.claims) << where;
        EXPECT_EQ(r.result.totals.file_problems, base.result.totals.file_problems) << where;
        EXPECT_EQ(r.result.unreadable, base.result.unreadable) << where;
        EXPECT_EQ(r.result.some_not_paid, base.result.some_not_paid) << where;
        pieces += r.result.pieces;
        fallbacks += r.result.piece_fallbacks;
      }
  }
  return {pieces, fallbacks};
}


// Replaces every byte `from` with `to` (the generator's delimiters are
// * : ^ ~, none of which occurs in its data).
std::string swap_bytes(std::string s, char from, char to) {
  for (char& c : s)
    if (c == from) c = to;
  return s;
}

}  // namespace

// The generator's files (every kind of broken claim among them, many
// transaction sets and interchanges) are read in pieces, every piece is
// accepted, and nothing differs from reading them on one thread.
TEST(Pieces, GeneratedFilesAreReadInPiecesWithTheSameOutput) {
  // Between and after them, inputs read on one thread (JSON; X12 too small
  // for two pieces): the claims are numbered on across all of them.
  const Inputs inputs = {{"a.837", generated(600, 7, 5, 3)},
                         {"c.json", read_file(source_path("examples/claims.json"))},
                         {"b.837", generated(300, 40, 2, 4)},
                         {"d.837", read_file(source_path("examples/home-infusion.837"))}};
  const auto [pieces, fallbacks] = expect_same(inputs, {2000, 9000, 50000});
  EXPECT_GT(pieces, 100u);
  EXPECT_EQ(fallbacks, 0u);
}

// A claim id used again is a warning on the later claim, naming the
// earlier one, even when the two are in different pieces read at the same
// time: the later piece's claim is checked and written again in order.
TEST(Pieces, DuplicateClaimIdsAcrossPiecesAndInputsAreFound) {
  const std::string once = generated(200, 10, 4, 5, 0.2);
  const Inputs inputs = {{"twice.837", once + once}, {"again.837", once}};
  const Output base = run(inputs, 0, OutputFormat::kNdjson);
  size_t warnings = 0;
  for (size_t at = base.out.find("was already used"); at != std::string::npos;
       at = base.out.find("was already used", at + 1))
    ++warnings;
  EXPECT_GE(warnings, 380u);  // every claim of the second and third copies
  const auto [pieces, fallbacks] = expect_same(inputs, {3000, 20000});
  EXPECT_GT(pieces, 50u);
  EXPECT_EQ(fallbacks, 0u);
}

// Every malformation of the malformation suite, alone and between clean
// claims, in pieces of every size down to a few segments: what cannot be
// predicted (a missing SE, text between interchanges, a bad ISA, a cut-off
// file, limits) is read again on one thread, with the same result.
TEST(Pieces, EveryMalformationReadsAsOnOneThread) {
  const std::string clean = generated(40, 5, 2, 9, 0.3);
  for (const auto& kind : malformed::kinds()) {
    if (kind.json) continue;
    SCOPED_TRACE(kind.name);
    // About 40 and 6 pieces each: small pieces cut everywhere, and a few
    // inputs are megabytes long.
    const auto sizes = [](size_t bytes) {
      return std::vector<size_t>{std::max<size_t>(64, bytes / 40), std::max<size_t>(64, bytes / 6)};
    };
    const Inputs alone = {{"bad.837", kind.input}};
    expect_same(alone, sizes(kind.input.size()), kind.limits, kind.name);
    const std::string mixed = clean + kind.input + clean;
    const Inputs between = {{"mixed.837", mixed}};
    expect_same(between, sizes(mixed.size()), kind.limits, kind.name);
  }
}

// Interchanges with other delimiters, text and blank lines between them, a
// banner before the first, empty segments ("~~"), CR LF line ends and no
// line ends at all.
TEST(Pieces, DelimitersBlanksAndTextBetweenInterchanges) {
  const std::string a = generated(60, 6, 3, 21, 0.3);
  std::string b = generated(60, 6, 3, 22, 0.3);
  b = swap_bytes(swap_bytes(b, '*', '|'), '~', '\n');  // '|' elements, line-break terminators
  std::string c = swap_bytes(generated(60, 6, 3, 23, 0.3), '~', '!');
  std::string crlf;
  for (char ch : generated(60, 6, 3, 24, 0.3)) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  std::string flat;
  for (char ch : generated(60, 6, 3, 25, 0.3))
    if (ch != '\n') flat += ch;
  std::string doubled = generated(60, 6, 3, 26, 0.3);
  for (size_t at = doubled.find("~\nLX*"); at != std::string::npos; at = doubled.find("~\nLX*", at + 8))
    doubled.replace(at, 2, "~~\n");
  const Inputs inputs = {{"mixed.837", "BANNER LINE\n" + a + "\n\nSOME TEXT~ BETWEEN\n" + c + b + a},
                         {"crlf.837", crlf},
                         {"flat.837", flat},
                         {"doubled.837", doubled}};
  const auto [pieces, fallbacks] = expect_same(inputs, {500, 4000, 30000});
  EXPECT_GT(pieces, 100u);
  // The interchange with line breaks for terminators, and the empty
  // segments, are read on one thread from where they begin.
  EXPECT_GT(fallbacks, 0u);
}

// Unreadable segments outside claims are reported up to a limit per file,
// and max_claims stops reading part way: both count over the whole input,
// across pieces.
TEST(Pieces, CountsOverTheWholeInputHoldAcrossPieces) {
  std::string text = generated(300, 5, 3, 31, 0.2);
  // An unreadable segment after every SE: 60 of them, over the report limit.
  for (size_t at = text.find("~\nSE*"); at != std::string::npos; at = text.find("~\nSE*", at + 1)) {
    const size_t end = text.find('~', at + 2);
    text.insert(end + 2, "12345*JUNK~\n");
    at = end + 14;
  }
  const auto strays = expect_same({{"strays.837", text}}, {2000, 20000});
  EXPECT_GT(strays.first, 50u);
  EXPECT_GT(strays.second, 0u);  // from the piece where the reports reach their limit
  ReadLimits limits;
  limits.max_claims = 170;
  const auto limited = expect_same({{"limit.837", generated(300, 5, 3, 32, 0.2)}}, {2000, 20000}, limits);
  EXPECT_GT(limited.first, 20u);
  EXPECT_GT(limited.second, 0u);  // the piece where the limit falls is read on one thread
}

// The state a piece starts from is predicted by a reader of the envelope
// segments alone, which reads them as the pieces do: an envelope segment too
// long to read, with a claim inside it, is a claim and an error to it too.
// Those are the earlier piece's to count; counted again in every later
// piece's start, the claims reached max_claims too early (found by
// fuzz_pieces in CI).
TEST(Pieces, WhatTheEnvelopeReaderCountsIsNotCountedAgain) {
  std::string text = generated(300, 5, 3, 33, 0.2);
  const size_t st = text.find("ST*837*", text.find("ST*837*") + 1);  // the second transaction set
  const size_t end = text.find('~', st);
  text.insert(end, "*" + std::string(3000, 'X') + ":CLM*INSIDE*100");
  ReadLimits limits;
  limits.max_segment_bytes = 2048;
  limits.max_claims = 250;
  const Output base = run({{"long.837", text}}, 0, OutputFormat::kNdjson, 2, limits);
  ASSERT_NE(base.out.find("\"INSIDE\""), std::string::npos);  // the rescued claim
  bool stopped = false;
  for (const auto& p : base.file_problems)
    stopped = stopped || p.find("max_claims") != std::string::npos;
  ASSERT_TRUE(stopped);
  const auto [pieces, fallbacks] = expect_same({{"long.837", text}}, {2000, 20000}, limits);
  EXPECT_GT(pieces, 20u);
  EXPECT_GT(fallbacks, 0u);  // the piece where max_claims falls
}

// An input of many transaction sets and no claim at all: each piece has
// none, and "no claims were found" is said once, at the end, as on one thread.
TEST(Pieces, AnInputWithoutClaimsIsReportedOnce) {
  malformed::X12 empty = malformed::clean_x12(0);
  std::string text = empty.text();
  const size_t st = text.find("ST*"), ge = text.find("GE*");
  std::string sets;
  for (int k = 0; k < 80; ++k) sets += text.substr(st, ge - st);
  text = text.substr(0, st) + sets + text.substr(ge);
  const Inputs inputs = {{"none.837", text}};
  const Output base = run(inputs, 0, OutputFormat::kNdjson);
  size_t said = 0;
  for (const auto& p : base.file_problems) said += p.find("no claims (CLM segments)") != std::string::npos;
  EXPECT_EQ(said, 1u);
  const auto [pieces, fallbacks] = expect_same(inputs, {text.size() / 20, text.size() / 3});
  EXPECT_GT(pieces, 20u);
  EXPECT_GT(fallbacks, 0u);  // the last piece: only the whole input can say it had no claims
}

// The piece reader alone: a clean file is accepted piece by piece; a file
// whose third transaction set has no SE is accepted up to there and then
// read on from the true state, and together they hand over exactly the
// claims and file problems of read_x12().
TEST(Pieces, AcceptThenReadTheRestMatchesOneReader) {
  std::string text = generated(200, 5, 4, 41, 0.2);
  perdiem::testing::CollectingSink whole;
  read_x12(text, "f.837", whole);
  for (const bool damage : {false, true}) {
    std::string input = text;
    if (damage) {
      size_t se = input.find("~\nSE*");
      se = input.find("~\nSE*", se + 1);
      se = input.find("~\nSE*", se + 1);
      input.erase(se + 2, input.find('~', se + 2) - se - 1);  // the third SE, with its terminator
    }
    perdiem::testing::CollectingSink expected;
    read_x12(input, "f.837", expected);
    auto plan = PieceReader::plan(input, "f.837", {}, 3000);
    ASSERT_TRUE(plan);
    ASSERT_GT(plan->pieces(), 10u);
    perdiem::testing::CollectingSink got;
    const size_t accepted = plan->read_one_by_one(got);
    if (!damage) EXPECT_EQ(accepted, plan->pieces());
    else EXPECT_LT(accepted, plan->pieces());
    EXPECT_GT(accepted, 0u);
    ASSERT_EQ(got.claims.size(), expected.claims.size());
    for (size_t k = 0; k < got.claims.size(); ++k) {
      EXPECT_EQ(got.claims[k].claim_id, expected.claims[k].claim_id);
      EXPECT_EQ(got.claims[k].source.segment, expected.claims[k].source.segment);
      EXPECT_EQ(got.claims[k].source.offset, expected.claims[k].source.offset);
      EXPECT_EQ(got.claims[k].lines.size(), expected.claims[k].lines.size());
      EXPECT_EQ(got.claims[k].problems.size(), expected.claims[k].problems.size());
    }
    ASSERT_EQ(got.file_problems.size(), expected.file_problems.size());
    for (size_t k = 0; k < got.file_problems.size(); ++k)
      EXPECT_EQ(got.file_problems[k].message, expected.file_problems[k].message);
  }
  EXPECT_EQ(whole.claims.size(), 200u);
}

// Input that is not X12, or too small for two pieces, is not cut.
TEST(Pieces, OnlyX12OfTwoPiecesOrMoreIsCut) {
  const std::string x12 = generated(50, 5, 2, 51);
  EXPECT_TRUE(PieceReader::plan(x12, "f", {}, x12.size() / 2));
  EXPECT_FALSE(PieceReader::plan(x12, "f", {}, x12.size() / 2 + 1));
  EXPECT_FALSE(PieceReader::plan(x12, "f", {}, 0));
  const std::string json = read_file(source_path("examples/claims.json"));
  EXPECT_FALSE(PieceReader::plan(json, "f", {}, 64));
  EXPECT_FALSE(PieceReader::plan(malformed::utf16(x12, true, true), "f", {}, 1000));
  ReadLimits small;
  small.max_input_bytes = 100;
  EXPECT_FALSE(PieceReader::plan(x12, "f", small, 1000));
}
