// perdiem fix (SPEC §6, include/perdiem/fix.h): each mechanical fix applied
// as the SPEC says (units and the charge at the line's unit price,
// modifiers, place of service on the claim when every line moves, removed
// lines, split lines as one 2400 loop a piece); the fixes that need facts
// the claim does not hold never applied; bytes outside the changed claims
// kept; SE01, LX and CLM02 right; the output a fixed point that loses no
// claim, for the examples, every rule's example claim, the public corpus
// and generated claims, on any number of threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "perdiem/check.h"
#include "perdiem/fix.h"
#include "fix/plan.h"
#include "perdiem/generator.h"
#include "rule_test_util.h"
#include "test_util.h"
#include "x12_test_util.h"

namespace perdiem::testing {
namespace {

using x12_testing::Style;

struct Fixed {
  std::string out;
  std::vector<FixChange> changes;
  std::vector<FixNotice> notices;
  FixSummary summary;
};

Fixed fix(std::string_view input, unsigned threads = 1, size_t piece_bytes = size_t{1} << 20) {
  Fixed f;
  FixSessionOptions o;
  o.threads = threads;
  o.piece_bytes = piece_bytes;
  o.write = [&f](std::string_view s) {
    f.out.append(s);
    return true;
  };
  o.on_change = [&f](const FixChange& c) { f.changes.push_back(c); };
  o.on_notice = [&f](const FixNotice& n) { f.notices.push_back(n); };
  FixSession s(engine(), o);
  s.add_input(input, "in");
  f.summary = s.finish();
  return f;
}

// Each claim of `input` as checked: its id, status, and its lines' codes,
// modifiers, units, charges, dates and edits.
struct Seen {
  std::string id;
  ClaimStatus status;
  std::vector<std::string> lines;  // "S9500-SH 7 700.00 2024-06-01..2024-06-07 pay"
  std::vector<Edit> edits;         // every edit of every line
  Money total;
  std::string place;
};

std::vector<Seen> see(std::string_view input) {
  std::vector<Seen> out;
  CheckSessionOptions o;
  o.threads = 1;
  o.on_claim = [&out](const Claim& c, const ClaimResult& r) {
    Seen s;
    s.id = std::string(c.claim_id);
    s.status = r.status;
    s.total = c.total_charge;
    s.place = std::string(c.place_of_service);
    for (size_t i = 0; i < c.lines.size(); ++i) {
      const ServiceLine& l = c.lines[i];
      std::string t(l.code);
      for (uint8_t m = 0; m < l.modifier_count; ++m) t += "-" + std::string(l.modifiers[m]);
      t += " " + l.units.short_text() + " " + l.charge.fixed_text() + " " + l.dates.from.iso() + ".." +
           l.dates.to.iso();
      if (!l.place_of_service.empty()) t += " pos " + std::string(l.place_of_service);
      if (i < r.lines.size()) {
        t += std::string(" ") + decision_name(r.lines[i].decision);
        for (const Edit& e : r.lines[i].edits) s.edits.push_back(e);
      }
      s.lines.push_back(t);
    }
    out.push_back(std::move(s));
  };
  CheckSession session(engine(), o);
  session.add_input(input, "in");
  session.finish();
  return out;
}

// An edit whose fix `perdiem fix` carries out (SPEC §6, "Applied").
bool applied_kind(const Edit& e) {
  switch (e.fix.kind) {
    case Fix::Kind::kSetUnits:
    case Fix::Kind::kAddModifier:
    case Fix::Kind::kReplaceModifier:
    case Fix::Kind::kRemoveModifier:
    case Fix::Kind::kSetPlaceOfService:
    case Fix::Kind::kRemoveLine: return true;
    case Fix::Kind::kSplitLine:
      return std::all_of(e.fix.pieces.begin(), e.fix.pieces.end(), [](const Fix::Piece& p) { return p.has_units; });
    default: return false;
  }
}

// The SPEC's fixed point: fixing the output changes nothing, checking it
// leaves no edit whose fix is applied, and no claim is lost or reordered.
void expect_fixed_point(std::string_view input, const std::string& what) {
  SCOPED_TRACE(what);
  const Fixed once = fix(input);
  const Fixed twice = fix(once.out);
  EXPECT_EQ(twice.out, once.out) << "fixing the output again changed it";
  EXPECT_TRUE(twice.changes.empty());
  const auto before = see(input), after = see(once.out);
  ASSERT_EQ(after.size(), before.size()) << "claims lost or gained";
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i].id, before[i].id);
    if (after[i].status != ClaimStatus::kChecked) continue;
    const bool reverted = std::any_of(once.notices.begin(), once.notices.end(),
                                      [&](const FixNotice& n) { return n.claim_id == before[i].id; });
    if (reverted) continue;
    for (const Edit& e : after[i].edits)
      EXPECT_FALSE(applied_kind(e)) << after[i].id << ": " << e.message << " still proposes " << fix_text(e.fix);
  }
}

