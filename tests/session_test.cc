// The check session (include/perdiem/check.h): output in input order and
// byte-identical for any number of threads, batch size and piece size;
// each claim handed to on_claim with its result, in input order, with the
// file problems in their place; claims given already read; files; the
// deadline; and the exit status of SPEC §1, computed in one place.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "perdiem/check.h"
#include "perdiem/generator.h"
#include "test_util.h"

using namespace perdiem;
using perdiem::testing::read_file;
using perdiem::testing::source_path;

namespace {

using Inputs = std::vector<std::pair<std::string, std::string>>;

const Engine& engine() {
  static std::vector<PackError> errors;
  static Engine e(load_pack(source_path("packs/cpcp019"), errors));
  return e;
}

struct Output {
  std::string out;
  CheckSummary result;
};

Output run(const Inputs& inputs, unsigned threads, uint32_t batch, OutputFormat format = OutputFormat::kNdjson,
           size_t piece_bytes = size_t{1} << 20) {
  Output r;
  CheckSessionOptions o;
  o.threads = threads;
  o.batch_claims = batch;
  o.format = format;
  o.piece_bytes = piece_bytes;
  o.write = [&r](std::string_view s) {
    r.out.append(s);
    return true;
  };
  CheckSession s(engine(), o);
  s.begin();
  for (const auto& [name, data] : inputs) s.add_input(data, name);
  r.result = s.finish();
  return r;
}

std::string generated(uint64_t claims, uint64_t seed, uint32_t per_st = 40) {
  GenOptions g;
  g.claims = claims;
  g.seed = seed;
  g.error_rate = 0.6;
  g.claims_per_st = per_st;
  std::string out;
  generate_837(g, [&](std::string_view s) { out.append(s); });
  return out;
}

// The examples, repeated so that there are many batches.
Inputs many_inputs() {
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

// What happened, in order, as one line each: "claim ID", "problem FILE MESSAGE".
struct Events : ClaimSink {
  std::vector<std::string> seen;
  std::string file;
  void on_claim(Claim&& c) override { seen.push_back("claim " + std::string(c.claim_id)); }
  void on_file_problem(const Problem& p) override { seen.push_back("problem " + file + " " + p.message); }
};

// An X12 input with file problems between its claims: a transaction set
// with no claim in it after the first two sets.
std::string x12_with_problems_between_claims() {
  std::string x12 = generated(200, 3, 10);
  size_t at = 0;
  for (int i = 0; i < 2; ++i) at = x12.find("SE*", at) + 3;
  at = x12.find('~', at) + 1;
  x12.insert(at, "ST*837*9999*005010X222A1~BHT*0019*00*X*20240701*1200*CH~SE*3*9999~");
  return x12;
}

}  // namespace

TEST(Session, OutputIsIdenticalForAnyThreadCountAndBatchSize) {
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

TEST(Session, JsonDocumentIsIdenticalAcrossThreadCounts) {
  const auto inputs = many_inputs();
  const Output one = run(inputs, 1, 16, OutputFormat::kJson);
  const Output many = run(inputs, 4, 16, OutputFormat::kJson);
  EXPECT_EQ(one.out, many.out);
  EXPECT_EQ(one.out.rfind("{\n  \"tool\"", 0), 0u);
  EXPECT_NE(one.out.find("\"totals\""), std::string::npos);
}

TEST(Session, BeginIsWrittenOnceWhetherOrNotTheCallerCallsIt) {
  const Inputs in = {{"c.json", read_file(source_path("examples/claims.json"))}};
  const Output called = run(in, 2, 16, OutputFormat::kJson);
  Output implicit;
  CheckSessionOptions o;
  o.format = OutputFormat::kJson;
  o.write = [&](std::string_view s) {
    implicit.out.append(s);
    return true;
  };
  CheckSession s(engine(), o);
  s.add_input(in[0].second, in[0].first);
  s.finish();
  EXPECT_EQ(implicit.out, called.out);
}

TEST(Session, FlagsReportRejectedClaimsAndUnpaidLines) {
  const Output r = run({{"damaged.837", read_file(source_path("examples/damaged.837"))}}, 2, 1);
  EXPECT_TRUE(r.result.unreadable);
  EXPECT_EQ(r.result.totals.rejected, 2u);
  EXPECT_EQ(r.result.totals.checked, 1u);
  EXPECT_EQ(r.result.exit_status(), kExitUnreadable);
  const Output ok = run({{"x.json", R"({"claim_id":"OK","place_of_service":"12","lines":[)"
                                    R"({"code":"S9500","from":"2024-06-01","units":1,"charge":100},)"
                                    R"({"code":"J0696","from":"2024-06-01","units":4,"charge":20}]})"}},
                        2, 1);
  EXPECT_FALSE(ok.result.unreadable);
  EXPECT_FALSE(ok.result.some_not_paid);
  EXPECT_EQ(ok.result.exit_status(), kExitAllPaid);
  const Output unpaid = run({{"h.837", read_file(source_path("examples/home-infusion.837"))}}, 2, 3);
  EXPECT_TRUE(unpaid.result.some_not_paid);
  EXPECT_EQ(unpaid.result.exit_status(), kExitSomeNotPaid);
}

// SPEC §1: 2 when an input or a claim could not be read (whatever the
// lines), else 1 when some line is not paid, else 0; and 2 when the
// output could not be written or the check did not finish.
TEST(Session, ExitStatusFollowsSpecSection1) {
  struct Case {
    bool unreadable, some_not_paid, write_failed, timed_out;
    int status;
  } cases[] = {
      {false, false, false, false, 0}, {false, true, false, false, 1}, {true, false, false, false, 2},
      {true, true, false, false, 2},   {false, false, true, false, 2}, {false, true, true, false, 2},
      {false, false, false, true, 2},
  };
  for (const Case& c : cases) {
    CheckSummary s;
    s.unreadable = c.unreadable;
    s.some_not_paid = c.some_not_paid;
    s.write_failed = c.write_failed;
    s.timed_out = c.timed_out;
    EXPECT_EQ(s.exit_status(), c.status) << c.unreadable << c.some_not_paid << c.write_failed << c.timed_out;
  }
  // A warning that belongs to no claim is not an error; an error is.
  CheckCounts counts;
  Problem warning;
  warning.severity = Severity::kWarning;
  counts.add_file_problem(warning);
  EXPECT_FALSE(counts.unreadable);
  counts.add_file_problem(Problem{});
  EXPECT_TRUE(counts.unreadable);
  EXPECT_EQ(counts.totals.file_problems, 2u);
}

TEST(Session, FileProblemsAreCountedAndKeptInOrder) {
  CheckSessionOptions o;
  o.threads = 2;
  o.format = OutputFormat::kNdjson;
  std::vector<std::string> seen;
  o.write = [](std::string_view) { return true; };
  o.on_file_problem = [&](std::string_view file, const Problem&) { seen.emplace_back(file); };
  CheckSession s(engine(), o);
  Problem missing;
  missing.message = "cannot open x";
  s.add_file_problem("first", missing);
  s.add_input("not a claim file", "second");
  s.add_file_problem("third", missing);
  const CheckSummary r = s.finish();
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(r.totals.file_problems, 3u);
  EXPECT_TRUE(r.unreadable);
  EXPECT_EQ(r.inputs, 1u);
  EXPECT_EQ(r.inputs_without_claims, 1u);
}

TEST(Session, ReleaseIsToldHowFarClaimsAreDone) {
  const std::string data = many_inputs()[0].second;
  uint64_t furthest = 0;
  CheckSessionOptions o;
  o.threads = 2;
  o.batch_claims = 10;
  o.write = [](std::string_view) { return true; };
  CheckSession s(engine(), o);
  s.add_input(data, "a.837", [&](uint64_t off) {
    EXPECT_GE(off, furthest);  // never goes backwards
    furthest = off;
  });
  s.finish();
  EXPECT_GT(furthest, data.size() / 2);
  EXPECT_LT(furthest, data.size());
}

// Batches and their claims are recycled: the reader refills spent claims
// (Claim::reset) instead of allocating new ones. Nothing of an earlier claim
// may survive into a later one, so the session's output must equal output
// built claim by claim from fresh objects, over claims that all differ
// (generated, with every kind of break) and over several inputs in turn.
TEST(Session, RecycledClaimsCarryNothingOverFromEarlierClaims) {
  const std::string gen = generated(1500, 11);
  const Inputs inputs = {{"gen.837", gen},
                         {"damaged.837", read_file(source_path("examples/damaged.837"))},
                         {"c.ndjson", read_file(source_path("examples/claims.ndjson"))},
                         {"gen-again.837", gen}};

  // Reference: each claim read into a fresh object, checked and written alone.
  std::string expected;
  const auto writer = ResultWriter::make(OutputFormat::kNdjson, engine().headline_pack());
  uint64_t index = 0;
  for (const auto& [name, data] : inputs) {
    perdiem::testing::CollectingSink sink;
    read_input(data, name, sink);
    for (const Claim& c : sink.claims) writer->write_claim(expected, c, engine().check(c), index++ == 0);
  }
  ASSERT_GT(index, 3000u);

  for (unsigned threads : {1u, 2u})
    for (uint32_t batch : {1u, 5u, 256u}) {
      const Output r = run(inputs, threads, batch);
      EXPECT_EQ(r.out, expected) << "threads=" << threads << " batch=" << batch;
    }
}

// on_claim sees every claim with its result, in input order, and the file
// problems in their place among them: what the output says, claim for claim
// (each renders to its own line of the ndjson output, duplicate claim id
// warnings included), for one thread, a reading thread and X12 in pieces.
TEST(Session, OnClaimSeesEachClaimWithItsResultInInputOrder) {
  const std::string gen = generated(400, 5);
  const Inputs inputs = {{"gen.837", gen},
                         {"between.837", x12_with_problems_between_claims()},
                         {"damaged.837", read_file(source_path("examples/damaged.837"))},
                         {"c.ndjson", read_file(source_path("examples/claims.ndjson"))},
                         {"gen-again.837", gen}};
  // The reference order: as the readers report it, one input after another,
  // with duplicate claim ids looked for across all of them.
  std::vector<std::string> expected_events;
  {
    ClaimIdTracker ids;
    ReadLimits limits;
    limits.claim_ids = &ids;
    Events ev;
    for (const auto& [name, data] : inputs) {
      ev.file = name;
      read_input(data, name, ev, limits);
    }
    expected_events = ev.seen;
  }
  ASSERT_GT(expected_events.size(), 1000u);

  struct Case {
    unsigned threads;
    size_t piece_bytes;
  } cases[] = {{1, 0}, {2, 0}, {3, 4096}, {2, 20000}};
  for (const Case& c : cases) {
    SCOPED_TRACE("threads=" + std::to_string(c.threads) + " piece_bytes=" + std::to_string(c.piece_bytes));
    ClaimIdTracker ids;
    CheckSessionOptions o;
    o.threads = c.threads;
    o.piece_bytes = c.piece_bytes;
    o.batch_claims = 7;
    o.format = OutputFormat::kNdjson;
    o.limits.claim_ids = &ids;
    std::string out, rendered;
    std::vector<std::string> events;
    o.write = [&](std::string_view s) {
      out.append(s);
      return true;
    };
    o.on_claim = [&](const Claim& claim, const ClaimResult& result) {
      events.push_back("claim " + std::string(claim.claim_id));
      write_claim_json(rendered, claim, result);
      rendered += '\n';
    };
    o.on_file_problem = [&](std::string_view file, const Problem& p) {
      events.push_back("problem " + std::string(file) + " " + p.message);
    };
    CheckSession s(engine(), o);
    for (const auto& [name, data] : inputs) s.add_input(data, name);
    const CheckSummary r = s.finish();
    EXPECT_EQ(events.size(), expected_events.size());
    for (size_t i = 0; i < std::min(events.size(), expected_events.size()); ++i)
      if (events[i] != expected_events[i]) {
        ADD_FAILURE() << "event " << i << ": " << events[i] << ", read in this order: " << expected_events[i];
        break;
      }
    EXPECT_TRUE(rendered == out) << "on_claim's claims and results are not what was written";
    EXPECT_NE(out.find("was already used by the claim at"), std::string::npos) << "no duplicate claim id warning";
    if (c.piece_bytes) {
      EXPECT_GT(r.pieces, 0u);
    }
  }
}

// Without `write` nothing is rendered, and the counts are the same.
TEST(Session, WithoutWriteOnlyTheCountsAndCallbacks) {
  const auto inputs = many_inputs();
  const Output written = run(inputs, 2, 16);
  CheckSessionOptions o;
  o.threads = 2;
  uint64_t claims = 0;
  o.on_claim = [&](const Claim&, const ClaimResult&) { ++claims; };
  CheckSession s(engine(), o);
  for (const auto& [name, data] : inputs) s.add_input(data, name);
  const CheckSummary r = s.finish();
  EXPECT_EQ(claims, written.result.totals.claims);
  EXPECT_EQ(r.totals.lines, written.result.totals.lines);
  EXPECT_EQ(r.totals.by_decision[static_cast<int>(Decision::kDeny)],
            written.result.totals.by_decision[static_cast<int>(Decision::kDeny)]);
  EXPECT_EQ(r.exit_status(), written.result.exit_status());
}

// Claims already read give the output reading them gives (without the
// duplicate claim id search, which is the reader's).
TEST(Session, ClaimsGivenAlreadyReadAreCheckedAsRead) {
  const std::string data = read_file(source_path("examples/claims.json"));
  const Output read = run({{"c.json", data}}, 1, 256, OutputFormat::kJson);
  for (unsigned threads : {1u, 2u}) {
    perdiem::testing::CollectingSink sink;
    read_input(data, "c.json", sink);
    ASSERT_GE(sink.claims.size(), 2u);
    std::string out;
    CheckSessionOptions o;
    o.threads = threads;
    o.batch_claims = 1;
    o.format = OutputFormat::kJson;
    o.write = [&](std::string_view s) {
      out.append(s);
      return true;
    };
    CheckSession s(engine(), o);
    for (Claim& c : sink.claims) s.add_claim(std::move(c));
    const CheckSummary r = s.finish();
    EXPECT_EQ(out, read.out) << threads;
    EXPECT_EQ(r.exit_status(), read.result.exit_status());
    EXPECT_EQ(r.inputs, 0u);
  }
}

TEST(Session, FilesAreReadAndAFileThatCannotBeOpenedIsAProblemInItsPlace) {
  std::vector<std::string> events;
  std::string out;
  CheckSessionOptions o;
  o.threads = 2;
  o.format = OutputFormat::kNdjson;
  o.write = [&](std::string_view s) {
    out.append(s);
    return true;
  };
  o.on_claim = [&](const Claim& c, const ClaimResult&) { events.push_back(std::string(c.file)); };
  o.on_file_problem = [&](std::string_view file, const Problem& p) {
    events.push_back(std::string(file) + ": " + p.message);
  };
  CheckSession s(engine(), o);
  const std::string ndjson = source_path("examples/claims.ndjson");
  s.add_file(ndjson);
  s.add_file("/nonexistent/claims.837");
  s.add_file(std::filesystem::temp_directory_path().string());
  const CheckSummary r = s.finish();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0], ndjson);
  EXPECT_EQ(events[3], "/nonexistent/claims.837: cannot open /nonexistent/claims.837");
  EXPECT_NE(events[4].find("is a folder, not a file"), std::string::npos) << events[4];
  EXPECT_EQ(out, run({{ndjson, read_file(ndjson)}}, 1, 256).out);
  EXPECT_EQ(r.exit_status(), kExitUnreadable);
  EXPECT_EQ(r.inputs, 3u);
  EXPECT_EQ(r.inputs_without_claims, 2u);
}

