// The JSON and NDJSON claim reader on bad input: every problem names the
// claim, the field path and why, and the next claim still reads; limits;
// input that is not valid JSON; truncation and byte flips never crash it and
// lose no claim.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

#include "json_test_util.h"
#include "perdiem/input.h"

using namespace perdiem;
using namespace perdiem::json_testing;

// ---- every problem names the claim, the field path and why; the next claim still reads

struct ErrorCase {
  const char* name;
  std::string claim;
  const char* element;
  const char* why;
};

TEST(JsonReader, EachClaimProblemNamesThePathAndTheNextClaimStillReads) {
  const std::string ok = R"("code":"S9500","from":"2024-06-01","units":1)";
  const std::vector<ErrorCase> cases = {
      {"units text", claim("X", R"("code":"S9500","from":"2024-06-01","units":"abc")"),
       "lines[0].units", "expected a number, found a string [value of 3 bytes, not shown]"},
      {"units object", claim("X", R"("code":"S9500","from":"2024-06-01","units":{"a":1})"),
       "lines[0].units", "expected a number, found an object"},
      {"units negative", claim("X", R"("code":"S9500","from":"2024-06-01","units":-2)"),
       "lines[0].units", "units is negative"},
      {"units missing", claim("X", R"("code":"S9500","from":"2024-06-01")"), "lines[0].units",
       "units is missing"},
      {"charge negative", claim("X", ok + R"(,"charge":"-5.00")"), "lines[0].charge",
       "charge is negative"},
      {"not a real date", claim("X", R"("code":"S9500","from":"2024-02-30","units":1)"),
       "lines[0].from", "from: [value of 10 bytes, not shown] is not a real date"},
      {"not an iso date", claim("X", R"("code":"S9500","from":"06/01/2024","units":1)"),
       "lines[0].from", "[value of 10 bytes, not shown] is not an ISO date"},
      {"date number", claim("X", R"("code":"S9500","from":20240601,"units":1)"), "lines[0].from",
       "found a number 20240601"},
      {"from missing", claim("X", R"("code":"S9500","units":1)"), "lines[0].from",
       "from is missing"},
      {"to before from", claim("X", ok + R"(,"to":"2024-05-31")"), "lines[0].to",
       "to is before from"},
      {"code missing", claim("X", R"("from":"2024-06-01","units":1)"), "lines[0].code",
       "code is missing"},
      {"code empty", claim("X", R"("code":"  ","from":"2024-06-01","units":1)"), "lines[0].code",
       "code is empty"},
      {"code number", claim("X", R"("code":9500,"from":"2024-06-01","units":1)"), "lines[0].code",
       "expected a string, found a number 9500"},
      {"five modifiers", claim("X", ok + R"(,"modifiers":["A1","A2","A3","A4","A5"])"),
       "lines[0].modifiers", "5 modifiers given; at most 4 are allowed"},
      {"modifiers string", claim("X", ok + R"(,"modifiers":"SH")"), "lines[0].modifiers",
       "expected an array of strings, found a string"},
      {"modifier number", claim("X", ok + R"(,"modifiers":["SH",5])"), "lines[0].modifiers[1]",
       "expected a string, found a number 5"},
      {"bad ndc", claim("X", ok + R"(,"ndc":"12AB")"), "lines[0].ndc", "is not an NDC"},
      {"lines empty", R"({"claim_id":"X","lines":[]})", "lines", "lines is empty"},
      {"lines missing", R"({"claim_id":"X"})", "lines", "lines is missing"},
      {"lines object", R"({"claim_id":"X","lines":{}})", "lines",
       "expected an array of service lines, found an object"},
      {"line not object", R"({"claim_id":"X","lines":[7]})", "lines[0]",
       "expected a service line object, found a number"},
      {"claim_id missing", R"({"lines":[{)" + ok + "}]}", "claim_id", "claim_id is missing"},
      {"claim_id empty", R"({"claim_id":"","lines":[{)" + ok + "}]}", "claim_id",
       "claim_id is empty"},
      {"claim_id null", R"({"claim_id":null,"lines":[{)" + ok + "}]}", "claim_id",
       "expected a string, found null"},
      {"diagnoses not array", claim("X", ok, R"("diagnoses":"A41.9",)"), "diagnoses",
       "expected an array of strings"},
      {"diagnosis empty", claim("X", ok, R"("diagnoses":["A41.9",""],)"), "diagnoses[1]",
       "the diagnosis code is empty"},
      {"duplicate field", claim("X", ok + R"(,"units":2)"), "lines[0].units",
       "given more than once"},
      {"claim not object", "7", "", "expected a claim object, found a number"},
  };
  const std::string next = claim("NEXT");
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.name);
    for (bool ndjson : {false, true}) {
      const std::string text = ndjson ? "\n" + tc.claim + "\n" + next + "\n"
                                      : "[" + tc.claim + "," + next + "]";
      auto sink = read(text, ndjson);
      EXPECT_TRUE(sink.file_problems.empty());
      ASSERT_EQ(sink.claims.size(), 2u);
      const Claim& bad = sink.claims[0];
      ASSERT_TRUE(bad.has_errors());
      const Problem& p = only_problem(bad);
      EXPECT_EQ(p.element, tc.element);
      EXPECT_NE(p.message.find(tc.why), std::string::npos) << p.message;
      if (ndjson) {
        EXPECT_EQ(p.segment, 2u);
        EXPECT_EQ(p.message.rfind("line 2: ", 0), 0u) << p.message;
        EXPECT_GE(p.offset, 1u);
      } else {
        EXPECT_EQ(p.segment, 0u);
        EXPECT_EQ(p.message.rfind("array element 0: ", 0), 0u) << p.message;
      }
      EXPECT_LT(p.offset, text.find("NEXT"));
      EXPECT_GE(p.offset, bad.source.offset);
      const std::string name = tc.name;
      const bool no_id = name == "claim_id missing" || name == "claim_id empty" ||
                         name == "claim_id null" || name == "claim not object";
      EXPECT_EQ(bad.claim_id, no_id ? "" : "X");
      const Claim& good = sink.claims[1];
      EXPECT_FALSE(good.has_errors()) << all_messages(good);
      EXPECT_EQ(good.claim_id, "NEXT");
    }
  }
}