std::string x12_of(const std::vector<std::string>& claim_segments, const Style& st = {}) {
  using namespace x12_testing;
  return render(interchange(concat({provider_and_subscriber(), claim_segments})), st).text;
}

// The segments of an X12 text (terminator '~', line breaks after it dropped).
std::vector<std::string> segments(std::string_view t, char term = '~') {
  std::vector<std::string> out;
  size_t p = 0;
  while (p < t.size()) {
    while (p < t.size() && (t[p] == '\n' || t[p] == '\r')) ++p;
    if (p >= t.size()) break;
    size_t e = t.find(term, p);
    if (e == std::string_view::npos) e = t.size();
    out.emplace_back(t.substr(p, e - p));
    p = e + 1;
  }
  return out;
}

// SE01 is the count of segments from ST through SE; LX counts 1, 2, ...
// in each claim; CLM02 is the sum of the claim's SV102.
void expect_counts_right(std::string_view t) {
  const auto segs = segments(t);
  size_t st = 0;
  int lx = 0;
  long clm_cents = -1, sum = 0;
  auto close_claim = [&] {
    if (clm_cents >= 0) EXPECT_EQ(sum, clm_cents) << "CLM02 is not the sum of the lines";
    clm_cents = -1;
    sum = 0;
  };
  auto cents = [](std::string_view s) { return static_cast<long>(Money::parse(s)->raw()); };
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string& s = segs[i];
    if (s.rfind("ST*", 0) == 0) st = i;
    if (s.rfind("SE*", 0) == 0) {
      close_claim();
      EXPECT_EQ(std::stoul(s.substr(3)), i - st + 1) << "SE01 of the set at segment " << st + 1;
    }
    if (s.rfind("HL*", 0) == 0) close_claim();
    if (s.rfind("CLM*", 0) == 0) {
      close_claim();
      const auto a = s.find('*', 4);
      clm_cents = cents(s.substr(a + 1, s.find('*', a + 1) - a - 1));
      lx = 0;
    }
    if (s.rfind("LX*", 0) == 0) EXPECT_EQ(std::stoi(s.substr(3)), ++lx) << s;
    if (s.rfind("SV1*", 0) == 0) {
      const auto a = s.find('*', 4);
      sum += cents(s.substr(a + 1, s.find('*', a + 1) - a - 1));
    }
  }
}

const FixChange* change(const Fixed& f, std::string_view rule) {
  for (const FixChange& c : f.changes)
    if (c.rule == rule) return &c;
  return nullptr;
}

// --- each fix, applied as the SPEC says ---

TEST(FixApplies, SetUnitsAndTheChargeFollowsAtTheLinesUnitPrice) {
  // S9500 billed as 21 units over 7 days for 2100.00: 7 units at 100.00.
  const auto f = fix(claim().line("S9500", kWeek, 21).charge("2100.00").line("J0696", kWeek, 7).json());
  const auto s = see(f.out);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].lines[0], "S9500 7 700.00 2024-06-01..2024-06-07 pay");
  EXPECT_EQ(f.summary.exit_status(), kExitAllPaid);
  const FixChange* c = change(f, "per-diem-units");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->line, 1u);
  EXPECT_EQ(c->before.units, units(21));
  ASSERT_EQ(c->after.size(), 1u);
  EXPECT_EQ(c->after[0].units, units(7));
  EXPECT_EQ(c->after[0].charge.fixed_text(), "700.00");
}

