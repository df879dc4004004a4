// The engine around the rules (SPEC §3, §4): the catalogue in the pack,
// scope, rejected claims, --as-of, line decisions and allowed units, notes,
// the rule examples that `perdiem explain` shows, and the switches and
// dates of rules. (The isolation of a stage's rules: engine_order_test.cc;
// results refilled claim after claim: engine_reuse_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>


#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "perdiem/generator.h"

#include "rule_test_util.h"

namespace perdiem::testing {
namespace {


// ===========================================================================
// The catalogue: the pack carries the 18 rules of SPEC §4 with their stage,
// decision and reason codes.

struct SpecRule {
  const char* id;
  int stage;
  Decision decision;
  const char* carc;
  std::vector<std::string> rarc;
};

const std::vector<SpecRule>& spec_rules() {
  static const std::vector<SpecRule> rules = {
      {"place-of-service-home", 1, Decision::kDeny, "5", {"M77"}},
      {"excluded-drug-type", 1, Decision::kDeny, "96", {"N130"}},
      {"supply-bundled", 1, Decision::kBundle, "97", {"M15"}},
      {"incidental-per-diem", 1, Decision::kBundle, "97", {"N19"}},
      {"unlisted-drug-detail", 1, Decision::kDeny, "16", {"M119"}},
      {"nursing-visit-professional", 1, Decision::kDeny, "185", {"N95"}},
      {"injectable-needs-iv-or-nurse", 2, Decision::kDeny, "96", {"N130"}},
      {"mutually-exclusive-per-diem", 1, Decision::kDeny, "236", {"N20"}},
      {"hourly-pharmacy-with-per-diem", 1, Decision::kDeny, "236", {"N20"}},
      {"per-diem-needs-drug", 3, Decision::kDeny, "107", {}},
      {"anticoagulant-per-diem-for-flush", 3, Decision::kDeny, "107", {}},
      {"visit-needs-drug", 3, Decision::kDeny, "107", {}},
      {"nursing-add-on-needs-primary", 3, Decision::kDeny, "B15", {"N122"}},
      {"tpn-component-included", 3, Decision::kBundle, "97", {"M15"}},
      {"specialty-amino-acid-necessity", 3, Decision::kPend, "252", {"N706"}},
      {"iv-solution-incidental", 3, Decision::kBundle, "97", {"M15"}},
      {"per-diem-units", 4, Decision::kReduce, "151", {"N362"}},
      {"concurrent-therapy-modifier", 4, Decision::kDeny, "4", {"N823"}},
  };
  return rules;
}

TEST(Catalogue, PackHasExactlyTheEighteenSpecRulesWithTheirStagesAndReasonCodes) {
  const Pack& pack = cpcp019()->latest();
  std::set<std::string> ids;
  for (const RuleDef& r : pack.rules) ids.insert(r.id);
  EXPECT_EQ(ids.size(), pack.rules.size()) << "a rule id is repeated";
  EXPECT_EQ(pack.rules.size(), spec_rules().size());
  for (const SpecRule& s : spec_rules()) {
    SCOPED_TRACE(s.id);
    const RuleDef* r = pack.rule(s.id);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->stage, s.stage);
    EXPECT_EQ(r->decision, s.decision);
    EXPECT_EQ(r->group, "CO");
    EXPECT_EQ(r->carc, s.carc);
    EXPECT_EQ(r->rarc, s.rarc);
    EXPECT_TRUE(r->enabled);
    EXPECT_FALSE(r->citation.empty());
    EXPECT_FALSE(r->example.empty());
  }
  // The "missing modifier" message of the concurrency rule carries N822.
  const RuleDef* conc = pack.rule("concurrent-therapy-modifier");
  ASSERT_NE(conc, nullptr);
  auto it = conc->rarc_by_message.find("missing");
  ASSERT_NE(it, conc->rarc_by_message.end());
  EXPECT_EQ(it->second, std::vector<std::string>{"N822"});
}

TEST(Catalogue, PackIsInForceFromThePlanEffectiveDate) {
  const Pack& pack = cpcp019()->latest();
  EXPECT_EQ(pack.effective.iso(), "2024-04-22");
  EXPECT_EQ(pack.policy, "CPCP019");
  EXPECT_EQ(cpcp019()->in_force(*Date::parse_iso("2024-04-21")), nullptr);
  EXPECT_EQ(cpcp019()->in_force(*Date::parse_iso("2024-04-22")), &pack);
}

// Every rule's example claim (shown by `perdiem explain`) fires that rule.
TEST(Catalogue, EveryRuleExampleFiresItsRule) {
  for (const RuleDef& r : cpcp019()->latest().rules) {
    SCOPED_TRACE(r.id);
    auto c = check_text(r.example);
    ASSERT_EQ(c.results.size(), 1u) << r.example;
    ASSERT_EQ(c.status(), ClaimStatus::kChecked) << c.dump();
    size_t hits = 0;
    for (size_t n = 1; n <= c.result().lines.size(); ++n) hits += c.edits(n, r.id).size();
    EXPECT_GT(hits, 0u) << r.id << " does not fire on its own example" << c.dump();
  }
}

// ===========================================================================
// Scope (SPEC §4 Scope)

// SPEC §3: a line the policy did not judge is not_checked, never pay.
TEST(Scope, ClaimDatedBeforeThePlanEffectiveDateIsOutOfScopeAndNotCheckedNotPaid) {
  // Everything here would be edited on a checked claim.
  auto c =
      check(claim().pos("11").line("S9500", On("2024-04-15", "2024-04-21"), 21).line("J1642", On("2024-04-15"), 5));
  ASSERT_EQ(c.status(), ClaimStatus::kOutOfScope);
  EXPECT_THAT(c.result().reason, HasSubstr("2024-04-22"));
  ASSERT_EQ(c.result().lines.size(), 2u);
  for (size_t n = 1; n <= 2; ++n) {
    EXPECT_TRUE(c.line(n).edits.empty());
    EXPECT_TRUE(c.line(n).notes.empty());
    EXPECT_EQ(c.decision(n), Decision::kNotChecked);
    EXPECT_EQ(c.allowed(n), units(0));
  }
}

// Issue 12 item 6: a claim spanning the effective date escaped every edit.
// SPEC §4 Scope: a line that spans the date is judged whole.
TEST(Scope, AClaimSpanningTheEffectiveDateIsJudgedAndItsLinesThatSpanItWhole) {
  auto c = check(claim().pos("11").line("S9500", On("2024-04-20", "2024-04-26"), 21).line("J0696", On("2024-04-20", "2024-04-26"), 7));
  ASSERT_EQ(c.status(), ClaimStatus::kChecked) << c.dump();
  EXPECT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));
  auto units_only = check(claim().line("S9500", On("2024-04-20", "2024-04-26"), 21).line("J0696", On("2024-04-20", "2024-04-26"), 7));
  ASSERT_TRUE(FiresOnlyOn(units_only, "per-diem-units", {1}));
  EXPECT_EQ(units_only.allowed(1), units(7));  // judged whole: all seven days
}

