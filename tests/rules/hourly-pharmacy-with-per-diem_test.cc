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

// Issue 12 item 7: S9810 was paid beside a per diem denied for its place of
// service, but denied beside one denied in stage 3. "do not use this code
// with any per diem code" is about what is billed: SPEC §4 judges it in
// stage 1 on every per diem line billed, whatever its own decision.
TEST(HourlyPharmacyWithPerDiem, CountsAPerDiemBilledWhateverItsOwnDecision) {
  auto denied_pos = check(claim().line("S9500", kWeek, 7).line_pos("11").line("J0696", kWeek, 7).line("S9810", June(2), 2));
  EXPECT_TRUE(FiresOnlyOn(denied_pos, "hourly-pharmacy-with-per-diem", {3}));
  auto no_drug = check(claim().line("S9500", kWeek, 7).line("S9810", June(2), 2));
  EXPECT_TRUE(FiresOnlyOn(no_drug, "hourly-pharmacy-with-per-diem", {2}));
  auto incidental = check(claim().line("S9537", kWeek, 7).line("J0885", kWeek, 7).line("S9810", June(2), 2));
  EXPECT_TRUE(FiresOnlyOn(incidental, "hourly-pharmacy-with-per-diem", {3}));
}

// Day by day: an S9810 line over days some of which no per diem covers
// keeps those days.
TEST(HourlyPharmacyWithPerDiem, PaysTheDaysNoPerDiemCovers) {
  auto c = check(claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3).line("S9810", June(3, 5), 6));
  ASSERT_TRUE(FiresOnlyOn(c, "hourly-pharmacy-with-per-diem", {3}));
  const Edit* e = c.edit(3, "hourly-pharmacy-with-per-diem");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "236", {"N20"}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-04..2024-06-05");
  EXPECT_TRUE(MessageNames(e, {"2024-06-03", "2024-06-04 to 2024-06-05"}));
}

}  // namespace
}  // namespace perdiem::testing
