// nursing-visit-professional (stage 1, deny CO-185 / N95): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

}  // namespace
}  // namespace perdiem::testing