// Issue 12 item 6: one line dated before 2024-04-22 took a whole June claim
// out of the policy. SPEC §4 Scope: that line is not judged (not_checked,
// with a note) and pairs with nothing; the rest of the claim is.
TEST(Scope, OneEarlyLineIsNotJudgedAndTheRestOfTheClaimIs) {
  auto c = check(claim()
                     .line("J0696", On("2024-04-01"), 1)  // before the policy: not judged
                     .line("S9500", kWeek, 21)
                     .line("J0696", kWeek, 7)
                     .line("S9502", On("2024-04-10"), 1));  // a per diem before the policy
  ASSERT_EQ(c.status(), ClaimStatus::kChecked) << c.dump();
  EXPECT_EQ(c.decision(1), Decision::kNotChecked);
  EXPECT_EQ(c.decision(4), Decision::kNotChecked);
  EXPECT_TRUE(c.has_note(1, "ends before the policy's effective date 2024-04-22"));
  EXPECT_TRUE(c.line(4).edits.empty());
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-units", {2}));
  EXPECT_EQ(c.allowed(2), units(7));
  // A claim whose only home infusion service is before the policy is out of scope.
  auto early_service = check(claim().line("S9500", On("2024-04-01", "2024-04-07"), 7).line("J0696", kWeek, 7));
  EXPECT_EQ(early_service.status(), ClaimStatus::kOutOfScope);
  EXPECT_EQ(early_service.decision(2), Decision::kNotChecked);
  // An early drug pairs with nothing: a June per diem with only an April drug has none.
  auto early_drug = check(claim().line("S9500", On("2024-04-21", "2024-06-07"), 7).line("J0696", On("2024-04-21"), 1));
  EXPECT_TRUE(FiresOnlyOn(early_drug, "per-diem-needs-drug", {1}));
}

