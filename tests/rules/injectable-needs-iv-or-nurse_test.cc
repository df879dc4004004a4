// injectable-needs-iv-or-nurse (stage 2, deny CO-96 / N130): the claims that must fire it (every
// trigger it has) and the near misses that must not, with the reason codes,
// fixes and messages of SPEC §4's catalogue. Claims are JSON in the form of
// SPEC §2, read by the JSON reader and checked with packs/cpcp019.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {

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

// Issue 12 item 2: an SC injectable over 10 days was paid whole because an
// IV drug was given on one of them. SPEC §4: day by day.
TEST(InjectableNeedsIvOrNurse, IsPaidOnlyOnTheDaysWithAnIvTherapy) {
  auto c = check(claim().line("S9372", June(1, 10), 10).line("J1650", June(1, 10), 10).line("S9500", June(4), 1).line("J0696", June(4), 1));
  ASSERT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
  const Edit* e = c.edit(2, "injectable-needs-iv-or-nurse");
  EXPECT_TRUE(HasReason(e, Decision::kDeny, "CO", "96", {"N130"}));
  EXPECT_EQ(fix_text(e->fix), "split_line 2024-06-04..2024-06-04");
  // The drug still counts for its per diem on the day it passed: S9372 is
  // paid one day, not denied.
  ASSERT_TRUE(FiresOnlyOn(c, "per-diem-units", {1}));
  EXPECT_EQ(c.allowed(1), units(1));
  EXPECT_TRUE(DoesNotFire(c, "per-diem-needs-drug"));
}

// Issue 12 item 8: an NP or CNS did not count as the registered nurse who
// makes an injectable payable. SPEC §4: RN 163W, NP 363L, CNS 364S.
TEST(InjectableNeedsIvOrNurse, NurseProactitionersAndClinicalNurseSpecialistsAreRegisteredNurses) {
  for (const char* taxonomy : {"163W00000X", "363LF0000X", "364SA2100X"}) {
    SCOPED_TRACE(taxonomy);
    EXPECT_TRUE(DoesNotFire(check(claim().rendering(taxonomy).line("S9372", kWeek, 5).line("J1650", kWeek, 5)),
                            "injectable-needs-iv-or-nurse"));
  }
  // A licensed practical nurse (164W) or a physician assistant (363A) is not.
  for (const char* taxonomy : {"164W00000X", "363A00000X"}) {
    SCOPED_TRACE(taxonomy);
    EXPECT_TRUE(FiresOnlyOn(check(claim().rendering(taxonomy).line("S9372", kWeek, 5).line("J1650", kWeek, 5)),
                            "injectable-needs-iv-or-nurse", {2}));
  }
}

// Issue 12 item 9: "none is billed" of a visit that was billed but denied
// for its place of service. SPEC §4: the message names that line and its denial.
TEST(InjectableNeedsIvOrNurse, AVisitBilledButDeniedIsNamedNotCalledMissing) {
  auto c = check(claim().line("S9372", June(1), 1).line("J1650", June(1), 1).line("99601", June(1), 1).line_pos("11"));
  ASSERT_TRUE(FiresOnlyOn(c, "injectable-needs-iv-or-nurse", {2}));
  const Edit* e = c.edit(2, "injectable-needs-iv-or-nurse");
  EXPECT_TRUE(MessageNames(e, {"line 3 99601", "place-of-service-home", "CO-5"}));
  EXPECT_THAT(e->message, ::testing::Not(HasSubstr("none is billed")));
}
}  // namespace
}  // namespace perdiem::testing
