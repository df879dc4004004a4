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

// ---------------------------------------------------------------------------
// How a TPN line is classed (SPEC §4; issue 12 item 4): its code first, then
// a known NDC, then the description only for codes that do not say; a
// strength is the amino acid's own; a keyword counts as a whole word, not
// when negated; a standard multivitamin is included; a compounded formula is
// read for its amino acid's strength only.

TEST(TpnClassing, AStrengthIsTheAminoAcidsOwnNotTheDextroses) {
  // Was read as a 20% amino acid (the largest "%" anywhere), and pended.
  auto b4178 = check(tpn_week().line("B4178", kWeek, 14).desc("Travasol 5.5% in dextrose 20%"));
  EXPECT_TRUE(FiresOnlyOn(b4178, "tpn-component-included", {2}));
  EXPECT_TRUE(DoesNotFire(b4178, "specialty-amino-acid-necessity"));
  auto premix_first = check(tpn_week().line("B4178", kWeek, 14).desc("dextrose 20% with 15% amino acids"));
  EXPECT_TRUE(FiresOnlyOn(premix_first, "specialty-amino-acid-necessity", {2}));
}

TEST(TpnClassing, ADescriptionNeverOverridesTheCode) {
  // B4172 is 5.5-7% by its descriptor: included, whatever its words say.
  auto c = check(tpn_week().line("B4172", kWeek, 14).desc("Clinisol 15% amino acid"));
  EXPECT_TRUE(FiresOnlyOn(c, "tpn-component-included", {2}));
  EXPECT_TRUE(DoesNotFire(c, "specialty-amino-acid-necessity"));
  // B4185 is lipids by its code: paid, even described as a dextrose solution.
  EXPECT_TRUE(DoesNotFire(check(tpn_week().line("B4185", kWeek, 7).desc("dextrose 10%")), "tpn-component-included"));
}

TEST(TpnClassing, AKnownNdcWinsOverTheDescription) {
  // 00517-9305-25 is Tralement (trace elements): included, though the biller's words name a lipid.
  auto c = check(tpn_week().line("J3490", kWeek, 7).ndc("00517930525").desc("Intralipid 20%"));
  EXPECT_TRUE(FiresOnlyOn(c, "tpn-component-included", {2}));
}

TEST(TpnClassing, KeywordsAreWholeWordsAndNotNegated) {
  // "lipid-free" and "(no lipids)" matched "lipid" by substring: paid separately.
  for (const char* desc : {"TPN base lipid-free dextrose 15%", "TPN dextrose 15% (no lipids)", "dextrose without lipid"}) {
    SCOPED_TRACE(desc);
    EXPECT_TRUE(FiresOnlyOn(check(tpn_week().line("J3490", kWeek, 7).ndc("12345678901").desc(desc)),
                            "tpn-component-included", {2}));
  }
  // A lipid said plainly is paid separately.
  EXPECT_TRUE(DoesNotFire(check(tpn_week().line("J3490", kWeek, 7).ndc("12345678901").desc("Smoflipid 20% 250 mL")),
                          "tpn-component-included"));
}

TEST(TpnClassing, AStandardMultivitaminIsIncludedThoughItHoldsVitaminK) {
  for (const char* desc : {"MVI-13 with vitamin K", "Infuvite Adult (contains vitamin K)", "M.V.I.-12 10 mL"}) {
    SCOPED_TRACE(desc);
    EXPECT_TRUE(FiresOnlyOn(check(tpn_week().line("J3490", kWeek, 7).ndc("12345678901").desc(desc)),
                            "tpn-component-included", {2}));
  }
  // Vitamin K billed on its own is an added vitamin: paid.
  EXPECT_TRUE(DoesNotFire(check(tpn_week().line("J3430", kWeek, 7)), "tpn-component-included"));
  EXPECT_TRUE(DoesNotFire(check(tpn_week().line("J3490", kWeek, 7).ndc("12345678901").desc("phytonadione 10 mg")),
                          "tpn-component-included"));
}

TEST(TpnClassing, ACompoundedFormulaIsReadForItsAminoAcidsStrengthOnly) {
  // "with insulin added" made the whole formula separately payable.
  auto c = check(tpn_week().line("B4193", kWeek, 7).desc("standard premix with insulin added").line("J1815", kWeek, 14));
  EXPECT_TRUE(FiresOnlyOn(c, "tpn-component-included", {2}));
  EXPECT_EQ(c.decision(3), Decision::kPay);  // the insulin on its own line is paid
  // In an "N/M" premix name, N is the amino acid: Clinimix 5/15 is a 5% amino acid.
  EXPECT_TRUE(FiresOnlyOn(check(tpn_week().line("B4189", kWeek, 7).desc("Clinimix 5/15")), "tpn-component-included", {2}));
  auto strong = check(tpn_week().line("B4199", kWeek, 7).desc("compounded 15% amino acid 2 L"));
  EXPECT_TRUE(FiresOnlyOn(strong, "specialty-amino-acid-necessity", {2}));
  EXPECT_TRUE(DoesNotFire(strong, "tpn-component-included"));
}

TEST(TpnClassing, ThePolicysOwnExamplesAreReadByTheirNames) {
  // Standard multi-trace elements "(e.g., MTE3, MTE4, MTE5, MTE7)": included.
  for (const char* desc : {"MTE-5 concentrate 1 mL", "Multitrace-4 Pediatric 3 mL"}) {
    SCOPED_TRACE(desc);
    EXPECT_TRUE(FiresOnlyOn(check(tpn_week().line("J3490", kWeek, 7).ndc("12345678901").desc(desc)),
                            "tpn-component-included", {2}));
  }
  // "Specialty amino acids for hepatic failure (e.g., HepatAmine®, Hepatasol® 8%)"
  // and "Added vitamins ... (e.g., folic acid, vitamin C, vitamin K)": paid.
  for (const char* desc : {"HepatAmine 8% 500 mL", "Hepatasol 8%"}) {
    SCOPED_TRACE(desc);
    EXPECT_TRUE(AllPay(check(tpn_week().line("B4178", kWeek, 7).desc(desc))));
  }
  for (const char* desc : {"vitamin C 500 mg/mL", "ascorbic acid 500 mg"}) {
    SCOPED_TRACE(desc);
    EXPECT_TRUE(AllPay(check(tpn_week().line("J3490", kWeek, 7).ndc("12345678901").desc(desc))));
  }
}

TEST(TpnClassing, B4178WithNoStrengthGivenIsIncludedWithANote) {
  auto c = check(tpn_week().line("B4178", kWeek, 14));
  ASSERT_TRUE(FiresOnlyOn(c, "tpn-component-included", {2}));
  EXPECT_TRUE(c.has_note(2, "No amino acid strength is given"));
  auto named = check(tpn_week().line("B4178", kWeek, 14).desc("Prosol 20% 500 mL"));
  EXPECT_TRUE(FiresOnlyOn(named, "specialty-amino-acid-necessity", {2}));
  auto renal = check(tpn_week().line("B4178", kWeek, 14).desc("NephrAmine 5.4%"));
  EXPECT_TRUE(AllPay(renal));  // a renal formula is paid separately
}

}  // namespace
}  // namespace perdiem::testing