TEST(Scope, ClaimOnTheEffectiveDateIsChecked) {
  auto c = check(claim().line("S9500", On("2024-04-22"), 1).line("J0696", On("2024-04-22"), 1));
  EXPECT_TRUE(AllPay(c));
}

TEST(Scope, ClaimWithNoHomeInfusionServiceLineIsOutOfScope) {
  auto only_drug = check(claim().line("J0696", June(1), 1));
  EXPECT_EQ(only_drug.status(), ClaimStatus::kOutOfScope);
  EXPECT_THAT(only_drug.result().reason, HasSubstr("home infusion service"));
  // G0498 is an office service: it brings no claim into scope.
  auto office_chemo = check(claim().dx("C18.9").line("G0498", June(1), 1).line("J9190", June(1), 1));
  EXPECT_EQ(office_chemo.status(), ClaimStatus::kOutOfScope);
  // Supplies and nutrition products alone are not home infusion services.
  auto supplies = check(claim().line("J1642", June(1), 5).line("E0781", June(1), 1).line("B4164", June(1), 1));
  EXPECT_EQ(supplies.status(), ClaimStatus::kOutOfScope);
  for (size_t n = 1; n <= 3; ++n) EXPECT_TRUE(supplies.line(n).edits.empty());
}

TEST(Scope, ClaimIsInScopeWithOnlyANursingVisitHourlyPharmacyOrProfessionalVisit) {
  EXPECT_EQ(check(claim().rendering(kRN).line("99601", June(1), 1)).status(), ClaimStatus::kChecked);
  EXPECT_EQ(check(claim().rendering(kRN).line("99602", June(1), 1)).status(), ClaimStatus::kChecked);
  EXPECT_EQ(check(claim().line("S9810", June(1), 2)).status(), ClaimStatus::kChecked);
  for (const char* g : {"G0068", "G0069", "G0070", "G0088", "G0089", "G0090"}) {
    SCOPED_TRACE(g);
    EXPECT_EQ(check(claim().line(g, June(1), 4).line("J0696", June(1), 1)).status(), ClaimStatus::kChecked);
  }
}

TEST(Scope, ClaimIsInScopeWithAnyPerDiemOfTheThreeRanges) {
  for (const char* code : {"S5497", "S5523", "S9325", "S9379", "S9490", "S9590"}) {
    SCOPED_TRACE(code);
    EXPECT_EQ(check(claim().line(code, June(1), 1)).status(), ClaimStatus::kChecked);
  }
}

TEST(Scope, VoidClaimFrequency8IsOutOfScope) {
  // Engine choice: a void/cancel is not edited (nothing would be paid on it).
  auto c = check(antibiotic_week().pos("11").frequency("8"));
  ASSERT_EQ(c.status(), ClaimStatus::kOutOfScope);
  EXPECT_EQ(c.result().reason, "void");  // SPEC §4 Scope
  EXPECT_EQ(c.decision(1), Decision::kNotChecked);
  EXPECT_TRUE(c.line(1).edits.empty());
}

TEST(Scope, ReplacementClaimFrequency7IsChecked) {
  auto c = check(antibiotic_week().frequency("7"));
  EXPECT_TRUE(AllPay(c));
}

