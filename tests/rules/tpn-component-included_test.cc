// tpn-component-included (stage 3, bundle CO-97 / M15): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(TpnComponentIncluded, BundlesStandardFormulaComponentsByCode) {
  auto c = check(tpn_week()
                     .line("B4164", kWeek, 7)    // dextrose 50% or less
                     .line("B4180", kWeek, 7)    // dextrose over 50%
                     .line("B4172", kWeek, 14)   // amino acid 5.5-7%
                     .line("B4189", kWeek, 7)    // compounded formula
                     .line("B4216", kWeek, 7)    // additives
                     .line("B4222", kWeek, 7)    // kit
                     .line("J3480", kWeek, 20)   // potassium chloride
                     .line("J0612", kWeek, 7));  // calcium gluconate
  ASSERT_TRUE(FiresOnlyOn(c, "tpn-component-included", {2, 3, 4, 5, 6, 7, 8, 9}));
  const Edit* e = c.edit(4, "tpn-component-included");
  EXPECT_TRUE(HasReason(e, Decision::kBundle, "CO", "97", {"M15"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
  EXPECT_TRUE(MessageNames(e, {"Line 4", "B4172", "line 1", "S9366"}));
  EXPECT_EQ(c.allowed(4), units(0));
  EXPECT_EQ(c.decision(1), Decision::kPay);
}

TEST(TpnComponentIncluded, BundlesTraceElementsAndNonSpecialtyAminoAcidsByNdcOrDescription) {
  auto c = check(tpn_week()
                     .line("J3490", kWeek, 7)
                     .ndc("00517656025")  // selenious acid (ndc.csv)
                     .desc("selenious acid 60 mcg/mL")
                     .line("J3490", kWeek, 7)
                     .ndc("99999999999")
                     .desc("zinc sulfate 1 mg/mL")  // added trace element, by description
                     .line("B4178", kWeek, 14)
                     .desc("FreAmine III 10%"));  // plain FreAmine is non-specialty
  EXPECT_TRUE(FiresOnlyOn(c, "tpn-component-included", {2, 3, 4}));
}

TEST(TpnComponentIncluded, BundlesOnlyOnDaysCoveredByTheTpnPerDiem) {
  auto c = check(tpn_week().line("B4164", June(10), 1).line("B4164", June(7, 9), 3));
  EXPECT_TRUE(FiresOnlyOn(c, "tpn-component-included", {3}));
}

TEST(TpnComponentIncluded, DoesNotBundleWhatThePolicyPaysSeparately) {
  auto c = check(tpn_week()
                     .line("B4185", kWeek, 70)  // lipids
                     .line("B4187", kWeek, 70)  // Omegaven
                     .line("B5000", kWeek, 7)   // renal
                     .line("B5100", kWeek, 7)   // hepatic
                     .line("B5200", kWeek, 7)   // high stress
                     .line("J3430", kWeek, 7)   // vitamin K
                     .line("J1808", kWeek, 7)   // folic acid
                     .line("J1815", kWeek, 7)   // insulin
                     .line("J1750", kWeek, 1)   // iron dextran
                     .line("J1308", kWeek, 7)   // famotidine
                     .line("J2354", kWeek, 7)   // octreotide
                     .line("J2405", kWeek, 7)   // ondansetron
                     .line("B4178", kWeek, 14)
                     .desc("FreAmine HBC 6.9%")
                     .line("B4178", kWeek, 14)
                     .desc("Aminosyn-RF 5.2%"));
  EXPECT_TRUE(DoesNotFire(c, "tpn-component-included"));
}

TEST(TpnComponentIncluded, DoesNotBundleWithoutATpnPerDiem) {
  auto c = check(antibiotic_week().line("J3480", kWeek, 7).line("B4164", kWeek, 7));
  EXPECT_TRUE(DoesNotFire(c, "tpn-component-included"));
}

}  // namespace
}  // namespace perdiem::testing