// Past the deadline nothing more is checked, and the summary says so.
TEST(Session, ADeadlineThatHasPassedChecksNothingMore) {
  const auto inputs = many_inputs();
  for (unsigned threads : {1u, 2u}) {
    CheckSessionOptions o;
    o.threads = threads;
    o.piece_bytes = 4096;
    o.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    uint64_t claims = 0;
    o.on_claim = [&](const Claim&, const ClaimResult&) { ++claims; };
    o.write = [](std::string_view) { return true; };
    CheckSession s(engine(), o);
    for (const auto& [name, data] : inputs) s.add_input(data, name);
    const CheckSummary r = s.finish();
    EXPECT_TRUE(r.timed_out) << threads;
    EXPECT_EQ(claims, 0u) << threads;
    EXPECT_EQ(r.totals.claims, 0u) << threads;
    EXPECT_EQ(r.exit_status(), kExitUnreadable);
  }
  // A deadline far off changes nothing.
  const Output plain = run(inputs, 2, 64);
  std::string out;
  CheckSessionOptions o;
  o.threads = 2;
  o.batch_claims = 64;
  o.format = OutputFormat::kNdjson;
  o.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  o.write = [&](std::string_view s) {
    out.append(s);
    return true;
  };
  CheckSession s(engine(), o);
  for (const auto& [name, data] : inputs) s.add_input(data, name);
  EXPECT_FALSE(s.finish().timed_out);
  EXPECT_EQ(out, plain.out);
}

