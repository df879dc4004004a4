// specialty-amino-acid-necessity (stage 3, pend CO-252 / N706): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

}  // namespace
}  // namespace perdiem::testing
