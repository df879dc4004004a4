// place-of-service-home (stage 1, deny CO-5 / M77): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

TEST(PlaceOfServiceHome, DeniesAssistedLivingAndSkilledNursingPlacesOfService) {
  // The policy's definition of home names assisted living (usually POS 13), but
  // its billing sentence says claims "must be billed with the place of service
  // Home": POS 13 is told to bill 12. A skilled nursing facility (31) is not a
  // home by the definition itself.
  for (const char* pos : {"13", "31"}) {
    auto c = check(antibiotic_week().pos(pos));
    ASSERT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1})) << pos;
    EXPECT_TRUE(HasFix(c.edit(1, "place-of-service-home"), K::kSetPlaceOfService, "12")) << pos;
    EXPECT_TRUE(MessageNames(c.edit(1, "place-of-service-home"), {pos})) << pos;
  }
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

}  // namespace
}  // namespace perdiem::testing
