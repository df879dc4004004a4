// supply-bundled (stage 1, bundle CO-97 / M15): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(SupplyBundled, BundlesListedSupplyAndEquipmentCodes) {
  auto c = check(antibiotic_week()
                     .line("J1642", kWeek, 7)
                     .line("A4216", June(1), 5)
                     .line("A4218", June(1), 5)
                     .line("A9270", June(1), 1)
                     .line("A9900", June(1), 1)
                     .line("A9999", June(1), 1)
                     .line("E0776", June(1), 1)
                     .line("E0791", June(1), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3, 4, 5, 6, 7, 8, 9, 10}));
  const Edit* e = c.edit(3, "supply-bundled");
  EXPECT_TRUE(HasReason(e, Decision::kBundle, "CO", "97", {"M15"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "J1642"}));
  EXPECT_EQ(c.decision(3), Decision::kBundle);
  EXPECT_EQ(c.allowed(3), units(0));
}

TEST(SupplyBundled, BundlesCodesInsideTheListedRanges) {
  auto c = check(antibiotic_week()
                     .line("A4206", June(1), 1)  // range start
                     .line("A4221", June(1), 1)  // supplies for maintenance of infusion catheter
                     .line("A4305", June(1), 1)  // disposable drug delivery system
                     .line("A8004", June(1), 1)  // range end
                     .line("E0779", June(1), 1)
                     .line("E0784", June(1), 1)
                     .line("E0786", June(1), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3, 4, 5, 6, 7, 8, 9}));
}

TEST(SupplyBundled, BundlesDeliveryRepairAndCompoundingTheOtherPerDiemsInclude) {
  // The per diem includes "delivery", "equipment maintenance and repair" and the
  // pharmacy's "Dispensing ... Compounding of medications" (SPEC §4, per diem
  // inclusions): billed apart they are the per diem billed twice.
  auto c = check(antibiotic_week()
                     .line("A9901", June(1), 1)   // DME delivery, set up and dispensing
                     .line("S5035", June(3), 1)   // routine service of an infusion device
                     .line("S5036", June(4), 1)   // repair of an infusion device
                     .line("S9430", kWeek, 7)     // pharmacy compounding and dispensing
                     .line("B9004", kWeek, 7));   // parenteral infusion pump
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3, 4, 5, 6, 7}));
  EXPECT_EQ(c.decision(6), Decision::kBundle);
  EXPECT_EQ(c.allowed(6), units(0));
}

TEST(SupplyBundled, BundlesTheTablesOtherRows) {
  // The rows of the policy's Supply and Equipment table not billed above.
  auto c = check(antibiotic_week()
                     .line("A4300", June(1), 1)
                     .line("A4301", June(1), 1)
                     .line("A4306", June(1), 1)
                     .line("E0780", June(1), 1)
                     .line("E0782", June(1), 1)
                     .line("E0783", June(1), 1)
                     .line("E0785", June(1), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3, 4, 5, 6, 7, 8, 9}));
}

TEST(SupplyBundled, BundlesJ7051SterileSalineAlthoughDeleted) {
  auto c = check(antibiotic_week().line("J7051", kWeek, 14));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3}));
}

TEST(SupplyBundled, BundlesJ3490SalineFlushIdentifiedByDescription) {
  // The NDC is not in ndc.csv, so the description decides.
  auto c = check(antibiotic_week().line("J3490", kWeek, 14).ndc("99999999999").desc("Sod Chl 0.9% flush 10 mL"));
  ASSERT_TRUE(FiresOnlyOn(c, "supply-bundled", {3}));
  const Edit* e = c.edit(3, "supply-bundled");
  EXPECT_TRUE(MessageNames(e, {"Line 3", "J3490", "Sod Chl 0.9% flush"}));
  EXPECT_TRUE(DoesNotFire(c, "unlisted-drug-detail"));
  EXPECT_EQ(c.decision(3), Decision::kBundle);
}

TEST(SupplyBundled, BundlesJ3490WhoseNdcIsASalineFlushInTheNdcTable) {
  // 08290-3065-53 is BD PosiFlush 0.9% NaCl; the description names no flush keyword.
  auto c = check(antibiotic_week().line("J3490", kWeek, 14).ndc("08290306553").desc("PosiFlush SF 10 mL"));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3}));
}

TEST(SupplyBundled, BundlesJ3490SterileWaterByNdc) {
  auto c = check(antibiotic_week().line("J3490", kWeek, 7).ndc("63323018510").desc("SWFI 10 mL vial"));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {3}));
}

TEST(SupplyBundled, BundlesS5001HeparinLockFlushByNdc) {
  auto c = check(antibiotic_week().line("S5001", kWeek, 7).ndc("00641027325"));
  ASSERT_TRUE(FiresOnlyOn(c, "supply-bundled", {3}));
  EXPECT_TRUE(MessageNames(c.edit(3, "supply-bundled"), {"S5001", "heparin lock flush"}));
}

TEST(SupplyBundled, BundlesSuppliesEvenOnAClaimWithoutAPerDiem) {
  // "never separately paid on a checked claim"
  auto c = check(claim().rendering(kRN).line("99601", June(1), 1).line("J1642", June(1), 5));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {2}));
}

TEST(SupplyBundled, DoesNotBundleNocLinesThatAreRealDrugs) {
  auto c = check(claim()
                     .line("S9500", kWeek, 7)
                     .line("J3490", kWeek, 7)
                     .ndc("99999999999")
                     .desc("cefazolin 2 g")
                     .line("S5001", kWeek, 7)
                     .ndc("00004196501"));  // ceftriaxone (Rocephin) in ndc.csv
  EXPECT_TRUE(AllPay(c));
}

TEST(SupplyBundled, DoesNotBundleIvSolutionsOrDrugsNextToTheSupplyRanges) {
  // J7030 is an IV solution (paid with hydration); J1644 heparin sodium is an anticoagulant, not J1642.
  auto c = check(claim()
                     .line("S9374", kWeek, 7)
                     .line("J7030", kWeek, 7)
                     .line("S9336", kWeek, 7)
                     .mod("SH")
                     .line("J1644", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

}  // namespace
}  // namespace perdiem::testing
