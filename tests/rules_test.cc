// The 18 rules of CPCP019 (SPEC §4, rule catalogue): for each, the claims
// that must fire it (every trigger it has) and the near misses that must not,
// with the reason codes, fixes and messages of the catalogue; then the
// cascades between stages. Claims are JSON in the form of SPEC §2, read by
// the JSON reader and checked by the engine with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

using ::testing::HasSubstr;
using K = Fix::Kind;

const Days kWeek = June(1, 7);
constexpr const char* kRN = "163W00000X";  // registered nurse

// An anti-infective therapy for the week: S9500 (once every 24 hours) and
// ceftriaxone J0696, billed correctly.
ClaimJson antibiotic_week() { return claim().line("S9500", kWeek, 7).line("J0696", kWeek, 7); }

// ===========================================================================
// Stage 1: place-of-service-home (deny CO-5 / M77)

TEST(PlaceOfServiceHome, DeniesPerDiemWhenClaimPlaceOfServiceIsOffice) {
  auto c = check(antibiotic_week().pos("11"));
  ASSERT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));  // the drug is not a home infusion service
  const Edit* e = c.edit(1, "place-of-service-home");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "5", {"M77"}));
  EXPECT_TRUE(HasFix(e, K::kSetPlaceOfService, "12"));
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9500", "11"}));
  EXPECT_EQ(c.decision(1), Decision::kDeny);
  EXPECT_EQ(c.decision(2), Decision::kPay);
}

TEST(PlaceOfServiceHome, LinePlaceOfServiceOverridesHomeClaimPlaceOfService) {
  auto c = check(claim().line("S9500", kWeek, 7).line_pos("19").line("J0696", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));
  EXPECT_TRUE(MessageNames(c.edit(1, "place-of-service-home"), {"19"}));
}

TEST(PlaceOfServiceHome, DeniesNursingVisitHourlyPharmacyAndProfessionalVisitOutsideHome) {
  auto c = check(claim()
                     .pos("11")
                     .rendering(kRN)
                     .line("99601", June(1), 1)
                     .line("S9810", June(2), 2)
                     .line("G0068", June(3), 4)
                     .line("J0696", June(3), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1, 2, 3}));
}

TEST(PlaceOfServiceHome, NoPlaceOfServiceAnywhereIsDeniedWithFixHome) {
  auto c = check(antibiotic_week().no_pos());
  ASSERT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));
  EXPECT_TRUE(HasFix(c.edit(1, "place-of-service-home"), K::kSetPlaceOfService, "12"));
  EXPECT_TRUE(MessageNames(c.edit(1, "place-of-service-home"), {"Line 1", "S9500"}));
}

TEST(PlaceOfServiceHome, DoesNotFireWhenLinePos12OverridesClaimPos11) {
  auto c = check(claim().pos("11").line("S9500", kWeek, 7).line_pos("12").line("J0696", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

TEST(PlaceOfServiceHome, DoesNotHoldDrugsSuppliesOrOfficeChemotherapyG0498ToHome) {
  // G0498 is an office service (SPEC §4 Scope): not held to the home POS.
  auto c = check(claim()
                     .line("S9329", June(1), 1)
                     .line("J9190", June(1), 1)
                     .line_pos("11")
                     .line("G0498", June(1), 1)
                     .line_pos("11"));
  EXPECT_TRUE(AllPay(c));
}

// ===========================================================================
// Stage 1: excluded-drug-type (deny CO-96 / N130)

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

// ===========================================================================
// Stage 1: supply-bundled (bundle CO-97 / M15)

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

// ===========================================================================
// Stage 1: incidental-per-diem (bundle CO-97 / N19)

TEST(IncidentalPerDiem, BundlesEachOfTheSixIncidentalPerDiems) {
  for (const char* code : {"S9537", "S9542", "S9558", "S9559", "S9560", "S9562"}) {
    SCOPED_TRACE(code);
    auto c = check(claim().line(code, June(1), 1).line("J0885", June(1), 10));
    ASSERT_TRUE(FiresOnlyOn(c, "incidental-per-diem", {1}));
    const Edit* e = c.edit(1, "incidental-per-diem");
    EXPECT_TRUE(HasReason(e, Decision::kBundle, "CO", "97", {"N19"}));
    EXPECT_TRUE(MessageNames(e, {"Line 1", code}));
    EXPECT_EQ(c.decision(1), Decision::kBundle);
  }
}

TEST(IncidentalPerDiem, LeavesTheDrugPayable) {
  auto c = check(claim().line("S9537", June(1), 1).line("J0885", June(1), 10));  // epoetin SC;IV
  EXPECT_EQ(c.decision(2), Decision::kPay);
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
}

TEST(IncidentalPerDiem, DoesNotFireOnNeighbouringTherapyPerDiems) {
  auto c = check(claim()
                     .line("S9538", June(1), 1)  // transfusion, next to S9537
                     .line("P9016", June(1), 2)
                     .line("S9500", June(1), 1)
                     .mod("SH")
                     .line("J0696", June(1), 1));
  EXPECT_TRUE(AllPay(c));
}

// ===========================================================================
// Stage 1: unlisted-drug-detail (deny CO-16 / M119)

TEST(UnlistedDrugDetail, DeniesJ3490WithoutNdcAndAsksForIt) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J3490", kWeek, 7).desc("cefazolin 2 g"));
  ASSERT_TRUE(FiresOnlyOn(c, "unlisted-drug-detail", {2}));
  const Edit* e = c.edit(2, "unlisted-drug-detail");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "16", {"M119"}));
  EXPECT_TRUE(HasFix(e, K::kAddNdc));
  EXPECT_TRUE(MessageNames(e, {"Line 2", "J3490", "NDC"}));
}

