// per-diem-needs-drug (stage 3, deny CO-107): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

// Issue 12 item 1: S9500 + S9500-SH with one ceftriaxone were paid as two
// concurrent therapies (14 units for a 7-day course), and with no modifier
// the fix said "add SH". SPEC §4: per diems are matched one to one with
// products of their own; the one matched later has none, is denied, is no
// second concurrent therapy, and is never told to add SH.
TEST(PerDiemNeedsDrug, TwoPerDiemsForOneDrugAreOneTherapy) {
  for (bool with_sh : {true, false}) {
    SCOPED_TRACE(with_sh ? "S9500 + S9500-SH" : "S9500 + S9500");
    ClaimJson cj = claim().line("S9500", kWeek, 7).line("S9500", kWeek, 7);
    if (with_sh) cj.mod("SH");
    auto c = check(cj.line("J0696", kWeek, 7));
    EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {2}));
    EXPECT_TRUE(MessageNames(c.edit(2, "per-diem-needs-drug"), {"paired with per diem line 1 S9500"}));
    EXPECT_TRUE(DoesNotFire(c, "concurrent-therapy-modifier"));
    EXPECT_EQ(c.allowed(1), units(7));
    EXPECT_EQ(c.allowed(2), units(0));
    for (size_t n = 1; n <= 3; ++n)
      for (const Edit& e : c.line(n).edits) EXPECT_NE(e.fix.kind, K::kAddModifier) << e.message;
  }
}

// Two drugs of one class are two therapies of one family: each per diem has
// a product of its own, and the second needs SH.
TEST(PerDiemNeedsDrug, TwoDrugsOfOneClassAreTwoTherapies) {
  auto c = check(claim().line("S9500", kWeek, 7).line("S9500", kWeek, 7).line("J0696", kWeek, 7).line("J3370", kWeek, 14));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
  ASSERT_TRUE(FiresOnlyOn(c, "concurrent-therapy-modifier", {2}));
  EXPECT_TRUE(HasFix(c.edit(2, "concurrent-therapy-modifier"), K::kAddModifier, "SH"));
}

// Issue 12 item 9: a message never says a product is missing when it is
// billed but denied: it names that line and its denial.
TEST(PerDiemNeedsDrug, AProductBilledButDeniedIsNamedNotCalledMissing) {
  auto c = check(claim().line("S9372", kWeek, 5).line("J1650", kWeek, 5));  // enoxaparin SC, no nurse
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
  const Edit* e = c.edit(1, "per-diem-needs-drug");
  EXPECT_TRUE(MessageNames(e, {"line 2 J1650", "injectable-needs-iv-or-nurse", "not payable"}));
  EXPECT_THAT(e->message, ::testing::Not(HasSubstr("no payable product")));
}

// SPEC §4 (family routes; issue 12 item 5): S9359 is the anti-TNF
// *intravenous* per diem: infliximab pairs, subcutaneous adalimumab and
// etanercept do not. Likewise S9357, S9361.
TEST(PerDiemNeedsDrug, S9359PairsOnlyWithIntravenousAntiTnf) {
  EXPECT_TRUE(DoesNotFire(check(claim().line("S9359", June(1), 1).line("J1745", June(1), 30)), "per-diem-needs-drug"));
  for (const char* sc : {"J0135", "J1438"}) {
    SCOPED_TRACE(sc);
    EXPECT_TRUE(FiresOnlyOn(check(claim().rendering(kRN).line("S9359", June(1), 1).line(sc, June(1), 1)),
                            "per-diem-needs-drug", {1}));
  }
}
}  // namespace
}  // namespace perdiem::testing
