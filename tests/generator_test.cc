// `perdiem gen`: determinism, a well-formed envelope the reader accepts
// without a problem, clean claims the engine pays in full, breaks that fire
// the rule they were made for, and output handed over in bounded chunks.
#include <algorithm>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/generator.h"
#include "perdiem/input.h"
#include "perdiem/pack.h"
#include "test_util.h"

namespace {

using namespace perdiem;
using perdiem::testing::CollectingSink;
using perdiem::testing::source_path;

std::string generate(const GenOptions& o, GenStats* stats = nullptr) {
  std::string s;
  const GenStats st = generate_837(o, [&](std::string_view chunk) { s.append(chunk); });
  if (stats) *stats = st;
  return s;
}

GenOptions options(uint64_t claims, uint64_t seed, double error_rate) {
  GenOptions o;
  o.claims = claims;
  o.seed = seed;
  o.error_rate = error_rate;
  return o;
}

std::shared_ptr<const PackSet> pack() {
  static std::shared_ptr<const PackSet> p = [] {
    std::vector<PackError> errors;
    auto loaded = load_pack(source_path("packs/cpcp019"), errors);
    for (const auto& e : errors) ADD_FAILURE() << e.text();
    return loaded;
  }();
  return p;
}

// One checked claim, reduced to what the tests look at.
struct Checked {
  std::string id;
  ClaimStatus status = ClaimStatus::kChecked;
  std::vector<Decision> decisions;
  std::set<std::string> rules;  // every rule that made an edit
  std::string explain;          // codes, decisions and messages, for failure output
  Date earliest;                // the claim's first date of service
};

struct CheckingSink : ClaimSink {
  const Engine& engine;
  std::vector<Checked> claims;
  std::vector<Problem> file_problems;
  explicit CheckingSink(const Engine& e) : engine(e) {}
  void on_claim(Claim&& c) override {
    const ClaimResult r = engine.check(c);
    Checked k;
    k.id = std::string(c.claim_id);
    k.status = r.status;
    k.earliest = c.earliest_date();
    for (const auto& p : c.problems) k.explain += "problem: " + p.message + "\n";
    for (size_t i = 0; i < r.lines.size(); ++i) {
      k.decisions.push_back(r.lines[i].decision);
      k.explain += "  " + std::string(c.lines[i].code);
      for (uint8_t m = 0; m < c.lines[i].modifier_count; ++m) k.explain += "-" + std::string(c.lines[i].modifiers[m]);
      k.explain += " " + std::string(decision_name(r.lines[i].decision)) + "\n";
      for (const auto& e : r.lines[i].edits) {
        k.rules.insert(e.rule->id);
        k.explain += "    " + e.rule->id + ": " + e.message + "\n";
      }
    }
    claims.push_back(std::move(k));
  }
  void on_file_problem(const Problem& p) override { file_problems.push_back(p); }
};

std::vector<Checked> check_all(const std::string& x12, std::vector<Problem>* file_problems = nullptr) {
  Engine engine(pack());
  CheckingSink sink(engine);
  read_x12(x12, "gen.837", sink);
  if (file_problems) *file_problems = sink.file_problems;
  return std::move(sink.claims);
}

TEST(Generator, SameSeedGivesTheSameBytesWhateverTheChunkSize) {
  GenOptions a = options(2000, 42, 0.3);
  GenOptions b = a;
  b.chunk_bytes = 4096;
  const std::string x = generate(a);
  EXPECT_EQ(x, generate(a));
  EXPECT_EQ(x, generate(b));
  EXPECT_NE(x, generate(options(2000, 43, 0.3)));
}

TEST(Generator, OutputIsPinnedAcrossPlatforms) {
  // FNV-1a of the output for one seed. The generator uses its own PRNG and
  // integer arithmetic only, so this holds on every platform and standard
  // library (checked with GCC 12 and Clang 14: C++ leaves the order of function
  // arguments unspecified, so random draws are never two arguments of one call).
  // Update the constant only when the generator is changed on purpose.
  const std::string x = generate(options(300, 2024, 0.3));
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char ch : x) h = (h ^ ch) * 0x100000001b3ull;
  EXPECT_EQ(h, 0xb79353213e0f6612ull) << std::hex << "0x" << h << " bytes " << std::dec << x.size();
}