TEST(JsonReader, ProblemOffsetPointsAtTheValue) {
  const std::string text = claim("A", R"("code":"S9500","from":"2024-06-01","units":"abc")");
  auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_EQ(only_problem(sink.claims[0]).offset, text.find("\"abc\""));
}

TEST(JsonReader, SeveralProblemsInOneClaimAreAllReported) {
  auto sink = read(claim("A", R"("code":"S9500","from":"2024-13-01","to":"x","units":-1,"charge":"1.001")"));
  ASSERT_EQ(sink.claims.size(), 1u);
  std::vector<std::string> elements;
  for (const auto& p : sink.claims[0].problems) elements.push_back(p.element);
  const std::vector<std::string> want = {"lines[0].from", "lines[0].to", "lines[0].charge",
                                         "lines[0].units"};
  EXPECT_EQ(elements, want) << all_messages(sink.claims[0]);
}

TEST(JsonReader, MemberDataIsNeverQuoted) {
  auto sink = read(claim("A", R"("code":"S9500","from":"2024-06-01","units":1)",
                         R"("member_id":987654321,)") +
                       "\n" + claim("B", R"("code":"S9500","from":"2024-06-01","units":1)",
                                    R"("member_id":["JANE DOE"],)"),
                   true);
  ASSERT_EQ(sink.claims.size(), 2u);
  const Problem& p = only_problem(sink.claims[0]);
  EXPECT_EQ(p.element, "member_id");
  EXPECT_EQ(p.message.find("987654321"), std::string::npos) << p.message;
  EXPECT_EQ(only_problem(sink.claims[1]).message.find("JANE"), std::string::npos);
}

// ---- limits

