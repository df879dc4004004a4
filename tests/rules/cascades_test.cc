// Cascades between stages (SPEC §4 evaluation order): a later stage sees
// only the lines earlier stages left payable, and rules of one stage all see
// the same lines.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

TEST(Cascade, OralDrugDeniedInStage1LeavesItsPerDiemWithoutAPartner) {
  auto c = check(claim().line("S9379", kWeek, 7).line("J8499", kWeek, 7).ndc("12345678901").desc("prednisone 10 mg"));
  EXPECT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {2}));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(Cascade, InjectableDeniedInStage2LeavesItsPerDiemWithoutAPartner) {
  auto c = check(claim().line("S9372", kWeek, 5).line("J1650", kWeek, 5));
  EXPECT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
  EXPECT_EQ(c.decision(1), Decision::kDeny);
}

TEST(Cascade, OralNutritionDeniedLeavesEnteralPerDiemWithoutFormula) {
  auto c = check(claim().line("S9341", kWeek, 7).line("B4150", kWeek, 70).mod("BO"));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(Cascade, BundledHeparinFlushIsNoPartnerAndTheFlushRuleReplacesNeedsDrug) {
  auto c = check(claim().line("S9372", kWeek, 7).line("J1642", kWeek, 35));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {2}));
  EXPECT_TRUE(FiresOnlyOn(c, "anticoagulant-per-diem-for-flush", {1}));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
  EXPECT_EQ(c.line(1).edits.size(), 1u);
}

TEST(Cascade, PosDeniedPerDiemDoesNotMakeAnIvSolutionIncidental) {
  auto c = check(claim().line("S9500", kWeek, 7).line_pos("11").line("J0696", kWeek, 7).line("J7050", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));
  EXPECT_TRUE(DoesNotFire(c, "iv-solution-incidental"));
  EXPECT_EQ(c.decision(3), Decision::kPay);
}

TEST(Cascade, PosDeniedPerDiemTakesNoPartInConcurrency) {
  auto c = check(with_ivig(claim().line("S9500", kWeek, 7).line_pos("11").line("J0696", kWeek, 7), kWeek, "SH"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
  EXPECT_TRUE(HasFix(c.edit(3, "concurrent-therapy-modifier"), K::kRemoveModifier, "SH"));
}

TEST(Cascade, PerDiemDeniedAsMutuallyExclusiveTakesNoPartInConcurrency) {
  auto c = check(claim().line("S9494", kWeek, 7).line("S9500", kWeek, 7).line("J0696", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
  EXPECT_TRUE(DoesNotFire(c, "concurrent-therapy-modifier"));  // the surviving S9500 needs no SH
  EXPECT_EQ(c.decision(2), Decision::kPay);
}

TEST(Cascade, DeniedPrimaryLeavesOnePrimaryAndOneSh) {
  // S9500 has no drug (denied in stage 3); S9338-SH and S9348-SJ remain: SJ
  // does not exist with two therapies and the primary role is open.
  auto c = check(with_inotrope(with_ivig(claim().line("S9500", kWeek, 7), kWeek, "SH"), kWeek, "SJ"));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {4}));
  const Edit* e = c.edit(4, "concurrent-therapy-modifier");
  EXPECT_TRUE(HasFix(e, K::kRemoveModifier, "SJ"));
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "4", {"N823"}));
  // Two therapies are payable that day: the message must not say it is the only one.
  EXPECT_THAT(e->message, ::testing::Not(HasSubstr("only therapy")));
  EXPECT_EQ(c.decision(2), Decision::kPay);
}

TEST(Cascade, DeniedPrimaryTurnsTheSjIntoTheSh) {
  auto c = check(with_inotrope(with_ivig(claim().line("S9500", kWeek, 7), kWeek), kWeek, "SJ"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {4}));
  EXPECT_TRUE(HasFix(c.edit(4, "concurrent-therapy-modifier"), K::kReplaceModifier, "SJ", "SH"));
}