TEST(Scope, ClaimWithReadProblemsIsRejectedAndTheOthersAreStillChecked) {
  const std::string two = "[" + claim().id("BAD").line("S9500", On("2024-13-01"), 1).json() + "," +
                          antibiotic_week().id("GOOD").json() + "]";
  auto c = check_text(two);
  ASSERT_EQ(c.results.size(), 2u) << c.dump();
  EXPECT_TRUE(c.claims[0].has_errors());
  EXPECT_EQ(c.results[0].status, ClaimStatus::kRejected);
  EXPECT_TRUE(c.results[0].lines.empty());
  EXPECT_EQ(c.results[1].status, ClaimStatus::kChecked);
}

TEST(Scope, AsOfBeforeTheEffectiveDateMakesEveryClaimOutOfScope) {
  CheckOptions opt;
  opt.as_of = *Date::parse_iso("2024-01-01");
  const Engine early(cpcp019(), opt);
  auto c = check(antibiotic_week().pos("11"), early);
  ASSERT_EQ(c.status(), ClaimStatus::kOutOfScope);
  EXPECT_THAT(c.result().reason, HasSubstr("2024-01-01"));
  EXPECT_TRUE(c.line(1).edits.empty());
}

TEST(Scope, AsOfOnOrAfterTheEffectiveDateChecksWithThatVersion) {
  CheckOptions opt;
  opt.as_of = *Date::parse_iso("2024-05-01");
  const Engine e(cpcp019(), opt);
  auto c = check(antibiotic_week().pos("11"), e);
  EXPECT_TRUE(FiresOnlyOn(c, "place-of-service-home", {1}));
  EXPECT_EQ(c.result().pack, &cpcp019()->latest());
  EXPECT_EQ(&e.headline_pack(), &cpcp019()->latest());
}

// ===========================================================================
// Line decisions (SPEC §3): the most severe edit; allowed units follow it.

TEST(LineDecision, SeverityOrderIsDenyBundlePendReducePay) {
  EXPECT_GT(Decision::kDeny, Decision::kBundle);
  EXPECT_GT(Decision::kBundle, Decision::kPend);
  EXPECT_GT(Decision::kPend, Decision::kReduce);
  EXPECT_GT(Decision::kReduce, Decision::kPay);
}

TEST(LineDecision, ReduceAndDenyOnOneLineIsDenyWithNoAllowedUnits) {
  // Line 3: 14 units for 7 days (reduce to 7) and a second therapy without SH (deny).
  auto c = check(antibiotic_week().line("S9338", kWeek, 14).line("J1569", kWeek, 280));
  ASSERT_TRUE(Fires(c, 3, "per-diem-units"));
  ASSERT_TRUE(Fires(c, 3, "concurrent-therapy-modifier"));
  EXPECT_EQ(c.decision(3), Decision::kDeny);
  EXPECT_EQ(c.allowed(3), units(0));
}

TEST(LineDecision, BundleAndDenyOnOneLineIsDeny) {
  // A saline flush by NDC (bundle) with no description (unlisted drug: deny).
  auto c = check(antibiotic_week().line("J3490", kWeek, 7).ndc("08290306553"));
  ASSERT_TRUE(Fires(c, 3, "supply-bundled"));
  ASSERT_TRUE(Fires(c, 3, "unlisted-drug-detail"));
  EXPECT_EQ(c.decision(3), Decision::kDeny);
  EXPECT_EQ(c.allowed(3), units(0));
}

TEST(LineDecision, BundledLineAllowsNoUnits) {
  auto c = check(antibiotic_week().line("E0781", June(1), 1));
  EXPECT_EQ(c.decision(3), Decision::kBundle);
  EXPECT_EQ(c.allowed(3), units(0));
}

TEST(LineDecision, ReducedLineAllowsTheFixUnits) {
  auto c = check(claim().line("S9502", kWeek, 21).line("J0690", kWeek, 21));
  EXPECT_EQ(c.decision(1), Decision::kReduce);
  EXPECT_EQ(c.allowed(1), units(7));
  EXPECT_EQ(c.edit(1, "per-diem-units")->fix.units, c.allowed(1));
}