TEST(UnlistedDrugDetail, DeniesNocCodeWithNdcButNoDescription) {
  auto c = check(claim().line("S9329", June(1), 1).line("J9999", June(1), 1).ndc("12345678901"));
  ASSERT_TRUE(FiresOnlyOn(c, "unlisted-drug-detail", {2}));
  const Edit* e = c.edit(2, "unlisted-drug-detail");
  EXPECT_TRUE(MessageNames(e, {"description"}));
  EXPECT_TRUE(HasFix(e, K::kNone));  // nothing mechanical: the biller must describe the drug
}

TEST(UnlistedDrugDetail, DeniesNocCodeWithNeither) {
  auto c = check(claim().line("S9379", June(1), 1).line("J7799", June(1), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "unlisted-drug-detail", {2}));
  EXPECT_TRUE(MessageNames(c.edit(2, "unlisted-drug-detail"), {"NDC", "description"}));
}

TEST(UnlistedDrugDetail, DeniesPrescriptionDrugS5000WithoutNdc) {
  auto c = check(claim().line("S9500", June(1), 1).line("S5000", June(1), 1).desc("ceftriaxone 1 g"));
  ASSERT_TRUE(FiresOnlyOn(c, "unlisted-drug-detail", {2}));
  EXPECT_TRUE(HasFix(c.edit(2, "unlisted-drug-detail"), K::kAddNdc));
}

TEST(UnlistedDrugDetail, DoesNotFireWhenNocHasNdcAndDescriptionOrS5001HasNdc) {
  auto c = check(claim()
                     .line("S9500", June(1), 1)
                     .line("J3490", June(1), 1)
                     .ndc("12345678901")
                     .desc("cefazolin 2 g")
                     .line("S5001", June(1), 1)
                     .ndc("00004196501"));  // S5000/S5001 need only the NDC
  EXPECT_TRUE(DoesNotFire(c, "unlisted-drug-detail"));
}

TEST(UnlistedDrugDetail, DoesNotFireOnSpecificDrugCodesWithoutNdc) {
  auto c = check(antibiotic_week());
  EXPECT_TRUE(DoesNotFire(c, "unlisted-drug-detail"));
}

// ===========================================================================
// Stage 1: nursing-visit-professional (deny CO-185 / N95)

TEST(NursingVisitProfessional, DeniesVisitByLicensedPracticalNurse) {
  auto c = check(antibiotic_week().rendering("164W00000X").line("99601", June(1), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {3}));
  const Edit* e = c.edit(3, "nursing-visit-professional");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "185", {"N95"}));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "99601", "164W00000X"}));
}

TEST(NursingVisitProfessional, LineRenderingProviderOverridesAQualifiedClaimRenderingProvider) {
  auto c = check(claim()
                     .rendering(kRN)
                     .line("99601", June(1), 1)
                     .line("99602", June(1), 1)
                     .line_rendering("1835P1200X"));  // pharmacist
  EXPECT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {2}));
}

