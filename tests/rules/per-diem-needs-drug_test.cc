// per-diem-needs-drug (stage 3, deny CO-107): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(PerDiemNeedsDrug, DeniesPerDiemBilledWithoutAnyDrug) {
  auto c = check(claim().dx("I50.9").line("S9348", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
  const Edit* e = c.edit(1, "per-diem-needs-drug");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "107", {}));
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9348", "inotropic"}));
}

TEST(PerDiemNeedsDrug, DeniesPerDiemWhoseOnlyDrugIsOfAnotherFamily) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J1250", kWeek, 7));  // dobutamine is an inotrope
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(PerDiemNeedsDrug, DeniesPerDiemWhoseDrugIsOnOtherDays) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J0696", June(10), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(PerDiemNeedsDrug, DeniesNonDrugFamiliesBilledWithADrug) {
  // Enteral needs formula, hydration an IV solution, transfusion a blood product.
  auto c =
      check(claim().line("J0696", kWeek, 7).line("S9341", kWeek, 7).line("S9374", kWeek, 7).line("S9538", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {2, 3, 4}));
}

TEST(PerDiemNeedsDrug, DoesNotFireWhenTheDrugCoversOnlySomeOfItsDays) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J0696", June(3), 1));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));  // per-diem-units reduces it instead
  EXPECT_TRUE(Fires(c, 1, "per-diem-units"));
}

TEST(PerDiemNeedsDrug, DoesNotFireOnTpnPerDiemWithoutProductLines) {
  auto c = check(claim().dx("K91.2").line("S9366", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

TEST(PerDiemNeedsDrug, DoesNotFireWhenEachFamilyHasItsProducts) {
  auto c = check(claim()
                     .line("S9538", June(1), 1)
                     .line("P9016", June(1), 2)  // red cells
                     .line("S9374", June(2), 1)
                     .line("J7030", June(2), 1)
                     .line("S5498", June(3), 1)  // catheter care pairs with any drug
                     .line("J0696", June(3), 1)
                     .line("S9379", June(4), 1)  // NOC infusion, unknown drug
                     .line("J3490", June(4), 1)
                     .ndc("12345678901")
                     .desc("compounded product xyz"));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
}

}  // namespace
}  // namespace perdiem::testing
