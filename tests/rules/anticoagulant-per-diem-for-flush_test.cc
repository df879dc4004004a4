// anticoagulant-per-diem-for-flush (stage 3, deny CO-107): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(AnticoagulantPerDiemForFlush, DeniesS9372WhoseOnlyAnticoagulantIsJ1642) {
  auto c = check(claim().dx("Z45.2").line("S9372", kWeek, 7).line("J1642", kWeek, 35));
  ASSERT_TRUE(FiresOnlyOn(c, "anticoagulant-per-diem-for-flush", {1}));
  const Edit* e = c.edit(1, "anticoagulant-per-diem-for-flush");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "107", {}));
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9372", "2 J1642"}));
  // It replaces per-diem-needs-drug for that line.
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {2}));
}

TEST(AnticoagulantPerDiemForFlush, DeniesS9372WithANocHeparinLockFlush) {
  auto c = check(claim()
                     .line("S9372", kWeek, 7)
                     .line("J3490", kWeek, 7)
                     .ndc("99999999999")
                     .desc("Hep lock flush 100 u/mL")
                     .line("S5001", kWeek, 7)
                     .ndc("00641027225"));
  ASSERT_TRUE(FiresOnlyOn(c, "anticoagulant-per-diem-for-flush", {1}));
  EXPECT_TRUE(MessageNames(c.edit(1, "anticoagulant-per-diem-for-flush"), {"2 J3490", "3 S5001"}));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
}

TEST(AnticoagulantPerDiemForFlush, DeniesS9372WithFlushAndOnlyANonAnticoagulantDrug) {
  auto c = check(antibiotic_week().line("S9372", kWeek, 7).mod("SH").line("J1642", kWeek, 35));
  EXPECT_TRUE(FiresOnlyOn(c, "anticoagulant-per-diem-for-flush", {3}));
}

TEST(AnticoagulantPerDiemForFlush, DoesNotFireWhenARealAnticoagulantIsBilled) {
  auto c = check(claim().line("S9372", kWeek, 7).line("J1642", kWeek, 35).line("J1644", kWeek, 7));
  EXPECT_TRUE(DoesNotFire(c, "anticoagulant-per-diem-for-flush"));
  EXPECT_EQ(c.decision(1), Decision::kPay);
  EXPECT_TRUE(c.has_note(1, "Paired with line 3 J1644"));
}

TEST(AnticoagulantPerDiemForFlush, DoesNotFireOnContinuousAnticoagulantS9336) {
  // The "do not use for flushing" note is S9372's; S9336 with only a flush has no drug.
  auto c = check(claim().line("S9336", kWeek, 7).line("J1642", kWeek, 35));
  EXPECT_TRUE(DoesNotFire(c, "anticoagulant-per-diem-for-flush"));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(AnticoagulantPerDiemForFlush, DoesNotFireWhenTheFlushIsOnOtherDays) {
  auto c = check(claim().line("S9372", June(1, 3), 3).line("J1642", June(5), 5));
  EXPECT_TRUE(DoesNotFire(c, "anticoagulant-per-diem-for-flush"));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

}  // namespace
}  // namespace perdiem::testing