TEST(NursingVisitProfessional, FallsBackToTheBillingProviderTaxonomy) {
  auto c = check(claim().billing("3336H0001X").line("99601", June(1), 1));  // home infusion pharmacy
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {1}));
  EXPECT_TRUE(MessageNames(c.edit(1, "nursing-visit-professional"), {"billing", "3336H0001X"}));
}

TEST(NursingVisitProfessional, DeniesWhenNoTaxonomyIsGivenAtAll) {
  auto c = check(claim().line("99601", June(1), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {1}));
  EXPECT_TRUE(MessageNames(c.edit(1, "nursing-visit-professional"), {"Line 1", "99601"}));
}

TEST(NursingVisitProfessional, AcceptsEveryQualifiedProfessional) {
  for (const char* tax :
       {"163W00000X", "163WI0600X", "363LF0000X", "364SA2100X", "363A00000X", "207R00000X", "208D00000X"}) {
    SCOPED_TRACE(tax);
    EXPECT_TRUE(DoesNotFire(check(claim().rendering(tax).line("99601", June(1), 1).line("99602", June(1), 1)),
                            "nursing-visit-professional"));
  }
}

TEST(NursingVisitProfessional, QualifiedLineProviderOverridesAnUnqualifiedClaimProvider) {
  auto c = check(
      claim().billing("3336H0001X").rendering("164W00000X").line("99601", June(1), 1).line_rendering("363LF0000X"));
  EXPECT_TRUE(AllPay(c));
}

// ===========================================================================
// Stage 2: injectable-needs-iv-or-nurse (deny CO-96 / N130)

TEST(InjectableNeedsIvOrNurse, DeniesSubcutaneousDrugWithNoIvTherapyOrNurse) {
  auto c = check(claim().line("S9372", kWeek, 7).line("J1650", kWeek, 7));  // enoxaparin SC
  ASSERT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
  const Edit* e = c.edit(2, "injectable-needs-iv-or-nurse");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "96", {"N130"}));
  EXPECT_TRUE(MessageNames(e, {"Line 2", "J1650", "subcutaneous"}));
}

TEST(InjectableNeedsIvOrNurse, DeniesIntramuscularOnlyDrug) {
  auto c = check(claim().line("S9560", June(1), 1).line("J1950", June(1), 1));  // leuprolide depot IM
  ASSERT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
  EXPECT_TRUE(MessageNames(c.edit(2, "injectable-needs-iv-or-nurse"), {"intramuscular"}));
}

TEST(InjectableNeedsIvOrNurse, DeniesNocDrugDescribedAsSubcutaneous) {
  auto c = check(
      claim().line("S9372", kWeek, 7).line("J3490", kWeek, 7).ndc("12345678901").desc("enoxaparin 40 mg subq syringe"));
  EXPECT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
}

TEST(InjectableNeedsIvOrNurse, DeniesWhenTheIvDrugIsOnOtherDays) {
  auto c = check(claim()
                     .line("S9500", June(1, 3), 3)
                     .line("J0696", June(1, 3), 3)
                     .line("S9558", June(5), 1)
                     .line("J2941", June(5), 1));  // somatropin SC on a day with no IV therapy
  EXPECT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {4}));
}

TEST(InjectableNeedsIvOrNurse, AnIvSolutionAloneIsNotAnApprovedIvTherapy) {
  auto c = check(claim().line("S9372", June(1), 1).line("J1650", June(1), 1).line("J7050", June(1), 1));
  EXPECT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
}

TEST(InjectableNeedsIvOrNurse, DoesNotFireWithA99601OnTheSameDay) {
  auto c =
      check(claim().line("S9372", June(1), 1).line("J1650", June(1), 1).line("99601", June(1), 1).line_rendering(kRN));
  EXPECT_TRUE(AllPay(c));
}

TEST(InjectableNeedsIvOrNurse, DoesNotFireWithAProfessionalVisitOnTheSameDay) {
  auto c = check(claim().line("S9338", June(1), 1).line("J1559", June(1), 50).line("G0089", June(1), 4));  // SCIG
  EXPECT_TRUE(AllPay(c));
}

TEST(InjectableNeedsIvOrNurse, DoesNotFireWithAnIvDrugOnTheSameDay) {
  auto c = check(antibiotic_week().line("S9372", June(3), 1).mod("SH").line("J1650", June(3), 1));
  EXPECT_TRUE(AllPay(c));
}