TEST(LineDecision, PendedLineKeepsItsUnits) {
  auto c = check(claim().dx("K91.2").line("S9366", kWeek, 7).line("B4178", kWeek, 14).desc("Clinisol 15%"));
  EXPECT_EQ(c.decision(2), Decision::kPend);
  EXPECT_EQ(c.allowed(2), units(14));
}

TEST(LineDecision, LineWithoutEditsPaysItsUnitsIncludingFractions) {
  auto c = check(claim().line("S9500", kWeek, 7).line("J0696", kWeek, "10.5"));
  EXPECT_TRUE(AllPay(c));
  EXPECT_EQ(c.allowed(2), *Quantity::parse("10.5"));
}

TEST(LineDecision, EveryEditCarriesRuleReasonCodesAndCitation) {
  auto c = check(claim()
                     .pos("11")
                     .line("S9500", kWeek, 21)
                     .line("J1642", kWeek, 7)
                     .line("J7510", kWeek, 7)
                     .line("S9537", June(1), 1));
  for (const auto& l : c.result().lines)
    for (const Edit& e : l.edits) {
      SCOPED_TRACE(rule_id(e));
      ASSERT_NE(e.rule, nullptr);
      EXPECT_EQ(e.decision, e.rule->decision);
      EXPECT_EQ(e.group, "CO");
      EXPECT_FALSE(e.carc.empty());
      EXPECT_FALSE(e.rule->citation.empty());
      EXPECT_FALSE(e.message.empty());
      EXPECT_EQ(e.message.find('{'), std::string::npos) << "unfilled template: " << e.message;
    }
}

// ===========================================================================
// Notes (SPEC §3): remarks that change nothing.

TEST(Notes, PerDiemPairedWithItsDrugSaysWhichLine) {
  auto c = check(antibiotic_week());
  EXPECT_TRUE(AllPay(c));
  ASSERT_EQ(c.line(1).notes.size(), 1u);
  EXPECT_THAT(c.line(1).notes[0], HasSubstr("Paired with line 2 J0696"));
  EXPECT_TRUE(c.line(2).notes.empty());
}

TEST(Notes, J3490WithUnknownNdcAndUnrecognisableDescriptionPairsAsUnverified) {
  auto c = check(claim()
                     .line("S9500", kWeek, 7)
                     .line("J3490", kWeek, 7)
                     .ndc("12345678901")  // not in ndc.csv
                     .desc("compounded product xyz 10 mg"));
  EXPECT_TRUE(AllPay(c));
  EXPECT_TRUE(c.has_note(1, "Paired with line 2 J3490"));
  EXPECT_TRUE(c.has_note(1, "could not be verified")) << c.dump();
}

TEST(Notes, UnknownDrugDoesNotPairWithFamiliesWhoseProductsAreNotDrugs) {
  auto c = check(claim()
                     .line("S9341", kWeek, 7)  // enteral
                     .line("J3490", kWeek, 7)
                     .ndc("12345678901")
                     .desc("compounded product xyz 10 mg"));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
}

TEST(Notes, DrugKnownByNdcOrDescriptionPairsWithoutAnUnverifiedNote) {
  auto by_ndc = check(claim().line("S9500", kWeek, 7).line("S5001", kWeek, 7).ndc("00004196501"));
  EXPECT_TRUE(by_ndc.has_note(1, "Paired with line 2 S5001"));
  EXPECT_FALSE(by_ndc.has_note(1, "could not be verified"));
  auto by_desc =
      check(claim().line("S9500", kWeek, 7).line("J3490", kWeek, 7).ndc("12345678901").desc("vancomycin 1 g"));
  EXPECT_TRUE(by_desc.has_note(1, "Paired with line 2 J3490"));
  EXPECT_FALSE(by_desc.has_note(1, "could not be verified"));
}

TEST(Notes, DeniedPerDiemGetsNoPairingNote) {
  auto c = check(antibiotic_week().pos("11"));
  EXPECT_EQ(c.decision(1), Decision::kDeny);
  EXPECT_TRUE(c.line(1).notes.empty());
}