TEST(Session, AWriteThatFailsIsReportedAndStopsWriting) {
  size_t calls = 0;
  CheckSessionOptions o;
  o.threads = 2;
  o.batch_claims = 1;
  o.write = [&](std::string_view) {
    ++calls;
    return false;
  };
  CheckSession s(engine(), o);
  s.add_input(read_file(source_path("examples/claims.ndjson")), "c.ndjson");
  const CheckSummary r = s.finish();
  EXPECT_TRUE(r.write_failed);
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(r.exit_status(), kExitUnreadable);
}

// `perdiem explain` and GET /v1/rules/{id}: every rule's example fires it.
TEST(Session, EveryRulesExampleClaimFiresItsRule) {
  const Pack& pack = engine().packs().latest();
  size_t with_example = 0;
  for (const RuleDef& r : pack.rules) {
    if (r.example.empty()) continue;
    ++with_example;
    const RuleExample said = check_rule_example(engine(), r);
    EXPECT_FALSE(said.edits.empty()) << r.id;
    EXPECT_TRUE(said.problems.empty()) << r.id << ": " << (said.problems.empty() ? "" : said.problems[0]);
  }
  EXPECT_GT(with_example, 10u);
  RuleDef broken = pack.rules[0];
  broken.example = R"({"claim_id":"X","lines":[{"code":"S9500","units":"x","from":"2024-06-01"}]} trailing)";
  const RuleExample said = check_rule_example(engine(), broken);
  EXPECT_TRUE(said.edits.empty());
  EXPECT_FALSE(said.problems.empty());
}