TEST(FixApplies, ChargesAreRoundedToTheCentHalfAwayFromZero) {
  ServiceLine l;
  l.units = units(7);
  l.charge = Money::from_raw(10000);  // 100.00 for 7: 14.2857... a unit
  EXPECT_EQ(perdiem::fix::charge_for(l, units(3)).fixed_text(), "42.86");
  l.units = units(8);
  l.charge = Money::from_raw(100);  // 1.00 for 8: 0.125 a unit
  EXPECT_EQ(perdiem::fix::charge_for(l, units(1)).fixed_text(), "0.13");  // 0.125 rounds up
  EXPECT_EQ(perdiem::fix::charge_for(l, units(8)).fixed_text(), "1.00");
  l.units = Quantity{};
  EXPECT_EQ(perdiem::fix::charge_for(l, units(2)).fixed_text(), "1.00");  // no units: the charge stays
}

TEST(FixApplies, AddsTheConcurrentTherapyModifier) {
  // IVIG alongside an anti-infective on the same days, with no SH: SH is added.
  const auto f = fix(with_ivig(antibiotic_week(), kWeek).json());
  const auto s = see(f.out);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(std::any_of(s[0].lines.begin(), s[0].lines.end(),
                          [](const std::string& l) { return l.rfind("S9338-SH ", 0) == 0; }))
      << ::testing::PrintToString(s[0].lines);
  EXPECT_NE(change(f, "concurrent-therapy-modifier"), nullptr);
}

TEST(FixApplies, RemovesABundledSupplyLineRenumbersAndRecounts) {
  auto claim = x12_testing::home_infusion_claim();
  // A J7051 supply line after the others and an A4221 among them: bundled,
  // remove_line, as the J3490 saline flush the claim has already.
  for (const char* s : {"LX*4", "SV1*HC:J7051*15.12*UN*28*12**1", "DTP*472*RD8*20240601-20240607"}) claim.push_back(s);
  claim.insert(claim.begin() + 2, {"LX*1", "SV1*HC:A4221*20.00*UN*1*12**1", "DTP*472*D8*20240601"});
  // LX numbers as sent are 1,1,2,3,4; renumbered in the output.
  const std::string in = x12_of(claim);
  const auto f = fix(in);
  EXPECT_EQ(std::count_if(f.changes.begin(), f.changes.end(), [](const FixChange& c) { return c.rule == "supply-bundled"; }),
            3);
  EXPECT_EQ(f.out.find("J7051"), std::string::npos);
  EXPECT_EQ(f.out.find("A4221"), std::string::npos);
  expect_counts_right(f.out);
  const auto s = see(f.out);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].lines.size(), 2u);  // the per diem and its drug
}

TEST(FixApplies, SplitsAPerDiemIntoOneLoopAPieceWithItsOwnDates) {
  // IVIG with SH outlasts the anti-infective: concurrent on days 1-3, alone
  // on 4-5, where SH must go: two pieces, 3 units with SH and 2 without.
  auto cj = claim().line("S9500", June(1, 3), 3).line("J0696", June(1, 3), 3);
  cj = with_ivig(cj, June(1, 5), "SH");
  const auto f = fix(cj.json());
  const auto s = see(f.out);
  ASSERT_EQ(s.size(), 1u);
  std::vector<std::string> ivig;
  for (const std::string& l : s[0].lines)
    if (l.rfind("S9338", 0) == 0) ivig.push_back(l);
  ASSERT_EQ(ivig.size(), 2u) << ::testing::PrintToString(s[0].lines);
  EXPECT_NE(ivig[0].find("S9338-SH 3 "), std::string::npos) << ivig[0];
  EXPECT_NE(ivig[0].find("2024-06-01..2024-06-03"), std::string::npos) << ivig[0];
  EXPECT_NE(ivig[1].find("S9338 2 "), std::string::npos) << ivig[1];
  EXPECT_NE(ivig[1].find("2024-06-04..2024-06-05"), std::string::npos) << ivig[1];
}