TEST(JsonReader, NestingDeeperThanTheLimitIsRejectedByName) {
  ReadLimits limits;
  limits.max_json_depth = 6;
  const std::string deep = claim("D", R"("code":"S9500","from":"2024-06-01","units":1,"x":[[[[[1]]]]])");
  for (bool ndjson : {false, true}) {
    const std::string text = ndjson ? deep + "\n" + claim("NEXT") : "[" + deep + "," + claim("NEXT") + "]";
    auto sink = read(text, ndjson, limits);
    EXPECT_TRUE(sink.file_problems.empty());
    ASSERT_EQ(sink.claims.size(), 2u);
    const Problem& p = only_problem(sink.claims[0]);
    EXPECT_NE(p.message.find("max_json_depth (6)"), std::string::npos) << p.message;
    EXPECT_EQ(sink.claims[0].claim_id, "D");  // recovered
    EXPECT_LT(p.offset, text.find("NEXT"));
    EXPECT_FALSE(sink.claims[1].has_errors());
  }
  // Within the limit: fine.
  limits.max_json_depth = 64;
  EXPECT_FALSE(read(deep, false, limits).claims.at(0).has_errors());
}

TEST(JsonReader, HostileNestingWithNoLimitDoesNotCrash) {
  ReadLimits limits;
  limits.max_json_depth = 0;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto sink = read("[" + claim("A", R"("code":"S9500","from":"2024-06-01","units":1,"x":)" + deep) + "]",
                   false, limits);
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_NE(only_problem(sink.claims[0]).message.find("maximum depth"), std::string::npos);
}

TEST(JsonReader, MoreLinesThanTheLimitIsRejectedByName) {
  ReadLimits limits;
  limits.max_lines_per_claim = 2;
  const std::string line = R"({"code":"S9500","from":"2024-06-01","units":1})";
  const std::string big = R"({"claim_id":"BIG","lines":[)" + line + "," + line + "," + line +
                          R"(],"member_id":"M9"})";
  auto sink = read("[" + big + "," + claim("NEXT") + "]", false, limits);
  ASSERT_EQ(sink.claims.size(), 2u);
  const Problem& p = only_problem(sink.claims[0]);
  EXPECT_EQ(p.element, "lines");
  EXPECT_NE(p.message.find("max_lines_per_claim (2)"), std::string::npos) << p.message;
  EXPECT_EQ(sink.claims[0].member_id, "M9");  // fields after the cut are still read
  EXPECT_EQ(sink.claims[0].lines.size(), 2u);
  EXPECT_FALSE(sink.claims[1].has_errors());
}

TEST(JsonReader, NdjsonLineLongerThanTheLimitIsRejectedByName) {
  ReadLimits limits;
  limits.max_segment_bytes = 200;
  const std::string long_claim =
      claim("LONG", R"("code":"S9500","from":"2024-06-01","units":1)", R"("pad":")" + std::string(300, 'x') + R"(",)");
  auto sink = read(long_claim + "\n" + claim("NEXT") + "\n", true, limits);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[0].claim_id, "LONG");
  EXPECT_NE(only_problem(sink.claims[0]).message.find("max_segment_bytes (200)"), std::string::npos);
  EXPECT_FALSE(sink.claims[1].has_errors());
}

TEST(JsonReader, MoreClaimsThanTheLimitIsAFileProblem) {
  ReadLimits limits;
  limits.max_claims = 2;
  auto sink = read("[" + claim("A") + "," + claim("B") + "," + claim("C") + "]", false, limits);
  EXPECT_EQ(sink.claims.size(), 2u);
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_NE(sink.file_problems[0].message.find("max_claims (2)"), std::string::npos);
}

// ---- input that is not valid JSON