TEST(InjectableNeedsIvOrNurse, DoesNotFireWhenAnRegisteredNurseRendersTheDrug) {
  auto line_rn = check(claim().line("S9372", June(1), 1).line("J1650", June(1), 1).line_rendering("163WC0200X"));
  EXPECT_TRUE(AllPay(line_rn));
  auto claim_rn = check(claim().rendering(kRN).line("S9372", June(1), 1).line("J1650", June(1), 1));
  EXPECT_TRUE(AllPay(claim_rn));
}

TEST(InjectableNeedsIvOrNurse, AKnownNdcDecidesTheRouteBeforeTheDescription) {
  // 0004-1965-01 is ceftriaxone (IV;IM) in ndc.csv: not an SC/IM-only drug,
  // whatever the description says.
  auto c = check(claim()
                     .line("S9500", June(1), 1)
                     .line("J3490", June(1), 1)
                     .ndc("00004196501")
                     .desc("ceftriaxone 1 g IM injection"));
  EXPECT_TRUE(AllPay(c));
}

TEST(InjectableNeedsIvOrNurse, ExemptsHemophiliaProducts) {
  // Emicizumab J7170 and marstacimab J7172 are subcutaneous; J7186 is IV (so
  // out of the rule twice over).
  auto c = check(claim()
                     .line("S9345", June(1), 1)
                     .line("J7170", June(1), 105)
                     .line("J7172", June(1), 150)
                     .line("J7186", June(1), 1000));
  EXPECT_TRUE(AllPay(c));
}

TEST(InjectableNeedsIvOrNurse, DoesNotFireOnDrugsThatListAnIvRoute) {
  auto c = check(claim().line("S9336", June(1), 1).line("J1644", June(1), 5));  // heparin sodium IV;SC
  EXPECT_TRUE(AllPay(c));
}

// ===========================================================================
// Stage 3: mutually-exclusive-per-diem (deny CO-236 / N20)

TEST(MutuallyExclusivePerDiem, DeniesS9494BilledWithAnHourlyAntibioticPerDiem) {
  auto c = check(claim().line("S9494", kWeek, 7).line("S9500", kWeek, 7).line("J0696", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));  // the first code of the pair
  const Edit* e = c.edit(1, "mutually-exclusive-per-diem");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "236", {"N20"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));  // S9500 covers all of its days
  EXPECT_TRUE(MessageNames(e, {"Line 1", "S9494", "line 2", "S9500"}));
  EXPECT_EQ(c.decision(2), Decision::kPay);
}

TEST(MutuallyExclusivePerDiem, DeniesS9364OnPartialOverlapWithoutARemoveLineFix) {
  auto c = check(claim().line("S9364", kWeek, 7).line("S9366", June(5, 10), 6));
  ASSERT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {1}));
  const Edit* e = c.edit(1, "mutually-exclusive-per-diem");
  EXPECT_TRUE(HasFix(e, K::kNone));  // days 1-4 are not overlapped: removing the line is not the fix
  EXPECT_TRUE(MessageNames(e, {"S9366", "2024-06-05 to 2024-06-07"}));
}

TEST(MutuallyExclusivePerDiem, DeniesTheFirstCodeOfEveryPair) {
  struct Pair {
    const char *first, *second, *drug;
  };
  for (Pair p : {Pair{"S9329", "S9331", "J9190"}, Pair{"S9373", "S9374", "J7030"}, Pair{"S9325", "S9327", "J2270"},
                 Pair{"S9364", "S9368", "B4185"}, Pair{"S9494", "S9504", "J2185"}}) {
    SCOPED_TRACE(p.first);
    auto c = check(claim().line(p.second, June(1), 1).line(p.first, June(1), 1).line(p.drug, June(1), 1));
    EXPECT_TRUE(FiresOnlyOn(c, "mutually-exclusive-per-diem", {2}));
  }
}

