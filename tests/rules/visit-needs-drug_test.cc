// visit-needs-drug (stage 3, deny CO-107): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

// Issue 12 item 2: a visit code billed over 7 days was paid whole for one
// drug day. SPEC §4: "for each infusion drug administration calendar day":
// day by day; the visit is denied, its drug day billed apart.
TEST(VisitNeedsDrug, AVisitOverAWeekIsPaidOnlyOnItsDrugDay) {
  auto c = check(claim().line("S9500", June(3), 1).line("J0696", June(3), 1).line("G0068", kWeek, 28));
  ASSERT_TRUE(FiresOnlyOn(c, "visit-needs-drug", {3}));
  const Edit* e = c.edit(3, "visit-needs-drug");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "107", {}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-03..2024-06-03");
  EXPECT_TRUE(MessageNames(e, {"2024-06-03", "2024-06-01 to 2024-06-02 and 2024-06-04 to 2024-06-07"}));
}
}  // namespace
}  // namespace perdiem::testing
