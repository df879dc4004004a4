// Stage isolation (SPEC §4): "Rules of one stage all see the same lines (what
// the stage before left payable), so their order within a stage changes
// nothing." The same claims, checked with the pack's rules in reversed and
// shuffled orders, give the same results.
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
// Stage isolation (SPEC §4): "Rules of one stage all see the same lines
// (what the stage before left payable), so their order within a stage
// changes nothing."

TEST(StageIsolation, PerDiemDeniedAsMutuallyExclusiveStillCountsForS9810InTheSameStage) {
  // S9494 is denied in stage 3 (it overlaps S9500 on days 1-3); on day 5
  // only S9494 covers the S9810, and stage 3 still sees it as payable.
  auto c = check(
      claim().line("S9494", kWeek, 7).line("S9500", June(1, 3), 3).line("J0696", kWeek, 7).line("S9810", June(5), 2));
  EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
  ASSERT_TRUE(FiresOnlyOn(c, "hourly-pharmacy-with-per-diem", {4}));
  EXPECT_TRUE(MessageNames(c.edit(4, "hourly-pharmacy-with-per-diem"), {"line 1", "S9494"}));
}

TEST(StageIsolation, TpnPerDiemDeniedAsMutuallyExclusiveStillBundlesComponentsInTheSameStage) {
  auto c = check(claim()
                     .dx("K91.2")
                     .line("S9364", kWeek, 7)
                     .line("S9366", June(5, 7), 3)
                     .line("B4164", June(2), 1));  // only S9364 covers day 2
  EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
  ASSERT_TRUE(FiresOnlyOn(c, "tpn-component-included", {3}));
  EXPECT_TRUE(MessageNames(c.edit(3, "tpn-component-included"), {"line 1", "S9364"}));
}

TEST(StageIsolation, PerDiemDeniedForNoDrugStillMakesAnIvSolutionIncidentalInTheSameStage) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J7050", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
  EXPECT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {2}));
}

TEST(StageIsolation, Stage4SeesOnlyWhatStage3LeftPayable) {
  // The S9494 denied in stage 3 is neither reduced nor counted as a concurrent therapy.
  auto c = check(claim().line("S9494", kWeek, 21).line("S9500", kWeek, 7).line("J0696", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-units"));
  EXPECT_TRUE(DoesNotFire(c, "concurrent-therapy-modifier"));
}


// Everything the engine says about a claim, with each line's edits sorted
// (their order follows the rule order and is not part of the contract).
std::string canonical(const Checked& c) {
  std::ostringstream o;
  for (const ClaimResult& r : c.results) {
    o << status_name(r.status) << "|" << r.reason << "\n";
    for (const LineResult& l : r.lines) {
      o << decision_name(l.decision) << " " << l.allowed_units.short_text() << "\n";
      std::vector<std::string> edits;
      for (const Edit& e : l.edits) {
        std::string s = std::string(rule_id(e)) + "|" + decision_name(e.decision) + "|" + std::string(e.group) + "-" +
                        std::string(e.carc) + "|";
        for (auto rc : e.rarc) s += std::string(rc) + ",";
        s += "|" + e.message + "|" + fix_text(e.fix);
        edits.push_back(s);
      }
      std::sort(edits.begin(), edits.end());
      for (const auto& s : edits) o << "  " << s << "\n";
      for (const auto& n : l.notes) o << "  note " << n << "\n";
    }
  }
  return o.str();
}

TEST(StageIsolation, ReversingOrShufflingTheRulesWithinEachStageChangesNoResult) {
  const auto corpus = order_corpus();
  std::vector<std::string> baseline;
  for (const auto& json : corpus) baseline.push_back(canonical(check_text(json)));

  // Variants of the pack with its [[rule]] tables in another order. The
  // engine runs the rules of a stage in the pack's order.
  const RuleBlocks blocks(read_file(source_path("packs/cpcp019/pack.toml")));
  ASSERT_EQ(blocks.rules.size(), 18u);
  std::vector<size_t> perm(blocks.rules.size());
  for (size_t i = 0; i < perm.size(); ++i) perm[i] = i;

  std::mt19937 rng(20240422);
  for (int round = 0; round < 25; ++round) {
    if (round == 0)
      std::reverse(perm.begin(), perm.end());
    else
      std::shuffle(perm.begin(), perm.end(), rng);
    auto packs = cpcp019_edited([&](std::string& toml) {
      RuleBlocks b(toml);
      std::vector<std::string> shuffled;
      for (size_t k : perm) shuffled.push_back(b.rules[k]);
      b.rules = shuffled;
      toml = b.join();
    });
    const Engine reordered(packs);
    std::string order;
    for (const auto& r : packs->first().rules) order += r.id + " ";
    SCOPED_TRACE("rule order: " + order);
    for (size_t i = 0; i < corpus.size(); ++i) {
      auto c = check_text(corpus[i], reordered);
      EXPECT_EQ(canonical(c), baseline[i]) << corpus[i];
    }
  }
}

}  // namespace
}  // namespace perdiem::testing
