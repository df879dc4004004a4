// per-diem-units (stage 4, reduce CO-151 / N362): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(PerDiemUnits, ReducesDosesBilledAsUnitsToDaysWithTheDrug) {
  auto c = check(claim().line("S9502", kWeek, 21).line("J0690", kWeek, 21));  // every 8 hours: still 7
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  const Edit* e = c.edit(1, "per-diem-units");
  EXPECT_TRUE(HasReason(e, Decision::kReduce, "CO", "151", {"N362"}));
  ASSERT_TRUE(HasFix(e, K::kSetUnits));
  EXPECT_EQ(e->fix.units, units(7));
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9502", "21", "7"}));
  EXPECT_EQ(c.decision(1), Decision::kReduce);
  EXPECT_EQ(c.allowed(1), units(7));
}

// SPEC §4 Days: a per diem that passes on some of its days is reduced to
// them, and its fix is split_line, which gives the days and the units.
TEST(PerDiemUnits, ReducesUnitsToDaysWithTheDrug) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J0696", June(1, 3), 3));
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  const Edit* e = c.edit(1, "per-diem-units");
  EXPECT_TRUE(HasReason(e, Decision::kReduce, "CO", "151", {"N362"}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-01..2024-06-03x3");
  EXPECT_TRUE(MessageNames(e, {"2024-06-01 to 2024-06-03"}));
  EXPECT_EQ(c.allowed(1), units(3));
}

TEST(PerDiemUnits, EveryTenDaysForThirtyDaysIsThreeUnits) {
  auto c = check(claim()
                     .line("S9500", June(1, 30), 30)
                     .line("J0696", June(1), 1)
                     .line("J0696", June(11), 1)
                     .line("J0696", June(21), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  EXPECT_EQ(c.allowed(1), units(3));
}

TEST(PerDiemUnits, ReducesTpnPerDiemToItsDaysWithoutNeedingProducts) {
  auto c = check(claim().dx("K91.2").line("S9366", kWeek, 9));
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  EXPECT_EQ(c.edit(1, "per-diem-units")->fix.units, units(7));
  EXPECT_EQ(c.allowed(1), units(7));
}

TEST(PerDiemUnits, DoesNotFireWhenUnitsEqualDrugDays) {
  auto c = check(claim().line("S9500", kWeek, 3).line("J0696", June(1, 3), 3));
  EXPECT_TRUE(AllPay(c));
}

TEST(PerDiemUnits, EveryTenDaysForThirtyDaysBilledAsThreeUnitsIsPaid) {
  auto c = check(claim()
                     .line("S9500", June(1, 30), 3)
                     .line("J0696", June(1), 1)
                     .line("J0696", June(11), 1)
                     .line("J0696", June(21), 1));
  EXPECT_TRUE(AllPay(c));
  EXPECT_TRUE(c.has_note(1, "Paired with line 2 J0696, line 3 J0696, line 4 J0696"));
}

TEST(PerDiemUnits, OnceAWeekIsOneUnitPerWeek) {
  auto c = check(claim()
                     .line("S9338", June(1, 28), 4)
                     .line("J1569", June(1), 40)
                     .line("J1569", June(8), 40)
                     .line("J1569", June(15), 40)
                     .line("J1569", June(22), 40));
  EXPECT_TRUE(AllPay(c));
}

TEST(PerDiemUnits, DoesNotFireOnTpnPerDiemWithUnitsEqualToItsDaysAndNoProductLine) {
  auto c = check(tpn_week());
  EXPECT_TRUE(AllPay(c));
}

}  // namespace
}  // namespace perdiem::testing