TEST(MutuallyExclusivePerDiem, DoesNotFireOnDaysThatDoNotOverlap) {
  auto c = check(claim().line("S9329", June(1, 3), 3).line("S9330", June(4, 7), 4).line("J9190", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

TEST(MutuallyExclusivePerDiem, DoesNotFireWhenTheOtherPerDiemWasDeniedInStage1) {
  auto c = check(claim().line("S9494", kWeek, 7).line("S9500", kWeek, 7).line_pos("11").line("J0696", kWeek, 7));
  EXPECT_TRUE(DoesNotFire(c, "mutually-exclusive-per-diem"));
  EXPECT_EQ(c.decision(1), Decision::kPay);
}

TEST(MutuallyExclusivePerDiem, DoesNotFireOnPerDiemsOfTheSameScaleOrOtherFamilies) {
  auto c =
      check(antibiotic_week().line("S9365", kWeek, 7).mod("SH").line("S9501", June(8), 1).line("J0696", June(8), 1));
  EXPECT_TRUE(DoesNotFire(c, "mutually-exclusive-per-diem"));
}

// ===========================================================================
// Stage 3: hourly-pharmacy-with-per-diem (deny CO-236 / N20)

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

// ===========================================================================
// Stage 3: per-diem-needs-drug (deny CO-107)

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

// ===========================================================================
// Stage 3: anticoagulant-per-diem-for-flush (deny CO-107)

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

// ===========================================================================
// Stage 3: visit-needs-drug (deny CO-107)

TEST(VisitNeedsDrug, DeniesChemotherapyVisitWithoutChemotherapy) {
  auto c =
      check(claim().dx("C18.9").line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3).line("G0070", June(2), 4));
  ASSERT_TRUE(FiresOnlyOn(c, "visit-needs-drug", {3}));
  const Edit* e = c.edit(3, "visit-needs-drug");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "107", {}));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "G0070", "chemotherapy", "2024-06-02"}));
}

TEST(VisitNeedsDrug, DeniesSubcutaneousAndOtherIvVisitsWithOnlyChemotherapy) {
  auto c = check(claim()
                     .line("S9329", June(1), 1)
                     .line("J9190", June(1), 1)
                     .line("G0090", June(1), 4)
                     .line("G0069", June(1), 4)
                     .line("G0068", June(1), 4)
                     .line("G0088", June(1), 4));
  EXPECT_TRUE(FiresOnlyOn(c, "visit-needs-drug", {4, 5, 6}));
  EXPECT_TRUE(MessageNames(c.edit(4, "visit-needs-drug"), {"subcutaneous"}));
}

TEST(VisitNeedsDrug, DeniesVisitOnADayWithNoDrug) {
  auto c = check(claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3).line("G0068", June(5), 4));
  EXPECT_TRUE(FiresOnlyOn(c, "visit-needs-drug", {3}));
}

TEST(VisitNeedsDrug, AnIvSolutionIsNotAnInfusionDrug) {
  auto c = check(claim().line("S9374", June(1), 1).line("J7030", June(1), 1).line("G0068", June(1), 4));
  EXPECT_TRUE(FiresOnlyOn(c, "visit-needs-drug", {3}));
}

TEST(VisitNeedsDrug, DoesNotFireWhenTheDayHasADrugOfItsCategory) {
  auto c = check(claim()
                     .line("S9329", June(1), 1)
                     .line("J9190", June(1), 1)
                     .line("G0090", June(1), 4)
                     .line("S9338", June(2), 1)
                     .line("J1559", June(2), 50)  // SCIG
                     .line("G0089", June(2), 4)
                     .line("S9500", June(3), 1)
                     .line("J0696", June(3), 1)
                     .line("G0068", June(3), 4));
  EXPECT_TRUE(AllPay(c));
}

TEST(VisitNeedsDrug, DoesNotFireWithADrugOfUnknownClass) {
  auto c = check(claim()
                     .line("S9379", June(1), 1)
                     .line("J3490", June(1), 1)
                     .ndc("12345678901")
                     .desc("compounded product xyz")
                     .line("G0068", June(1), 4));
  EXPECT_TRUE(DoesNotFire(c, "visit-needs-drug"));
}

// ===========================================================================
// Stage 3: nursing-add-on-needs-primary (deny CO-B15 / N122)

TEST(NursingAddOnNeedsPrimary, Denies99602WithoutA99601) {
  auto c = check(antibiotic_week().rendering(kRN).line("99602", June(1), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-add-on-needs-primary", {3}));
  const Edit* e = c.edit(3, "nursing-add-on-needs-primary");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "B15", {"N122"}));
  ASSERT_TRUE(HasFix(e, K::kAddLine, "99601"));
  EXPECT_EQ(e->fix.dates.from.iso(), "2024-06-01");
  EXPECT_EQ(e->fix.dates.to.iso(), "2024-06-01");
  EXPECT_TRUE(MessageNames(e, {"Line 3", "99602", "99601"}));
}

