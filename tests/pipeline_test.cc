// The check pipeline: output in input order and byte-identical for any
// number of threads and any batch size; file problems kept in order.
#include <gtest/gtest.h>

#include "perdiem/generator.h"
#include "perdiem/pipeline.h"
#include "test_util.h"

using namespace perdiem;
using perdiem::testing::read_file;
using perdiem::testing::source_path;

namespace {

struct Output {
  std::string out;
  PipelineResult result;
};

const Engine& engine() {
  static std::vector<PackError> errors;
  static Engine e(load_pack(source_path("packs/cpcp019"), errors));
  return e;
}

Output run(const std::vector<std::pair<std::string, std::string>>& inputs, unsigned threads, uint32_t batch,
        OutputFormat format = OutputFormat::kNdjson) {
  Output r;
  PipelineOptions o;
  o.threads = threads;
  o.batch_claims = batch;
  o.format = format;
  o.write = [&r](std::string_view s) {
    r.out.append(s);
    return true;
  };
  Pipeline p(engine(), o);
  p.begin();
  for (const auto& [name, data] : inputs) p.add_input(data, name);
  r.result = p.finish();
  return r;
}

// The examples, repeated so that there are many batches.
std::vector<std::pair<std::string, std::string>> many_inputs() {
  std::string x12, ndjson;
  const std::string one = read_file(source_path("examples/home-infusion.837"));
  const std::string nd = read_file(source_path("examples/claims.ndjson"));
  for (int i = 0; i < 60; ++i) {
    x12 += one;
    ndjson += nd;
  }
  return {{"a.837", x12},
          {"damaged.837", read_file(source_path("examples/damaged.837"))},
          {"b.ndjson", ndjson},
          {"c.json", read_file(source_path("examples/claims.json"))}};
}

}  // namespace

TEST(Pipeline, OutputIsIdenticalForAnyThreadCountAndBatchSize) {
  const auto inputs = many_inputs();
  const Output base = run(inputs, 1, 256);
  ASSERT_GT(base.result.totals.claims, 600u);
  for (unsigned threads : {2u, 3u, 8u})
    for (uint32_t batch : {1u, 7u, 64u, 1000u}) {
      const Output r = run(inputs, threads, batch);
      EXPECT_EQ(r.out, base.out) << "threads=" << threads << " batch=" << batch;
      EXPECT_EQ(r.result.totals.claims, base.result.totals.claims);
      EXPECT_EQ(r.result.totals.lines, base.result.totals.lines);
    }
}

TEST(Pipeline, JsonDocumentIsIdenticalAcrossThreadCounts) {
  const auto inputs = many_inputs();
  const Output one = run(inputs, 1, 16, OutputFormat::kJson);
  const Output many = run(inputs, 4, 16, OutputFormat::kJson);
  EXPECT_EQ(one.out, many.out);
  EXPECT_EQ(one.out.rfind("{\n  \"tool\"", 0), 0u);
  EXPECT_NE(one.out.find("\"totals\""), std::string::npos);
}

TEST(Pipeline, FlagsReportRejectedClaimsAndUnpaidLines) {
  const Output r = run({{"damaged.837", read_file(source_path("examples/damaged.837"))}}, 2, 1);
  EXPECT_TRUE(r.result.unreadable);
  EXPECT_EQ(r.result.totals.rejected, 2u);
  EXPECT_EQ(r.result.totals.checked, 1u);
  const Output ok = run({{"x.json", R"({"claim_id":"OK","place_of_service":"12","lines":[)"
                                 R"({"code":"S9500","from":"2024-06-01","units":1,"charge":100},)"
                                 R"({"code":"J0696","from":"2024-06-01","units":4,"charge":20}]})"}},
                     2, 1);
  EXPECT_FALSE(ok.result.unreadable);
  EXPECT_FALSE(ok.result.some_not_paid);
}

TEST(Pipeline, FileProblemsAreCountedAndKeptInOrder) {
  PipelineOptions o;
  o.threads = 2;
  o.format = OutputFormat::kNdjson;
  std::vector<std::string> seen;
  o.write = [](std::string_view) { return true; };
  o.on_file_problem = [&](std::string_view file, const Problem&) { seen.emplace_back(file); };
  Pipeline p(engine(), o);
  p.begin();
  Problem missing;
  missing.message = "cannot open x";
  p.add_file_problem("first", missing);
  p.add_input("not a claim file", "second");
  p.add_file_problem("third", missing);
  const PipelineResult r = p.finish();
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(r.totals.file_problems, 3u);
  EXPECT_TRUE(r.unreadable);
}

TEST(Pipeline, ReleaseIsToldHowFarClaimsAreDone) {
  const std::string data = many_inputs()[0].second;
  uint64_t furthest = 0;
  PipelineOptions o;
  o.threads = 2;
  o.batch_claims = 10;
  o.write = [](std::string_view) { return true; };
  Pipeline p(engine(), o);
  p.begin();
  p.add_input(data, "a.837", [&](uint64_t off) {
    EXPECT_GE(off, furthest);  // never goes backwards
    furthest = off;
  });
  p.finish();
  EXPECT_GT(furthest, data.size() / 2);
  EXPECT_LT(furthest, data.size());
}

// Batches and their claims are recycled: the reader refills spent claims
// (Claim::reset) instead of allocating new ones. Nothing of an earlier claim
// may survive into a later one, so the pipeline's output must equal output
// built claim by claim from fresh objects, over claims that all differ
// (generated, with every kind of break) and over several inputs in turn.
TEST(Pipeline, RecycledClaimsCarryNothingOverFromEarlierClaims) {
  GenOptions g;
  g.claims = 1500;
  g.seed = 11;
  g.error_rate = 0.6;
  g.claims_per_st = 40;
  std::string generated;
  generate_837(g, [&](std::string_view s) { generated.append(s); });
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"gen.837", generated},
      {"damaged.837", read_file(source_path("examples/damaged.837"))},
      {"c.ndjson", read_file(source_path("examples/claims.ndjson"))},
      {"gen-again.837", generated}};

  // Reference: each claim read into a fresh object, checked and written alone.
  std::string expected;
  const auto writer = ResultWriter::make(OutputFormat::kNdjson, engine().headline_pack());
  uint64_t index = 0;
  for (const auto& [name, data] : inputs) {
    perdiem::testing::CollectingSink sink;
    read_input(data, name, sink);
    for (const Claim& c : sink.claims)
      writer->write_claim(expected, c, engine().check(c), index++ == 0);
  }
  ASSERT_GT(index, 3000u);

  for (unsigned threads : {1u, 2u})
    for (uint32_t batch : {1u, 5u, 256u}) {
      const Output r = run(inputs, threads, batch);
      // File problems (from damaged.837) come first in the pipeline output;
      // compare the claim lines only.
      std::string claims_only;
      for (size_t at = 0; at < r.out.size();) {
        const size_t end = r.out.find('\n', at);
        const std::string_view line(r.out.data() + at, end - at + 1);
        if (line.rfind("{\"claim_id\"", 0) == 0) claims_only.append(line);
        at = end + 1;
      }
      EXPECT_EQ(claims_only, expected) << "threads=" << threads << " batch=" << batch;
    }
}
