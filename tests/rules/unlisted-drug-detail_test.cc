// unlisted-drug-detail (stage 1, deny CO-16 / M119): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

}  // namespace
}  // namespace perdiem::testing
