// Checking into a reused result (Engine::check(claim, out), as the check
// session does) gives, claim after claim, exactly what a fresh check gives.
#include <gmock/gmock.h>
#include <gtest/gtest.h>


#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "perdiem/generator.h"

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {


// ===========================================================================
// Checking into a reused result (Engine::check(claim, out), as the pipeline
// does) gives, claim after claim, exactly what a fresh check gives: nothing
// an earlier claim left in the result (lines, edits, notes, a reason) leaks
// into the next.

// Every field of a result, in order.
std::string everything(const ClaimResult& r) {
  std::ostringstream o;
  o << status_name(r.status) << "|" << r.reason << "|" << (r.pack ? r.pack->version : "-") << "\n";
  for (const LineResult& l : r.lines) {
    o << decision_name(l.decision) << " " << l.allowed_units.short_text() << "\n";
    for (const Edit& e : l.edits) {
      o << "  " << rule_id(e) << "|" << decision_name(e.decision) << "|" << e.group << "-" << e.carc << "|";
      for (auto rc : e.rarc) o << rc << ",";
      o << "|" << e.message << "|" << fix_text(e.fix) << "|" << e.fix.units.short_text() << "\n";
    }
    for (const auto& n : l.notes) o << "  note " << n << "\n";
  }
  return o.str();
}

// Claims of every kind, read and kept with the text they point into: the
// rule examples, the stage corpus, the example files, and generated claims
// (a fifth of them damaged, so rejected).
struct Corpus {
  std::vector<std::shared_ptr<const std::string>> texts;
  std::vector<Claim> claims;

  void add(std::string text, bool json) {
    texts.push_back(std::make_shared<const std::string>(std::move(text)));
    CollectingSink sink;
    if (json) read_json(*texts.back(), "corpus", sink, false);
    else read_input(*texts.back(), "corpus", sink);
    for (Claim& c : sink.claims) claims.push_back(std::move(c));
  }
};

const Corpus& reuse_corpus() {
  static const Corpus corpus = [] {
    Corpus c;
    for (const RuleDef& r : cpcp019()->latest().rules) c.add(r.example, true);
    for (const auto& json : order_corpus()) c.add(json, true);
    for (const char* f : {"examples/home-infusion.837", "examples/claims.json", "examples/damaged.837"})
      c.add(read_file(source_path(f)), false);
    GenOptions o;
    o.claims = 400;
    o.seed = 7;
    o.error_rate = 0.2;
    std::string x12;
    generate_837(o, [&](std::string_view chunk) { x12.append(chunk); });
    c.add(std::move(x12), false);
    return c;
  }();
  return corpus;
}

TEST(ReusedResult, RefillingOneResultGivesWhatAFreshCheckGivesInAnyOrder) {
  const auto& claims = reuse_corpus().claims;
  ASSERT_GT(claims.size(), 400u);
  std::vector<std::string> fresh;
  for (const Claim& c : claims) fresh.push_back(everything(engine().check(c)));

  std::vector<size_t> order(claims.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(20240422);
  for (int round = 0; round < 3; ++round) {
    if (round == 1) std::reverse(order.begin(), order.end());
    if (round == 2) std::shuffle(order.begin(), order.end(), rng);
    ClaimResult reused;
    for (size_t i : order) {
      engine().check(claims[i], reused);
      ASSERT_EQ(everything(reused), fresh[i]) << "round " << round << ", claim " << claims[i].claim_id;
    }
  }
}

TEST(ReusedResult, WhateverTheResultHeldBeforeIsReplaced) {
  const Claim& claim = reuse_corpus().claims.front();
  const std::string expected = everything(engine().check(claim));
  ClaimResult stale;
  stale.status = ClaimStatus::kOutOfScope;
  stale.reason = "left over";
  stale.lines.resize(12);
  for (LineResult& l : stale.lines) {
    l.decision = Decision::kDeny;
    l.allowed_units = units(3);
    l.edits.emplace_back().message = "left over";
    l.edits.back().fix.value = "left over";
    l.notes.push_back("left over");
  }
  engine().check(claim, stale);
  EXPECT_EQ(everything(stale), expected);
}

TEST(ReusedResult, ThreadsSharingTheEngineEachRefillingTheirOwnResultAgreeWithAFreshCheck) {
  const auto& claims = reuse_corpus().claims;
  std::vector<std::string> fresh;
  for (const Claim& c : claims) fresh.push_back(everything(engine().check(c)));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t)
    threads.emplace_back([&, t] {
      ClaimResult reused;
      for (int pass = 0; pass < 3; ++pass)
        for (size_t k = 0; k < claims.size(); ++k) {
          const size_t i = (k * (t + 1) + static_cast<size_t>(pass)) % claims.size();  // a different order each
          engine().check(claims[i], reused);
          if (everything(reused) != fresh[i]) ++mismatches[t];
        }
    });
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < mismatches.size(); ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace perdiem::testing
