// concurrent-therapy-modifier (stage 4, deny CO-4 / N822 missing, N823 wrong): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(ConcurrentTherapyModifier, SecondTherapyWithoutModifierIsDeniedWithFixAddSh) {
  auto c = check(with_ivig(antibiotic_week(), June(3)));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
  const Edit* e = c.edit(3, "concurrent-therapy-modifier");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "4", {"N822"}));
  EXPECT_TRUE(HasFix(e, K::kAddModifier, "SH"));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "S9338", "2024-06-03", "SH"}));
}

TEST(ConcurrentTherapyModifier, ThreeTherapiesWithoutModifiersNeedShAndSj) {
  auto c = check(with_inotrope(with_ivig(antibiotic_week(), kWeek), kWeek));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3, 5}));
  EXPECT_TRUE(HasFix(c.edit(3, "concurrent-therapy-modifier"), K::kAddModifier, "SH"));
  EXPECT_TRUE(HasFix(c.edit(5, "concurrent-therapy-modifier"), K::kAddModifier, "SJ"));
  EXPECT_TRUE(HasReason(c.edit(5, "concurrent-therapy-modifier"), Decision::kDeny, "CO", "4", {"N822"}));
}

TEST(ConcurrentTherapyModifier, SjWithOnlyTwoTherapiesIsReplacedBySh) {
  auto c = check(with_ivig(antibiotic_week(), June(3), "SJ"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
  const Edit* e = c.edit(3, "concurrent-therapy-modifier");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "4", {"N823"}));
  EXPECT_TRUE(HasFix(e, K::kReplaceModifier, "SJ", "SH"));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "S9338-SJ", "SH"}));
}

TEST(ConcurrentTherapyModifier, ShOnATherapyWithNoOtherIsDeniedWithFixRemoveModifier) {
  auto c = check(claim().line("S9500", kWeek, 7).mod("SH").line("J0696", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {1}));
  const Edit* e = c.edit(1, "concurrent-therapy-modifier");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "4", {"N823"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveModifier, "SH"));
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9500-SH", "SH"}));
}

// Issue 12 item 3: an SH line concurrent on only some of its days was denied
// "remove SH", and resubmitted without it, "add SH": a loop of fixes. SPEC §4:
// a line right on some days only gets split_line, each piece with the
// modifier right for its days, and no fix undoes another.
TEST(ConcurrentTherapyModifier, ShLineOutlastingTheOtherTherapyIsSplitNotToldToDropSh) {
  // The SH line is concurrent on days 1-3 only; on days 4-7 it is the only therapy.
  auto c = check(with_ivig(claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3), kWeek, "SH"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
  const Edit* e = c.edit(3, "concurrent-therapy-modifier");
  EXPECT_TRUE(HasReason(e, Decision::kReduce, "CO", "4", {"N823"}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-01..2024-06-03-SHx3 2024-06-04..2024-06-07x4");
  EXPECT_TRUE(MessageNames(e, {"Line 3", "S9338-SH", "2024-06-01 to 2024-06-03", "2024-06-04 to 2024-06-07"}));
  EXPECT_EQ(c.allowed(3), units(3));
  // Each piece, billed as the fix says, is right: nothing fires.
  auto fixed = check(claim()
                         .line("S9500", June(1, 3), 3)
                         .line("J0696", June(1, 3), 3)
                         .line("S9338", June(1, 3), 3)
                         .mod("SH")
                         .line("J1569", June(1, 3), 40)
                         .line("S9338", June(4, 7), 4)
                         .line("J1569", June(4, 7), 40));
  EXPECT_TRUE(AllPay(fixed));
}

TEST(ConcurrentTherapyModifier, TwoShOnTheSameDayLeaveThePrimaryOpen) {
  auto c = check(with_ivig(claim().line("S9500", June(1), 1).mod("SH").line("J0696", June(1), 1), June(1), "SH"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
  EXPECT_TRUE(HasFix(c.edit(3, "concurrent-therapy-modifier"), K::kRemoveModifier, "SH"));
}

TEST(ConcurrentTherapyModifier, PrimaryShAndSjBilledCorrectlyAreNotEdited) {
  auto c = check(with_inotrope(with_ivig(antibiotic_week(), kWeek, "SH"), kWeek, "SJ"));
  EXPECT_TRUE(AllPay(c));
}

TEST(ConcurrentTherapyModifier, RolesFollowModifiersNotLinePositions) {
  auto c = check(
      with_inotrope(with_ivig(claim().line("S9500", kWeek, 7).mod("SJ").line("J0696", kWeek, 7), kWeek, "SH"), kWeek));
  EXPECT_TRUE(AllPay(c));
}

TEST(ConcurrentTherapyModifier, TpnCountsAsATherapy) {
  auto c = check(antibiotic_week().line("S9365", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
}

TEST(ConcurrentTherapyModifier, IncidentalAndCatheterCarePerDiemsDoNotCount) {
  auto c = check(antibiotic_week().line("S5498", kWeek, 7).line("S9537", June(2), 1).line("J0885", June(2), 1));
  EXPECT_TRUE(DoesNotFire(c, "concurrent-therapy-modifier"));
}

TEST(ConcurrentTherapyModifier, VenipunctureS9529InThePerDiemRangeIsNotATherapy) {
  auto c = check(antibiotic_week().line("S9529", June(2), 1));
  EXPECT_TRUE(AllPay(c));  // no SH/SJ role, and no drug needed
}

TEST(ConcurrentTherapyModifier, TherapiesOnDifferentDaysAreNotConcurrent) {
  auto c = check(with_ivig(claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3), June(4, 7)));
  EXPECT_TRUE(AllPay(c));
}

}  // namespace
}  // namespace perdiem::testing
