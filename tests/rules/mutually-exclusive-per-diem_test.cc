// mutually-exclusive-per-diem (stage 3, deny CO-236 / N20): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(MutuallyExclusivePerDiem, DeniesS9494BilledWithAnHourlyAntibioticPerDiem) {
  auto c = check(claim().line("S9494", kWeek, 7).line("S9500", kWeek, 7).line("J0696", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));  // the first code of the pair
  const Edit* e = c.edit(1, "mutually-exclusive-per-diem");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "236", {"N20"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));  // S9500 covers all of its days
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9494", "line 2", "S9500"}));
  EXPECT_EQ(c.decision(2), Decision::kPay);
}

// Issue 12 item 2: mutually exclusive per diems denied a whole line for a
// partial overlap. SPEC §4: the first code does not pass on the days it
// shares; a per diem that passes on fewer days than its units is reduced to
// them, its fix split_line.
TEST(MutuallyExclusivePerDiem, ReducesS9364ToTheDaysItDoesNotShare) {
  auto c = check(claim().line("S9364", kWeek, 7).line("S9366", June(5, 10), 6));
  ASSERT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
  const Edit* e = c.edit(1, "mutually-exclusive-per-diem");
  EXPECT_TRUE(HasReason(e, Decision::kReduce, "CO", "236", {"N20"}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-01..2024-06-04x4");
  EXPECT_TRUE(MessageNames(e, {"S9366", "2024-06-05 to 2024-06-07", "2024-06-01 to 2024-06-04"}));
  EXPECT_EQ(c.allowed(1), units(4));
}

TEST(MutuallyExclusivePerDiem, DeniesTheFirstCodeOfEveryPair) {
  struct Pair {
    const char *first, *second, *drug;
  };
  for (Pair p : {Pair{"S9329", "S9331", "J9190"}, Pair{"S9373", "S9374", "J7030"}, Pair{"S9325", "S9327", "J2270"},
                 Pair{"S9364", "S9368", "B4185"}, Pair{"S9494", "S9504", "J2185"}}) {
    SCOPED_TRACE(p.first);
    auto c = check(claim().line(p.second, June(1), 1).line(p.first, June(1), 1).line(p.drug, June(1), 1));
    EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {2}));
  }
}

TEST(MutuallyExclusivePerDiem, DoesNotFireOnDaysThatDoNotOverlap) {
  auto c = check(claim().line("S9329", June(1, 3), 3).line("S9330", June(4, 7), 4).line("J9190", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

// SPEC §4: "a billing combination, judged on what was billed": the pair is
// not billed together whatever the other line's own decision.
TEST(MutuallyExclusivePerDiem, FiresWhenTheOtherPerDiemIsDeniedForItsPlaceOfService) {
  auto c = check(claim().line("S9494", kWeek, 7).line("S9500", kWeek, 7).line_pos("11").line("J0696", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
}

// Two daily volume tiers of one family on one day (S9365-S9368,
// S9374-S9377, "per day" by their descriptors): the later line does not pass
// on the days they share.
TEST(MutuallyExclusivePerDiem, TwoDailyVolumeTiersOnOneDayLeaveTheLaterLineThoseDays) {
  auto tpn = check(claim().line("S9366", kWeek, 7).line("S9367", June(6, 7), 2));
  ASSERT_TRUE(FiresOnlyOn(tpn, "mutually-exclusive-per-diem", {2}));
  EXPECT_EQ(tpn.decision(2), Decision::kDeny);
  EXPECT_TRUE(HasFix(tpn.edit(2, "mutually-exclusive-per-diem"), K::kRemoveLine));
  auto hydration =
      check(claim().line("S9374", June(1, 4), 4).line("J7030", kWeek, 7).line("S9375", June(3, 7), 5).line("J7040", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(hydration, "mutually-exclusive-per-diem", {3}));
  EXPECT_EQ(fix_text(hydration.edit(3, "mutually-exclusive-per-diem")->fix), "split_line 2024-06-05..2024-06-07x3");
  // One tier after another, each on its own days, is how a change of volume is billed.
  EXPECT_TRUE(DoesNotFire(check(claim().line("S9366", June(1, 3), 3).line("S9367", June(4, 7), 4)),
                          "mutually-exclusive-per-diem"));
}

TEST(MutuallyExclusivePerDiem, DoesNotFireOnPerDiemsOfTheSameScaleOrOtherFamilies) {
  auto c =
      check(antibiotic_week().line("S9365", kWeek, 7).mod("SH").line("S9501", June(8), 1).line("J0696", June(8), 1));
  EXPECT_TRUE(DoesNotFire(c, "mutually-exclusive-per-diem"));
}

}  // namespace
}  // namespace perdiem::testing
