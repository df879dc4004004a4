// incidental-per-diem (stage 1, bundle CO-97 / N19): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

}  // namespace
}  // namespace perdiem::testing