// ===========================================================================
// Rule switches and dates from the pack (SPEC §4: rules, their effective
// dates ... live in the policy pack).

// A variant of the pack whose rule tables get `lines` added (rule id ->
// TOML lines), and an engine over it.
std::pair<std::shared_ptr<const PackSet>, std::unique_ptr<Engine>> changed_pack(
    std::initializer_list<std::pair<std::string_view, std::string_view>> lines) {
  auto packs = cpcp019_edited([&](std::string& toml) {
    RuleBlocks b(toml);
    for (const auto& [id, text] : lines) b.add(id, text);
    toml = b.join();
  });
  auto eng = std::make_unique<Engine>(packs);
  return {packs, std::move(eng)};
}

TEST(RuleDates, RuleNotYetEffectiveForTheClaimDoesNotFire) {
  auto [packs, eng] =
      changed_pack({{"supply-bundled", "effective = 2025-01-01\n"}});
  auto c = check(antibiotic_week().line("E0781", June(1), 1), *eng);
  EXPECT_TRUE(DoesNotFire(c, "supply-bundled"));
  auto later = check(
      claim().line("S9500", On("2025-02-01"), 1).line("J0696", On("2025-02-01"), 1).line("E0781", On("2025-02-01"), 1),
      *eng);
  EXPECT_TRUE(FiresOnlyOn(later, "supply-bundled", {3}));
}

TEST(RuleDates, DisabledRuleDoesNotFire) {
  auto [packs, eng] = changed_pack({{"per-diem-units", "enabled = false\n"}});
  auto c = check(claim().line("S9502", kWeek, 21).line("J0690", kWeek, 21), *eng);
  EXPECT_TRUE(AllPay(c));
}

TEST(RuleDates, S9372WithOnlyAFlushIsDeniedForNoDrugWhenTheFlushRuleIsOff) {
  // per-diem-needs-drug gives way to anticoagulant-per-diem-for-flush only
  // when that rule applies to the claim.
  auto [p1, disabled] = changed_pack({{"anticoagulant-per-diem-for-flush", "enabled = false\n"}});
  EXPECT_TRUE(FiresOnlyOn(check(claim().line("S9372", kWeek, 7).line("J1642", kWeek, 35), *disabled),
                          "per-diem-needs-drug", {1}));
  auto [p2, not_yet] = changed_pack({{"anticoagulant-per-diem-for-flush", "effective = 2025-01-01\n"}});
  auto c = check(claim().line("S9372", kWeek, 7).line("J1642", kWeek, 35), *not_yet);
  EXPECT_TRUE(DoesNotFire(c, "anticoagulant-per-diem-for-flush"));
  EXPECT_TRUE(FiresOnlyOn(c, "per-diem-needs-drug", {1}));
  auto [p3, expired] = changed_pack({{"anticoagulant-per-diem-for-flush", "expires = 2024-05-31\n"}});
  EXPECT_TRUE(FiresOnlyOn(check(claim().line("S9372", kWeek, 7).line("J1642", kWeek, 35), *expired),
                          "per-diem-needs-drug", {1}));
}

TEST(RuleMessages, ANameTheRuleDoesNotGiveForThatMessageIsLeftAsWritten) {
  // nursing-visit-professional offers {who}, but not with "missing": the
  // message says so rather than filling in anything.
  auto packs = cpcp019_edited([](std::string& toml) {
    RuleBlocks b(toml);
    std::string& r = b.rule("nursing-visit-professional");
    const size_t at = r.find("\nmissing = ");
    r.replace(at + 1, r.find('\n', at + 1) - at - 1, "missing = \"Line {line} {code}: {who} {{has}} no taxonomy.\"");
    toml = b.join();
  });
  auto eng = std::make_unique<Engine>(packs);
  auto c = check(claim().line("99601", June(1), 1), *eng);
  ASSERT_TRUE(FiresOnlyOn(c, "nursing-visit-professional", {1}));
  EXPECT_EQ(c.edit(1, "nursing-visit-professional")->message, "Line 1 99601: {who} {has} no taxonomy.");
}

}  // namespace
}  // namespace perdiem::testing
