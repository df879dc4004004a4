// iv-solution-incidental (stage 3, bundle CO-97 / M15): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(IvSolutionIncidental, BundlesIvSolutionWithAnAntibioticPerDiem) {
  auto c = check(antibiotic_week().line("J7050", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3}));
  const Edit* e = c.edit(3, "iv-solution-incidental");
  EXPECT_TRUE(HasReason(e, Decision::kBundle, "CO", "97", {"M15"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "J7050", "line 1", "S9500"}));
}

TEST(IvSolutionIncidental, BundlesEveryCodeOfTheRangeWithAnyNonHydrationPerDiem) {
  auto c = check(claim()
                     .line("S9338", kWeek, 7)
                     .line("J1569", kWeek, 7)
                     .line("J7030", kWeek, 7)
                     .line("J7040", kWeek, 7)
                     .line("J7042", kWeek, 7)
                     .line("J7060", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3, 4, 5, 6}));
}

TEST(IvSolutionIncidental, BundlesALargeSalineBagBilledAsJ3490ByNdc) {
  // 0338-0049-04 is 0.9% NaCl 1000 mL: an IV solution, not a flush.
  auto c = check(antibiotic_week().line("J3490", kWeek, 7).ndc("00338004904").desc("NS 1000 mL"));
  EXPECT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3}));
}

TEST(IvSolutionIncidental, PaysIvSolutionWithAHydrationPerDiem) {
  auto c = check(claim().line("S9375", kWeek, 7).line("J7030", kWeek, 14).line("J7050", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
  // One per diem is matched to one product a day (SPEC §4): the first.
  EXPECT_TRUE(c.has_note(1, "Paired with line 2 J7030 (Hydration)"));
}

TEST(IvSolutionIncidental, PaysIvSolutionWhenAHydrationPerDiemIsAmongThePerDiems) {
  auto c = check(antibiotic_week().line("S9375", kWeek, 7).mod("SH").line("J7050", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

TEST(IvSolutionIncidental, PaysIvSolutionWithNoPerDiemAtAll) {
  auto c = check(claim().rendering(kRN).line("99601", June(1), 1).line("J7050", June(1), 1));
  EXPECT_TRUE(AllPay(c));
}

TEST(IvSolutionIncidental, PaysIvSolutionOnDaysNoPerDiemCovers) {
  auto c = check(antibiotic_week().line("J7050", June(8, 9), 2));
  EXPECT_TRUE(AllPay(c));
}

// Issue 12 item 8: J7070 (D5W) and J7120 (Ringer's lactate) used with an
// antibiotic per diem were paid. SPEC §4: the crystalloids used the same way
// as J7030-J7060 are IV solutions (pack data), incidental to the infusion.
TEST(IvSolutionIncidental, BundlesTheCrystalloidsUsedToAdministerTheDrug) {
  for (const char* code : {"J7070", "J7120", "J7121"}) {
    SCOPED_TRACE(code);
    EXPECT_TRUE(FiresOnlyOn(check(antibiotic_week().line(code, kWeek, 7)), "iv-solution-incidental", {3}));
  }
}

// Day by day: a bag over days some of which have no per diem.
TEST(IvSolutionIncidental, IsBundledOnlyOnThePerDiemsDays) {
  auto c = check(claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3).line("J7050", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3}));
  EXPECT_EQ(fix_text(c.edit(3, "iv-solution-incidental")->fix), "split_line 2024-06-04..2024-06-07");
}
}  // namespace
}  // namespace perdiem::testing