TEST(JsonReader, NdjsonLineThatIsNotJsonIsARejectedClaimAndReadingGoesOn) {
  const std::string text = claim("A") + "\n" + R"({"claim_id":"BROKEN","lines":[{"code":}]})" +
                           "\nnot json at all\n" + claim("B") + "\n" + claim("C") + " trailing\n";
  auto sink = read(text, true);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 5u);
  EXPECT_FALSE(sink.claims[0].has_errors());
  EXPECT_EQ(sink.claims[1].claim_id, "BROKEN");
  const Problem& p = only_problem(sink.claims[1]);
  EXPECT_EQ(p.segment, 2u);
  EXPECT_NE(p.message.find("not valid JSON"), std::string::npos) << p.message;
  EXPECT_GE(p.offset, text.find("BROKEN"));
  EXPECT_EQ(sink.claims[2].claim_id, "");
  EXPECT_EQ(only_problem(sink.claims[2]).segment, 3u);
  EXPECT_FALSE(sink.claims[3].has_errors());
  EXPECT_EQ(sink.claims[3].claim_id, "B");
  EXPECT_EQ(sink.claims[4].claim_id, "C");
  EXPECT_NE(only_problem(sink.claims[4]).message.find("text follows"), std::string::npos);
}

TEST(JsonReader, BrokenArrayElementIsAFileProblemAndARejectedClaimAndTheOthersAreRead) {
  const std::string broken = R"({"claim_id":"C3","lines":[{"code":"S9500",}]})";
  const std::string text = "[" + claim("A") + "," + claim("B") + "," + broken + "," + claim("D") + "]";
  auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 4u);
  EXPECT_EQ(sink.claims[0].claim_id, "A");
  EXPECT_EQ(sink.claims[1].claim_id, "B");
  EXPECT_EQ(sink.claims[2].claim_id, "C3");
  EXPECT_TRUE(sink.claims[2].has_errors());
  EXPECT_EQ(sink.claims[3].claim_id, "D");
  EXPECT_FALSE(sink.claims[3].has_errors());
  ASSERT_EQ(sink.file_problems.size(), 1u);
  const Problem& p = sink.file_problems[0];
  EXPECT_GE(p.offset, text.find(broken));
  EXPECT_LT(p.offset, text.find(broken) + broken.size());
  EXPECT_NE(p.message.find("array element 2"), std::string::npos) << p.message;
}

TEST(JsonReader, MalformedDocumentsAreFileProblems) {
  struct Case { std::string text; const char* why; };
  const std::vector<Case> cases = {
      {"", "empty"},
      {"   \n", "empty"},
      {"{", "not valid"},
      {"[", "not closed"},
      {"[" + claim("A"), "not closed"},
      {"[" + claim("A") + ",]", "comma"},
      {"[" + claim("A") + " " + claim("B") + "]", "expected , or ]"},
      {"[" + claim("A") + "] x", "text follows"},
      {claim("A") + " " + claim("B"), "text follows"},
      {"42", "a number"},
      {"\"C1\"", "a string"},
      {"null", "null"},
      {"true", "a boolean"},
      {"<xml/>", "not JSON"},
      {"[" + claim("A") + ",{\"claim_id\":\"\xff\xfe\"}]", "UTF-8"},
      {"[{\"claim_id\":\"A\",\"lines\":[],\"x\":tru}]", "not valid"},
      {"[{\"claim_id\":\"A\",\"lines\":[],\"x\":01}]", "not valid"},
      {"[{\"claim_id\":\"A\",\"lines\":[],\"x\":\"\\q\"}]", "not valid"},
      {"[{\"claim_id\" \"A\"}]", "not valid"},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.text);
    auto sink = read(tc.text);
    ASSERT_EQ(sink.file_problems.size(), 1u);
    EXPECT_NE(sink.file_problems[0].message.find(tc.why), std::string::npos)
        << sink.file_problems[0].message;
    EXPECT_LE(sink.file_problems[0].offset, tc.text.size());
    // Claims are read or rejected, never lost; B after a missing comma is read.
    for (const auto& c : sink.claims)
      EXPECT_TRUE(c.claim_id == "A" || c.claim_id == "B" || c.has_errors()) << c.claim_id;
  }
  // A UTF-8 error is located at the bad byte.
  const std::string bad = "[" + claim("A") + ",{\"claim_id\":\"\xff\xfe\"}]";
  EXPECT_EQ(read(bad).file_problems.at(0).offset, bad.find('\xff'));
}