TEST(Generator, EnvelopeReadsWithoutAProblem) {
  GenOptions o = options(2000, 7, 0.3);
  o.claims_per_st = 47;      // a partial last ST
  o.st_per_interchange = 9;  // several interchanges, a partial last one
  GenStats stats;
  const std::string x = generate(o, &stats);
  EXPECT_EQ(stats.claims, 2000u);
  EXPECT_EQ(stats.transaction_sets, (2000u + 46) / 47);
  EXPECT_EQ(stats.interchanges, (stats.transaction_sets + 8) / 9);
  EXPECT_EQ(stats.bytes, x.size());

  // Every ISA is exactly 106 characters; one segment per line.
  size_t isa = 0;
  for (size_t at = x.find("ISA*"); at != std::string::npos; at = x.find("\nISA*", at + 1)) {
    if (x[at] == '\n') ++at;
    EXPECT_EQ(x.find('~', at) - at + 1, 106u);
    ++isa;
  }
  EXPECT_EQ(isa, stats.interchanges);

  CollectingSink sink;
  read_x12(x, "gen.837", sink);
  for (const auto& p : sink.file_problems) ADD_FAILURE() << "file problem at segment " << p.segment << ": " << p.message;
  ASSERT_EQ(sink.claims.size(), 2000u);
  std::set<std::string_view> ids;
  for (const Claim& c : sink.claims) {
    EXPECT_TRUE(c.problems.empty()) << c.claim_id << ": " << c.problems.front().message;
    ids.insert(c.claim_id);
    Money sum;
    for (const auto& l : c.lines) sum += l.charge;
    EXPECT_EQ(sum, c.total_charge) << c.claim_id << ": CLM02 is not the sum of the line charges";
    EXPECT_EQ(c.billing_taxonomy, "3336H0001X");
    EXPECT_EQ(c.member_id.substr(0, 3), "SYN");
    EXPECT_FALSE(c.diagnoses.empty());
    EXPECT_GE(c.earliest_date(), Date::from_ymd(2024, 4, 15));
    for (const auto& l : c.lines) EXPECT_LE(l.dates.to, Date::from_ymd(2025, 12, 31)) << c.claim_id;
  }
  EXPECT_EQ(ids.size(), 2000u);
}

TEST(Generator, CleanClaimsArePaidInFull) {
  const auto checked = check_all(generate(options(5000, 11, 0.0)));
  ASSERT_EQ(checked.size(), 5000u);
  int reported = 0;
  for (const Checked& c : checked) {
    bool all_pay = c.status == ClaimStatus::kChecked;
    for (Decision d : c.decisions) all_pay = all_pay && d == Decision::kPay;
    if (!all_pay && reported++ < 5)
      ADD_FAILURE() << c.id << " (" << status_name(c.status) << ") is not paid in full:\n" << c.explain;
  }
  EXPECT_EQ(reported, 0) << "clean claims with a line not paid";
  // Some courses begin before the policy's effective date and run into it:
  // judged whole, and paid (counted among the above).
  const auto before = std::count_if(checked.begin(), checked.end(),
                                    [](const Checked& c) { return c.earliest < Date::from_ymd(2024, 4, 22); });
  EXPECT_GT(before, 10);
}

