// excluded-drug-type (stage 1, deny CO-96 / N130): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(ExcludedDrugType, DeniesOralDrugByItsReference) {
  auto c = check(claim().line("S9490", kWeek, 7).line("J7510", kWeek, 7));  // prednisolone oral
  ASSERT_TRUE(Fires(c, 2, "excluded-drug-type"));
  const Edit* e = c.edit(2, "excluded-drug-type");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "96", {"N130"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
  EXPECT_TRUE(MessageNames(e, {"Line 2", "J7510", "oral"}));
}

TEST(ExcludedDrugType, DeniesOralNocCodeJ8499EvenWhenItsDescriptionSaysIv) {
  // J8499 is "prescription drug, oral": the code's own route wins.
  auto c =
      check(claim().line("S9379", kWeek, 7).line("J8499", kWeek, 7).ndc("12345678901").desc("dexamethasone 4 mg iv"));
  EXPECT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
}

TEST(ExcludedDrugType, DeniesNocDrugWhoseDescriptionSaysTablet) {
  auto c =
      check(claim().line("S9351", kWeek, 7).line("J3490", kWeek, 7).ndc("12345678901").desc("ondansetron 4 mg tablet"));
  EXPECT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
}

TEST(ExcludedDrugType, DeniesInhaledDrug) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J7682", kWeek, 7));  // tobramycin inhalation
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
  EXPECT_TRUE(MessageNames(c.edit(2, "excluded-drug-type"), {"inhaled"}));
}

TEST(ExcludedDrugType, DeniesTopicalMedication) {
  auto c = check(claim().line("S9379", kWeek, 7).line("J7336", June(1), 1));  // capsaicin patch
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
  EXPECT_TRUE(MessageNames(c.edit(2, "excluded-drug-type"), {"topical"}));
}

TEST(ExcludedDrugType, DeniesOsteoarthritisHyaluronan) {
  auto c = check(claim().line("S9379", kWeek, 7).line("J7325", June(1), 1));  // Synvisc
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
  EXPECT_TRUE(MessageNames(c.edit(2, "excluded-drug-type"), {"osteoarthritis"}));
}

TEST(ExcludedDrugType, DeniesIntraArticularTriamcinoloneForOsteoarthritis) {
  // J3304 (Zilretta) is an extended-release injection into the knee for
  // osteoarthritis pain: one of the policy's "osteoarthritis drugs".
  auto c = check(claim().line("S9379", kWeek, 7).line("J3304", June(2), 32));
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
  EXPECT_TRUE(MessageNames(c.edit(2, "excluded-drug-type"), {"osteoarthritis"}));
}

TEST(ExcludedDrugType, DeniesFoodThickenerAsOralNutrition) {
  // B4100 is "administered orally": oral nutrition, whatever modifier it has.
  auto c = check(claim().line("S9341", kWeek, 7).line("B4154", kWeek, 70).line("B4100", kWeek, 14));
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {3}));
  EXPECT_TRUE(MessageNames(c.edit(3, "excluded-drug-type"), {"B4100", "oral"}));
  EXPECT_EQ(c.decision(1), Decision::kPay);
}

TEST(ExcludedDrugType, DeniesEnteralFormulaWithModifierBoAsOralNutrition) {
  auto c = check(claim().line("S9341", kWeek, 7).line("B4150", kWeek, 70).mod("BO"));
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
  const Edit* e = c.edit(2, "excluded-drug-type");
  EXPECT_TRUE(MessageNames(e, {"Line 2", "B4150", "BO"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
}

TEST(ExcludedDrugType, DeniesTpnPerDiemOnDaysOfAHemodialysisPerDiem) {
  auto c = check(claim()
                     .line("S9335", kWeek, 7)
                     .line("J1756", kWeek, 7)  // iron sucrose: the dialysis drug
                     .line("S9365", June(5, 10), 6));
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {3}));
  const Edit* e = c.edit(3, "excluded-drug-type");
  EXPECT_TRUE(MessageNames(e, {"Line 3", "S9365", "line 1", "S9335", "2024-06-05 to 2024-06-07"}));
}

TEST(ExcludedDrugType, DeniesParenteralNutritionProductOnAPeritonealDialysisDay) {
  auto c = check(claim().line("S9339", kWeek, 7).line("J1756", kWeek, 7).line("B4185", June(3), 10));  // lipids
  ASSERT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {3}));
  EXPECT_TRUE(MessageNames(c.edit(3, "excluded-drug-type"), {"S9339"}));
}

