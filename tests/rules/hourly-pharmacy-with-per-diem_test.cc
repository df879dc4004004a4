// hourly-pharmacy-with-per-diem (stage 3, deny CO-236 / N20): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(HourlyPharmacyWithPerDiem, DeniesS9810OnADayAPerDiemCovers) {
  auto c = check(antibiotic_week().line("S9810", June(2), 2));
  ASSERT_TRUE(FiresOnlyOn(c, "hourly-pharmacy-with-per-diem", {3}));
  const Edit* e = c.edit(3, "hourly-pharmacy-with-per-diem");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "236", {"N20"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "S9810", "line 1", "S9500", "2024-06-02"}));
}

TEST(HourlyPharmacyWithPerDiem, DeniesS9810WithATpnPerDiem) {
  auto c = check(claim().line("S9810", June(1, 2), 4).line("S9365", June(2, 7), 6));
  ASSERT_TRUE(FiresOnlyOn(c, "hourly-pharmacy-with-per-diem", {1}));
  EXPECT_TRUE(MessageNames(c.edit(1, "hourly-pharmacy-with-per-diem"), {"S9365"}));
}

TEST(HourlyPharmacyWithPerDiem, DoesNotFireOnADayNoPerDiemCovers) {
  auto c = check(antibiotic_week().line("S9810", June(8), 2));
  EXPECT_TRUE(AllPay(c));
}

TEST(HourlyPharmacyWithPerDiem, DoesNotCountAPerDiemDeniedInStage1) {
  // Stage 3 sees only lines stages 1-2 left payable.
  auto c = check(claim().line("S9500", kWeek, 7).line_pos("11").line("J0696", kWeek, 7).line("S9810", June(2), 2));
  EXPECT_TRUE(DoesNotFire(c, "hourly-pharmacy-with-per-diem"));
}

}  // namespace
}  // namespace perdiem::testing