TEST(Generator, EveryBrokenClaimHasALineNotPaidAndFiresItsRule) {
  GenOptions o = options(6000, 5, 1.0);
  std::vector<GenBreak> kinds;
  o.on_claim = [&](const GenClaimInfo& info) {
    EXPECT_EQ(info.index, kinds.size());
    kinds.push_back(info.kind);
  };
  const auto checked = check_all(generate(o));
  ASSERT_EQ(checked.size(), 6000u);
  ASSERT_EQ(kinds.size(), 6000u);
  std::map<GenBreak, int> seen;
  int reported = 0;
  for (size_t i = 0; i < checked.size(); ++i) {
    const Checked& c = checked[i];
    const GenBreak k = kinds[i];
    ASSERT_NE(k, GenBreak::kNone);
    ++seen[k];
    bool some_not_paid = false;
    for (Decision d : c.decisions) some_not_paid = some_not_paid || d != Decision::kPay;
    const std::string rule = gen_break_rule(k);
    if ((!some_not_paid || !c.rules.count(rule) || c.status != ClaimStatus::kChecked) && reported++ < 5)
      ADD_FAILURE() << c.id << " break " << gen_break_name(k) << " should fire " << rule << ":\n" << c.explain;
  }
  EXPECT_EQ(reported, 0);
  for (int k = 1; k < kGenBreakCount; ++k)
    EXPECT_GT(seen[static_cast<GenBreak>(k)], 0) << gen_break_name(static_cast<GenBreak>(k)) << " never drawn";
}

TEST(Generator, BreakKindsCoverEveryRuleOfThePack) {
  std::set<std::string> fired;
  for (int k = 1; k < kGenBreakCount; ++k) fired.insert(gen_break_rule(static_cast<GenBreak>(k)));
  for (const RuleDef& r : pack()->latest().rules) EXPECT_TRUE(fired.count(r.id)) << r.id << " has no break kind";
}

TEST(Generator, ErrorRateIsTheShareOfBrokenClaims) {
  GenStats stats;
  generate(options(20000, 3, 0.3), &stats);
  const double share = 1.0 - static_cast<double>(stats.breaks[0]) / static_cast<double>(stats.claims);
  EXPECT_NEAR(share, 0.3, 0.02);
}

TEST(Generator, StreamsInBoundedChunks) {
  GenOptions o = options(200000, 9, 0.3);
  size_t largest = 0, chunks = 0;
  uint64_t bytes = 0, claims = 0;
  o.on_claim = [&](const GenClaimInfo&) { ++claims; };
  const GenStats stats = generate_837(o, [&](std::string_view chunk) {
    largest = std::max(largest, chunk.size());
    bytes += chunk.size();
    ++chunks;
  });
  EXPECT_EQ(claims, 200000u);
  EXPECT_EQ(stats.claims, 200000u);
  EXPECT_EQ(stats.bytes, bytes);
  EXPECT_GT(chunks, 50u);
  EXPECT_LE(largest, (1u << 20) + (64u << 10)) << "a chunk is the chunk size plus at most one claim";
}

TEST(Generator, NothingForZeroClaimsAndNothingForBadOptions) {
  EXPECT_EQ(generate(options(0, 1, 0.3)), "");
  GenOptions bad = options(10, 1, 1.5);
  EXPECT_FALSE(gen_options_error(bad).empty());
  EXPECT_EQ(generate(bad), "");
  bad = options(10, 1, 0.3);
  bad.claims_per_st = 0;
  EXPECT_FALSE(gen_options_error(bad).empty());
  bad = options(10, 1, 0.3);
  bad.start_date = "2024-13-01";
  EXPECT_FALSE(gen_options_error(bad).empty());
  EXPECT_TRUE(gen_options_error(options(10, 1, 0.3)).empty());
}

TEST(Generator, CommandLineWritesTheLibraryOutput) {
  const std::string cmd = "'" + std::string(PERDIEM_BINARY) + "' gen --claims 25 --seed 77 --error-rate 0.5 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  EXPECT_EQ(pclose(p), 0);
  EXPECT_EQ(out, generate(options(25, 77, 0.5)));
}

}  // namespace