TEST(ExcludedDrugType, DoesNotFireOnEnteralFormulaWithoutBo) {
  auto c = check(claim().line("S9341", kWeek, 7).line("B4150", kWeek, 70));
  EXPECT_TRUE(AllPay(c));
  EXPECT_TRUE(c.has_note(1, "Paired with line 2 B4150"));
}

TEST(ExcludedDrugType, DoesNotFireOnTpnOnDaysNoDialysisPerDiemCovers) {
  auto c = check(claim().line("S9335", June(1, 3), 3).line("J1756", June(1, 3), 3).line("S9365", June(4, 7), 4));
  EXPECT_TRUE(DoesNotFire(c, "excluded-drug-type"));
}

TEST(ExcludedDrugType, DoesNotFireOnInjectablesThatListAnIvRoute) {
  // Ceftriaxone IV;IM, heparin IV;SC, an unknown NOC drug: none is oral, inhaled or topical.
  auto c = check(claim()
                     .line("S9500", kWeek, 7)
                     .line("J0696", kWeek, 7)
                     .line("S9336", kWeek, 7)
                     .mod("SH")
                     .line("J1644", kWeek, 7)
                     .line("J3490", kWeek, 7)
                     .ndc("12345678901")
                     .desc("cefazolin 2 g"));
  EXPECT_TRUE(DoesNotFire(c, "excluded-drug-type"));
}

// Issue 12 item 2: a TPN line was denied whole for one home-dialysis day in
// its span. SPEC §4: intradialytic TPN day by day; the other days of a TPN
// line stay payable (a per diem paid on 6 of 7 days: reduce, split_line).
TEST(ExcludedDrugType, TpnIsDeniedOnlyOnTheDaysHomeDialysisCovers) {
  auto c = check(claim().dx("K91.2").line("S9366", kWeek, 7).line("S9339", June(3), 1).line("J0696", June(3), 1));
  ASSERT_TRUE(Fires(c, 1, "excluded-drug-type"));
  const Edit* e = c.edit(1, "excluded-drug-type");
  EXPECT_TRUE(HasReason(e, Decision::kReduce, "CO", "96", {"N130"}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-01..2024-06-02x2 2024-06-04..2024-06-07x4");
  EXPECT_TRUE(MessageNames(e, {"2024-06-03", "2024-06-01 to 2024-06-02 and 2024-06-04 to 2024-06-07"}));
  EXPECT_EQ(c.allowed(1), units(6));
  // A PN product (lipids) over the same days: denied, its other days billed apart.
  auto lipids = check(claim().dx("K91.2").line("S9366", kWeek, 7).line("B4185", kWeek, 7).line("S9339", June(3), 1).line("J0696", June(3), 1));
  ASSERT_TRUE(Fires(lipids, 2, "excluded-drug-type"));
  EXPECT_EQ(lipids.decision(2), Decision::kDeny);
  EXPECT_EQ(fix_text(lipids.edit(2, "excluded-drug-type")->fix), "split_line 2024-06-01..2024-06-02 2024-06-04..2024-06-07");
}

// Issue 12 item 9: an oral drug with no NDC was told both remove_line and
// add_ndc. SPEC §4: a fix never contradicts another edit's fix on the line.
TEST(ExcludedDrugType, AnOralDrugIsToldToGoNotToAddItsNdc) {
  auto c = check(claim().line("S9379", kWeek, 7).line("J8499", kWeek, 7).desc("prednisone 10 mg tablet"));
  ASSERT_TRUE(Fires(c, 2, "excluded-drug-type"));
  ASSERT_TRUE(Fires(c, 2, "unlisted-drug-detail"));
  EXPECT_TRUE(HasFix(c.edit(2, "excluded-drug-type"), K::kRemoveLine));
  EXPECT_TRUE(HasFix(c.edit(2, "unlisted-drug-detail"), K::kNone));
}
}  // namespace
}  // namespace perdiem::testing