TEST(FixApplies, ASplitLineInX12IsOneLoopAPieceWithItsDtp) {
  // The same claim in X12: the IVIG loop written twice, each with its own
  // DTP*472 and charge for its units, LX renumbered, SE01 recounted.
  std::vector<std::string> c = {
      "CLM*SPLIT1*2650.00***12:B:1*Y*A*Y*Y", "HI*ABK:A41.9*ABF:D80.1",
      "LX*1", "SV1*HC:S9500*300.00*UN*3*12**1", "DTP*472*RD8*20240601-20240603",
      "LX*2", "SV1*HC:J0696*30.00*UN*3*12**1", "DTP*472*RD8*20240601-20240603",
      "LX*3", "SV1*HC:S9338:SH*1000.00*UN*5*12**1", "DTP*472*RD8*20240601-20240605", "REF*6R*LINE3",
      "LX*4", "SV1*HC:J1569*1320.00*UN*50*12**1", "DTP*472*RD8*20240601-20240605",
  };
  const std::string in = x12_of(c);
  const auto f = fix(in);
  expect_counts_right(f.out);
  const auto segs = segments(f.out);
  std::vector<std::string> ivig;
  for (size_t i = 0; i < segs.size(); ++i)
    if (segs[i].rfind("SV1*HC:S9338", 0) == 0) ivig.push_back(segs[i] + " " + segs[i + 1] + " " + segs[i + 2]);
  ASSERT_EQ(ivig.size(), 2u) << f.out;
  EXPECT_EQ(ivig[0], "SV1*HC:S9338:SH*600.00*UN*3*12**1 DTP*472*RD8*20240601-20240603 REF*6R*LINE3");
  EXPECT_EQ(ivig[1], "SV1*HC:S9338*400.00*UN*2*12**1 DTP*472*RD8*20240604-20240605 REF*6R*LINE3");
}