TEST(NursingAddOnNeedsPrimary, Denies99602WhoseVisitIsOnAnotherDay) {
  auto c = check(claim().rendering(kRN).line("99601", June(1), 1).line("99602", June(2), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-add-on-needs-primary", {2}));
  EXPECT_EQ(c.edit(2, "nursing-add-on-needs-primary")->fix.dates.from.iso(), "2024-06-02");
}

TEST(NursingAddOnNeedsPrimary, DoesNotFireWith99601OnTheSameDay) {
  auto c = check(claim().rendering(kRN).line("99601", June(1), 1).line("99602", June(1), 2));
  EXPECT_TRUE(AllPay(c));
}

TEST(NursingAddOnNeedsPrimary, DoesNotFireOn99601Itself) {
  auto c = check(claim().rendering(kRN).line("99601", June(1), 1).line("99601", June(2), 1));
  EXPECT_TRUE(AllPay(c));
}

// ===========================================================================
// Stage 3: tpn-component-included (bundle CO-97 / M15)

ClaimJson tpn_week() { return claim().dx("K91.2").line("S9366", kWeek, 7); }

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

// ===========================================================================
// Stage 3: specialty-amino-acid-necessity (pend CO-252 / N706)

TEST(SpecialtyAminoAcidNecessity, PendsClinisol15WithoutAFluidRestrictionDiagnosis) {
  auto c = check(tpn_week().line("B4178", kWeek, 14).desc("Clinisol 15% amino acid"));
  ASSERT_TRUE(FiresOnlyOn(c, "specialty-amino-acid-necessity", {2}));
  const Edit* e = c.edit(2, "specialty-amino-acid-necessity");
  EXPECT_TRUE(HasReason(e, Decision::kPend, "CO", "252", {"N706"}));
  EXPECT_TRUE(MessageNames(e, {"Line 2", "B4178", "Clinisol"}));
  EXPECT_EQ(c.decision(2), Decision::kPend);
  EXPECT_EQ(c.allowed(2), units(14));  // pended, not cut
  EXPECT_TRUE(DoesNotFire(c, "tpn-component-included"));
}

TEST(SpecialtyAminoAcidNecessity, PendsEveryNamedProductAndAnyStrengthOf15PercentOrMore) {
  for (const char* d :
       {"Aminosyn 15%", "Novamine 15%", "Prosol 20%", "Plenamine 15%", "amino acids 15%", "Travasol 20% amino acid"}) {
    SCOPED_TRACE(d);
    auto c = check(tpn_week().line("B4178", kWeek, 14).desc(d));
    EXPECT_TRUE(FiresOnlyOn(c, "specialty-amino-acid-necessity", {2}));
  }
}

TEST(SpecialtyAminoAcidNecessity, PendsANocAminoAcidNamedByItsProduct) {
  auto c = check(tpn_week().line("B9999", kWeek, 14).ndc("12345678901").desc("Prosol 20% sulfite-free"));
  EXPECT_TRUE(FiresOnlyOn(c, "specialty-amino-acid-necessity", {2}));
}

TEST(SpecialtyAminoAcidNecessity, PaysWithAFluidRestrictionDiagnosis) {
  for (const char* dx : {"I50.9", "I5023", "E87.70", "E87.79", "N17.9", "N18.6", "R60.0"}) {
    SCOPED_TRACE(dx);
    auto c = check(claim().dx(dx).line("S9366", kWeek, 7).line("B4178", kWeek, 14).desc("Clinisol 15%"));
    EXPECT_TRUE(AllPay(c));
  }
}

TEST(SpecialtyAminoAcidNecessity, DoesNotPendBelow15PercentOrWithoutTpnPerDiem) {
  auto weak = check(tpn_week().line("B4178", kWeek, 14).desc("Aminosyn 10%"));
  EXPECT_TRUE(DoesNotFire(weak, "specialty-amino-acid-necessity"));
  EXPECT_TRUE(Fires(weak, 2, "tpn-component-included"));
  auto no_tpn = check(antibiotic_week().line("B4178", kWeek, 14).desc("Clinisol 15%"));
  EXPECT_TRUE(DoesNotFire(no_tpn, "specialty-amino-acid-necessity"));
}

// ===========================================================================
// Stage 3: iv-solution-incidental (bundle CO-97 / M15)

TEST(IvSolutionIncidental, BundlesIvSolutionWithAnAntibioticPerDiem) {
  auto c = check(antibiotic_week().line("J7050", kWeek, 7));
  ASSERT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3}));
  const Edit* e = c.edit(3, "iv-solution-incidental");
  EXPECT_TRUE(HasReason(e, Decision::kBundle, "CO", "97", {"M15"}));
  EXPECT_TRUE(HasFix(e, K::kRemoveLine));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "J7050", "line 1", "S9500"}));
}

