// Tests of duplicate claim ids (ClaimIdTracker, perdiem/input.h): the second
// claim with an id names the place of the first, across inputs when the
// tracker is shared, and the tracker's memory stays bounded.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "perdiem/input.h"
#include "x12_test_util.h"

namespace perdiem {
namespace {

using namespace x12_testing;

// ------------------------------------------------------ duplicate claim ids

CollectingSink read_input_of(std::string_view data, const std::string& name, ClaimIdTracker* ids) {
  CollectingSink sink;
  ReadLimits limits;
  limits.claim_ids = ids;
  read_input(data, name, sink, limits);
  return sink;
}

std::vector<const Problem*> warnings_on(const Claim& c, std::string_view element) {
  std::vector<const Problem*> out;
  for (const auto& p : c.problems)
    if (p.severity == Severity::kWarning && p.element == element) out.push_back(&p);
  return out;
}

TEST(ClaimIdTracker, ASecondClaimWithAnIdNamesThePlaceOfTheFirst) {
  auto second = home_infusion_claim("DUP1");
  second[0] = "CLM*DUP1*1814.19***12:B:7*Y*A*Y*Y";  // frequency 7: a replacement
  const Doc d = render(interchange(concat({provider_and_subscriber(), home_infusion_claim("DUP1"),
                                           home_infusion_claim("OTHER"), second})));
  const auto sink = read_input_of(d.text, "in.837", nullptr);
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_TRUE(warnings_on(sink.claims[0], "claim_id").empty());
  EXPECT_TRUE(warnings_on(sink.claims[1], "claim_id").empty());
  const auto w = warnings_on(sink.claims[2], "claim_id");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0]->message, "claim id \"DUP1\" was already used by the claim at in.837, segment " +
                               std::to_string(d.number("CLM*DUP1")) + ", byte " +
                               std::to_string(d.offset("CLM*DUP1")) +
                               " (this claim's frequency code 7 says it replaces or voids a claim); "
                               "both claims are reported");
  EXPECT_EQ(w[0]->segment, d.number("CLM*DUP1", 1));
  EXPECT_EQ(w[0]->offset, d.offset("CLM*DUP1", 1));
  EXPECT_FALSE(sink.claims[2].has_errors());
}

TEST(ClaimIdTracker, ASharedTrackerFindsIdsAcrossInputs) {
  ClaimIdTracker ids;
  const Doc d = home_infusion_doc();
  EXPECT_TRUE(warnings_on(read_input_of(d.text, "a.837", &ids).claims.at(0), "claim_id").empty());
  const auto again = read_input_of(d.text, "b.837", &ids);
  const auto w = warnings_on(again.claims.at(0), "claim_id");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0]->message.find("the claim at a.837, segment"), std::string::npos) << w[0]->message;
  // Without the shared tracker each input is on its own.
  EXPECT_TRUE(warnings_on(read_input_of(d.text, "c.837", nullptr).claims.at(0), "claim_id").empty());
}

TEST(ClaimIdTracker, RemembersAtMostKMaxIdsAndSaysOnceWhenFull) {
  ClaimIdTracker ids;
  ids.reserve(1000);
  std::vector<std::string> text;
  for (size_t i = 0; i <= ClaimIdTracker::kMaxIds + 2; ++i) text.push_back("ID" + std::to_string(i));
  auto note = [&](const std::string& id, bool& full) {
    Claim c;
    c.claim_id = id;
    c.file = "f.837";
    c.source = {7, 11};
    full = ids.note(c);
    return !warnings_on(c, "claim_id").empty();
  };
  bool full = false;
  int times_full = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    EXPECT_FALSE(note(text[i], full)) << i;
    times_full += full;
    EXPECT_EQ(full, i == ClaimIdTracker::kMaxIds) << i;
  }
  EXPECT_EQ(times_full, 1);
  EXPECT_TRUE(note(text[0], full));                          // remembered: reported
  EXPECT_TRUE(note(text[ClaimIdTracker::kMaxIds - 1], full));
  EXPECT_FALSE(note(text[ClaimIdTracker::kMaxIds], full));   // came too late: not remembered
  EXPECT_FALSE(full);
  Claim no_id;
  EXPECT_FALSE(ids.note(no_id));
  EXPECT_TRUE(no_id.problems.empty());
}

}  // namespace
}  // namespace perdiem