TEST(FixApplies, PlaceOfServiceOnTheClaimWhenEveryLineMovesElseOnTheLine) {
  // Every line is a home infusion service denied for POS 11: CLM05-1 moves.
  std::vector<std::string> all = {"CLM*POS1*300.00***11:B:1*Y*A*Y*Y", "HI*ABK:A41.9",
                                  "LX*1",   "SV1*HC:99601*150.00*UN*1***1", "DTP*472*D8*20240601",
                                  "LX*2",   "SV1*HC:99602*150.00*UN*1***1", "DTP*472*D8*20240601"};
  auto f = fix(x12_of(all), 1);
  EXPECT_NE(f.out.find("CLM*POS1*300.00***12:B:1*Y*A*Y*Y~"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("SV1*HC:99601*150.00*UN*1***1~"), std::string::npos);
  // Only the per diem is edited (the drug is no home infusion service): its SV105.
  std::vector<std::string> one = {"CLM*POS2*960.00***11:B:1*Y*A*Y*Y", "HI*ABK:I50.23",
                                  "LX*1",   "SV1*HC:S9348*900.00*UN*3***1", "DTP*472*RD8*20240701-20240703",
                                  "LX*2",   "SV1*HC:J1250*60.00*UN*6***1",  "DTP*472*RD8*20240701-20240703"};
  f = fix(x12_of(one), 1);
  EXPECT_NE(f.out.find("CLM*POS2*960.00***11:B:1*Y*A*Y*Y~"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("SV1*HC:S9348*900.00*UN*3*12**1~"), std::string::npos) << f.out;
}

TEST(FixNeverApplies, FixesThatNeedFactsTheClaimDoesNotHold) {
  // A NOC drug without its NDC (add_ndc), a per diem without its drug
  // (add_line): findings, the claim written as sent, exit 1.
  const std::string in = claim().line("S9500", kWeek, 7).line("J3490", kWeek, 7).json();
  const auto f = fix(in);
  EXPECT_EQ(f.out, in);
  EXPECT_TRUE(f.changes.empty());
  EXPECT_EQ(f.summary.exit_status(), kExitSomeNotPaid);
  EXPECT_GT(f.summary.lines_not_paid_after, 0u);
}

TEST(FixNeverApplies, AClaimWhoseEveryLineWouldGoIsWrittenAsSentAndReported) {
  // S9537 is incidental (bundled) and A4221 a supply (bundled): both would
  // be removed, so nothing is, and the claim is reported.
  const std::string in = claim().line("S9537", kWeek, 7).line("A4221", June(1), 1).json();
  const auto s = see(in);
  ASSERT_EQ(s.size(), 1u);
  ASSERT_EQ(s[0].edits.size(), 2u);
  for (const Edit& e : s[0].edits) ASSERT_EQ(e.fix.kind, Fix::Kind::kRemoveLine) << e.message;
  const auto f = fix(in);
  EXPECT_EQ(f.out, in);
  EXPECT_TRUE(f.changes.empty());
  ASSERT_EQ(f.notices.size(), 1u);
  EXPECT_NE(f.notices[0].message.find("every line would be removed"), std::string::npos);
  EXPECT_EQ(f.summary.exit_status(), kExitSomeNotPaid);
}

TEST(FixKeeps, ARejectedClaimIsCopiedAsSentAndTheExitStatusIs2) {
  const std::string in = read_file(source_path("examples/damaged.837"));
  const auto f = fix(in);
  EXPECT_EQ(f.out, in);
  EXPECT_EQ(f.summary.exit_status(), kExitUnreadable);
}

TEST(FixKeeps, EveryByteOutsideTheChangedClaimsWhateverTheLineBreaks) {
  for (const Style& st : {Style{}, Style{'*', ':', '~', '^', "\r\n", ""}, Style{'|', '>', '\n', '^', "", ""},
                          Style{'*', ':', '~', '^', "\n", "\xEF\xBB\xBF"}}) {
    const std::vector<std::string> unchanged = {
        "CLM*KEEP1*1470.00***12:B:1*Y*A*Y*Y", "HI*ABK:A41.9", "LX*1", "SV1*HC:S9500*1400.00*UN*7*12**1",
        "DTP*472*RD8*20240601-20240607", "LX*2", "SV1*HC:J0696*70.00*UN*7*12**1", "DTP*472*RD8*20240601-20240607",
        "LIN**N4*00004196501", "CTP****7*UN"};
    std::vector<std::string> changed = {"CLM*FIX1*2100.00***12:B:1*Y*A*Y*Y", "HI*ABK:A41.9",
                                        "LX*1",  "SV1*HC:S9500*2100.00*UN*21*12**1", "DTP*472*RD8*20240601-20240607",
                                        "LX*2",  "SV1*HC:J0696*100.00*UN*7*12**1",   "DTP*472*RD8*20240601-20240607"};
    const auto doc = x12_testing::render(
        x12_testing::interchange(x12_testing::concat(
            {x12_testing::provider_and_subscriber(), unchanged, {"HL*3*1*22*0", "SBR*P*18*GRP1******CI",
                                                                   "NM1*IL*1*ROE*RICHARD****MI*MEMBER002"},
             changed})),
        st);
    const auto f = fix(doc.text);
    ASSERT_EQ(f.summary.claims_changed, 1u);
    // Everything up to the changed claim is the same bytes.
    const size_t at = doc.text.find("CLM" + std::string(1, st.element) + "FIX1");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(f.out.substr(0, at), doc.text.substr(0, at));
    // After it, only SE01 differs (the set has the same number of segments).
    const size_t se = doc.text.rfind("SE" + std::string(1, st.element));
    EXPECT_EQ(f.out.substr(f.out.rfind("SE" + std::string(1, st.element))), doc.text.substr(se));
    // Inside it, only SV1's units and charge and CLM02.
    const std::string fixed_claim = f.out.substr(at, f.out.rfind("SE" + std::string(1, st.element)) - at);
    const std::string t(1, st.terminator);
    const std::string e(1, st.element);
    EXPECT_NE(fixed_claim.find("CLM" + e + "FIX1" + e + "800.00" + e), std::string::npos) << fixed_claim;
    EXPECT_NE(fixed_claim.find("SV1" + e + "HC" + std::string(1, st.component) + "S9500" + e + "700.00" + e + "UN" + e +
                               "7" + e + "12" + e + e + "1" + t + st.after),
              std::string::npos)
        << fixed_claim;
  }
}

// --- the fixed point, over everything there is ---

TEST(FixedPoint, EveryExample) {
  for (const char* name : {"examples/home-infusion.837", "examples/claims.json", "examples/claims.ndjson",
                           "examples/damaged.837"}) {
    const std::string in = read_file(source_path(name));
    expect_fixed_point(in, name);
    if (std::string_view(name).ends_with(".837")) expect_counts_right(fix(in).out);
  }
}

TEST(FixedPoint, EveryRulesExampleClaim) {
  const Pack& pack = engine().headline_pack();
  int with_changes = 0;
  for (const RuleDef& r : pack.rules) {
    if (r.example.empty()) continue;
    expect_fixed_point(r.example, r.id);
    with_changes += !fix(r.example).changes.empty();
  }
  EXPECT_GT(with_changes, 5);  // most rules' examples carry a fix fix applies
}

TEST(FixedPoint, ThePublicCorpusIsCopiedByteForByteWhenNothingChanges) {
  const auto dir = corpus_dir();
  if (!dir) GTEST_SKIP() << "../shared/corpus is not beside the checkout";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string in = read_file(entry.path().string());
    if (in.find("005010X222") == std::string::npos) continue;  // 837P only
    ++files;
    const auto f = fix(in);
    if (f.changes.empty()) EXPECT_EQ(f.out, in) << entry.path();
    expect_fixed_point(in, entry.path().string());
  }
  EXPECT_GT(files, 0);
}

TEST(FixedPoint, GeneratedClaimsOnAnyNumberOfThreads) {
  for (uint64_t seed : {1u, 2u}) {
    GenOptions o;
    o.claims = 2500;
    o.seed = seed;
    o.error_rate = 0.7;
    o.claims_per_st = 300;
    std::string in;
    generate_837(o, [&in](std::string_view s) { in.append(s); });
    const auto one = fix(in, 1);
    EXPECT_GT(one.summary.claims_changed, 500u);
    const auto two = fix(in, 2, 64 * 1024);
    EXPECT_EQ(two.out, one.out) << "seed " << seed << ": threads changed the output";
    expect_counts_right(one.out);
    expect_fixed_point(in, "seed " + std::to_string(seed));
  }
}

// --- JSON: what fix does not change stays as written ---

TEST(FixJson, UnknownMembersAndLayoutAreKept) {
  const std::string in =
      "[\n  {\"claim_id\": \"J1\", \"member_id\": \"M1\", \"place_of_service\": \"12\", \"x_batch\": {\"n\": [1, 2]},\n"
      "   \"lines\": [\n"
      "     {\"code\": \"S9500\", \"from\": \"2024-06-01\", \"to\": \"2024-06-07\", \"units\": 21, \"charge\": 2100.00, "
      "\"x_note\": \"keep me\"},\n"
      "     {\"code\": \"J0696\", \"from\": \"2024-06-01\", \"to\": \"2024-06-07\", \"units\": 7, \"charge\": 70.00},\n"
      "     {\"code\": \"J7051\", \"from\": \"2024-06-01\", \"units\": 1, \"charge\": \"5.00\"}\n"
      "   ]}\n]\n";
  const auto f = fix(in);
  const std::string want =
      "[\n  {\"claim_id\": \"J1\", \"member_id\": \"M1\", \"place_of_service\": \"12\", \"x_batch\": {\"n\": [1, 2]},\n"
      "   \"lines\": [\n"
      "     {\"code\": \"S9500\", \"from\": \"2024-06-01\", \"to\": \"2024-06-07\", \"units\": 7, \"charge\": 700.00, "
      "\"x_note\": \"keep me\"},\n"
      "     {\"code\": \"J0696\", \"from\": \"2024-06-01\", \"to\": \"2024-06-07\", \"units\": 7, \"charge\": 70.00}\n"
      "   ]}\n]\n";
  EXPECT_EQ(f.out, want);
  EXPECT_EQ(see(f.out).size(), 1u);
}

TEST(FixJson, NdjsonLinesStayLines) {
  const std::string a = claim().id("N1").line("S9500", kWeek, 21).line("J0696", kWeek, 7).json();
  const std::string b = claim().id("N2").line("S9500", kWeek, 7).line("J0696", kWeek, 7).json();
  const std::string in = a + "\n" + b + "\n";
  const auto f = fix(in);
  EXPECT_EQ(std::count(f.out.begin(), f.out.end(), '\n'), 2);
  EXPECT_EQ(f.out.substr(f.out.find('\n') + 1), b + "\n");
  EXPECT_EQ(see(f.out).size(), 2u);
}

TEST(FixChanges, EachChangeIsOneJsonLineWithItsBeforeAndAfter) {
  const auto f = fix(claim().id("C9").line("S9500", kWeek, 21).charge("2100.00").line("J0696", kWeek, 7).json());
  ASSERT_EQ(f.changes.size(), 1u);
  EXPECT_EQ(change_json(f.changes[0]),
            "{\"claim_id\":\"C9\",\"line\":1,\"round\":1,\"rule\":\"per-diem-units\",\"fix\":{\"set_units\":7},"
            "\"before\":{\"code\":\"S9500\",\"modifiers\":[],\"from\":\"2024-06-01\",\"to\":\"2024-06-07\","
            "\"units\":21,\"charge\":\"2100.00\",\"place_of_service\":\"12\"},"
            "\"after\":[{\"code\":\"S9500\",\"modifiers\":[],\"from\":\"2024-06-01\",\"to\":\"2024-06-07\","
            "\"units\":7,\"charge\":\"700.00\",\"place_of_service\":\"12\"}]}");
}

}  // namespace
}  // namespace perdiem::testing