TEST(IvSolutionIncidental, BundlesEveryCodeOfTheRangeWithAnyNonHydrationPerDiem) {
  auto c = check(claim()
                     .line("S9338", kWeek, 7)
                     .line("J1569", kWeek, 7)
                     .line("J7030", kWeek, 7)
                     .line("J7040", kWeek, 7)
                     .line("J7042", kWeek, 7)
                     .line("J7060", kWeek, 7));
  EXPECT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3, 4, 5, 6}));
}

TEST(IvSolutionIncidental, BundlesALargeSalineBagBilledAsJ3490ByNdc) {
  // 0338-0049-04 is 0.9% NaCl 1000 mL: an IV solution, not a flush.
  auto c = check(antibiotic_week().line("J3490", kWeek, 7).ndc("00338004904").desc("NS 1000 mL"));
  EXPECT_TRUE(FiresOnlyOn(c, "iv-solution-incidental", {3}));
}

TEST(IvSolutionIncidental, PaysIvSolutionWithAHydrationPerDiem) {
  auto c = check(claim().line("S9375", kWeek, 7).line("J7030", kWeek, 14).line("J7050", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
  EXPECT_TRUE(c.has_note(1, "Paired with line 2 J7030, line 3 J7050"));
}

TEST(IvSolutionIncidental, PaysIvSolutionWhenAHydrationPerDiemIsAmongThePerDiems) {
  auto c = check(antibiotic_week().line("S9375", kWeek, 7).mod("SH").line("J7050", kWeek, 7));
  EXPECT_TRUE(AllPay(c));
}

TEST(IvSolutionIncidental, PaysIvSolutionWithNoPerDiemAtAll) {
  auto c = check(claim().rendering(kRN).line("99601", June(1), 1).line("J7050", June(1), 1));
  EXPECT_TRUE(AllPay(c));
}

TEST(IvSolutionIncidental, PaysIvSolutionOnDaysNoPerDiemCovers) {
  auto c = check(antibiotic_week().line("J7050", June(8, 9), 2));
  EXPECT_TRUE(AllPay(c));
}

// ===========================================================================
// Stage 4: per-diem-units (reduce CO-151 / N362)

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

TEST(PerDiemUnits, ReducesUnitsToDaysWithTheDrug) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J0696", June(1, 3), 3));
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  EXPECT_EQ(c.edit(1, "per-diem-units")->fix.units, units(3));
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

// ===========================================================================
// Stage 4: concurrent-therapy-modifier (deny CO-4 / N822 missing, N823 wrong)

ClaimJson with_ivig(ClaimJson c, const Days& d, const char* mod = nullptr) {
  c.line("S9338", d, day_count(d));
  if (mod) c.mod(mod);
  return c.line("J1569", d, 40);
}
ClaimJson with_inotrope(ClaimJson c, const Days& d, const char* mod = nullptr) {
  c.line("S9348", d, day_count(d));
  if (mod) c.mod(mod);
  return c.line("J1250", d, 7);
}

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

TEST(ConcurrentTherapyModifier, ShLineOutlastingTheOtherTherapyIsDeniedForTheDayItIsAlone) {
  // SPEC: a role that "does not exist that day" is denied. The SH line is
  // concurrent on days 1-3 only; on day 4 it is the only therapy.
  auto c = check(with_ivig(claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3), kWeek, "SH"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {3}));
  const Edit* e = c.edit(3, "concurrent-therapy-modifier");
  EXPECT_TRUE(HasFix(e, K::kRemoveModifier, "SH"));
  EXPECT_TRUE(MessageNames(e, {"Line 3", "S9338-SH", "2024-06-04"}));
  EXPECT_THAT(e->message, ::testing::Not(HasSubstr("one of 1")));
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

// ===========================================================================
// Cascades between stages (SPEC §4 evaluation order): a later stage sees
// only the lines earlier stages left payable.

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
