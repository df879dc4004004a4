// nursing-add-on-needs-primary (stage 3, deny CO-B15 / N122): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

// Issue 12 item 9: "add a line for 99601" when a 99601 was billed but
// denied. SPEC §4: a fix never asks for a line that is already billed; the
// 99602 is told why that 99601 was denied.
TEST(NursingAddOnNeedsPrimary, ADeniedPrimaryIsNamedAndNoLineIsAskedFor) {
  // The 99601 is rendered by an LPN: denied in stage 1.
  auto c = check(antibiotic_week().line("99601", June(2), 1).line_rendering("164W00000X").line("99602", June(2), 1).line_rendering(kRN));
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-add-on-needs-primary", {4}));
  const Edit* e = c.edit(4, "nursing-add-on-needs-primary");
  EXPECT_TRUE(HasFix(e, K::kNone));
  EXPECT_TRUE(MessageNames(e, {"line 3", "nursing-visit-professional", "CO-185"}));
}

// Day by day: a 99602 over two days with its 99601 on one of them.
TEST(NursingAddOnNeedsPrimary, IsPaidOnTheDaysItsPrimaryIsPaid) {
  auto c = check(antibiotic_week().rendering(kRN).line("99601", June(2), 1).line("99602", June(2, 3), 2));
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-add-on-needs-primary", {4}));
  EXPECT_EQ(fix_text(c.edit(4, "nursing-add-on-needs-primary")->fix), "split_line 2024-06-02..2024-06-02");
}
}  // namespace
}  // namespace perdiem::testing