// ---- hostile input: truncation and byte flips never crash, nothing is lost

namespace {

bool valid_json(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  return parser.parse(text).get(root) == simdjson::SUCCESS;
}

// Checks the reader's accounting for one input: something is reported for a
// non-blank input, and a claim passed as clean is whole.
void check_accounting(const std::string& text, bool ndjson) {
  auto sink = read(text, ndjson);
  const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!ndjson || !blank) {
    ASSERT_FALSE(sink.claims.empty() && sink.file_problems.empty()) << text;
  }
  for (const auto& c : sink.claims) {
    if (c.has_errors()) {
      for (const auto& p : c.problems) ASSERT_LE(p.offset, text.size());
      continue;
    }
    ASSERT_FALSE(c.claim_id.empty());
    ASSERT_FALSE(c.lines.empty());
    for (const auto& l : c.lines) ASSERT_LE(l.dates.from, l.dates.to);
  }
  for (const auto& p : sink.file_problems) ASSERT_LE(p.offset, text.size());
  // Not valid JSON: never read as one clean claim with no problem reported.
  if (text.find('\n') == std::string::npos && !valid_json(text)) {
    const bool any_problem = !sink.file_problems.empty() ||
                             (!sink.claims.empty() && sink.claims[0].has_errors());
    ASSERT_TRUE(any_problem || blank) << text;
  }
  // JSON mode agrees with an independent validator (simdjson's DOM parser):
  // a claim object or array is read without a file problem exactly when it
  // is valid JSON.
  if (!ndjson && !text.empty() && (text[0] == '{' || text[0] == '[')) {
    const bool valid = valid_json(text);
    ASSERT_EQ(sink.file_problems.empty(), valid) << text;
    if (valid && text[0] == '{') {
      ASSERT_EQ(sink.claims.size(), 1u) << text;
    }
  }
  // NDJSON: one claim for each line that is not blank, never a file problem.
  if (ndjson) {
    ASSERT_TRUE(sink.file_problems.empty()) << text;
    size_t lines = 0;
    for (size_t b = 0; b <= text.size();) {
      size_t e = text.find('\n', b);
      if (e == std::string::npos) e = text.size();
      std::string line = text.substr(b, e - b);
      if (b == 0 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      if (line.find_first_not_of(" \t\r") != std::string::npos) ++lines;
      b = e + 1;
    }
    ASSERT_EQ(sink.claims.size(), lines) << text;
  }
}

}  // namespace

TEST(JsonReader, TruncatedAtEveryByteNeverCrashesAndIsNeverClean) {
  for (size_t n = 0; n <= kExample.size(); ++n) {
    const std::string text = kExample.substr(0, n);
    check_accounting(text, false);
    check_accounting(text, true);
    check_accounting("[" + text, false);
    if (n == kExample.size()) continue;
    for (bool ndjson : {false, true}) {
      auto sink = read(text, ndjson);
      for (const auto& c : sink.claims) ASSERT_TRUE(c.has_errors()) << text;
    }
  }
}

TEST(JsonReader, FlippedBytesNeverCrash) {
  const char flips[] = {'x', '"', '{', '}', '[', ']', ',', ':', '0', '-', '.', '\\', ' ', '\n',
                        '\0', '\x7f', '\xff', '\xc3', 'e', 'n'};
  for (size_t i = 0; i < kExample.size(); ++i) {
    for (char f : flips) {
      std::string text = kExample;
      if (text[i] == f) continue;
      text[i] = f;
      check_accounting(text, false);
      check_accounting(text, true);
    }
  }
  // Several random flips at once, with a fixed seed.
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(seed >> 33);
  };
  const std::string array = "[" + kExample + "," + kExample + "," + kExample + "]";
  for (int round = 0; round < 3000; ++round) {
    std::string text = array;
    const int n = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < n; ++k) text[next() % text.size()] = flips[next() % sizeof(flips)];
    if (next() % 4 == 0) text.resize(next() % text.size());
    check_accounting(text, false);
    check_accounting(text, true);
  }
}