TEST(Cascade, TpnPerDiemDeniedForPlaceOfServiceBundlesNoComponents) {
  auto c = check(claim()
                     .dx("K91.2")
                     .pos("11")
                     .line("S9366", kWeek, 7)
                     .line("B4164", kWeek, 7)
                     .line("B4178", kWeek, 14)
                     .desc("Clinisol 15%"));
  EXPECT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));
  EXPECT_TRUE(DoesNotFire(c, "tpn-component-included"));
  EXPECT_TRUE(DoesNotFire(c, "specialty-amino-acid-necessity"));
  EXPECT_EQ(c.decision(1), Decision::kDeny);
}

TEST(Cascade, NursingVisitDeniedInStage1DoesNotSupportAnInjectable) {
  auto c = check(claim()
                     .line("S9372", June(1), 1)
                     .line("J1650", June(1), 1)
                     .line("99601", June(1), 1)
                     .line_rendering("164W00000X"));
  EXPECT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {3}));
  EXPECT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(Cascade, NursingVisitDeniedInStage1LeavesTheAddOnWithoutItsPrimary) {
  auto c = check(
      claim().rendering("3336H0001X").line("99601", June(1), 1).line("99602", June(1), 2).line_rendering("363LF0000X"));
  EXPECT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {1}));
  EXPECT_TRUE(FiresOnlyOn(c, "nursing-add-on-needs-primary", {2}));
}

TEST(Cascade, DrugDeniedOnSomeDaysReducesThePerDiemUnits) {
  auto c = check(claim()
                     .line("S9500", kWeek, 7)
                     .line("J0696", June(1, 3), 3)
                     .line("J3490", June(4, 7), 4)
                     .desc("cefazolin 2 g"));  // no NDC: denied in stage 1
  EXPECT_TRUE(FiresOnlyOn(c, "unlisted-drug-detail", {3}));
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  EXPECT_EQ(c.allowed(1), units(3));
}

TEST(Cascade, ProfessionalVisitDeniedWhenItsDrugIsDeniedAsOral) {
  auto c = check(claim()
                     .line("S9329", June(1), 1)
                     .line("J9190", June(1), 1)
                     .line("J8520", June(2), 4)  // capecitabine oral
                     .line("G0070", June(2), 4));
  EXPECT_TRUE(FiresOnlyOn(c, "excluded-drug-type", {3}));
  EXPECT_TRUE(FiresOnlyOn(c, "visit-needs-drug", {4}));
}


// ---------------------------------------------------------------------------
// Later additions: infusion pumps, visits paid on a drug of unknown class, the
// wording of a concurrency role that does not exist.

TEST(SupplyBundled, BundlesEnteralAndParenteralInfusionPumps) {
  auto c = check(claim()
                     .line("S9366", June(1, 7), 7)
                     .line("B9004", June(1), 1)
                     .line("S9341", June(1, 7), 7).mod("SH")
                     .line("B4150", June(1, 7), 70)
                     .line("B9002", June(1), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "supply-bundled", {2, 5})) << c.dump();
}

TEST(VisitNeedsDrug, VisitPaidOnADrugOfUnknownClassSaysItCouldNotBeVerified) {
  auto c = check(claim().line("S9379", June(2), 1).line("J2796", June(2), 1).line("G0068", June(2), 4));
  EXPECT_TRUE(DoesNotFire(c, "visit-needs-drug")) << c.dump();
  EXPECT_TRUE(c.has_note(3, "could not be verified")) << c.dump();
}

TEST(ConcurrentTherapyModifier, SjWithTwoTherapiesSaysTheRoleDoesNotExist) {
  auto c = check(claim()
                     .line("S9500", June(1), 1)
                     .line("J0696", June(1), 1)
                     .line("S9348", June(1), 1).mod("SJ")
                     .line("J1250", June(1), 1));
  const Edit* e = c.edit(3, "concurrent-therapy-modifier");
  ASSERT_NE(e, nullptr) << c.dump();
  EXPECT_TRUE(MessageNames(e, {"does not exist with 2 therapies", "SH instead of SJ"})) << e->message;
}

}  // namespace
}  // namespace perdiem::testing
