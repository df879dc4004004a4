// Golden files pin the whole output for the bundled examples, in every
// format. Any change in a decision, message, reason code or layout shows up
// here. To accept an intended change, run the test with
// PERDIEM_UPDATE_GOLDEN=1 and review the diff of tests/golden/.
#include <gtest/gtest.h>

#include <cstdlib>

#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/writer.h"
#include "test_util.h"

using namespace perdiem;
using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::testing::write_file;

namespace {

struct RunSink : ClaimSink {
  const Engine& engine;
  ResultWriter& writer;
  std::string& out;
  std::string file;
  Totals totals;
  RunSink(const Engine& e, ResultWriter& w, std::string& o) : engine(e), writer(w), out(o) {}
  void on_claim(Claim&& c) override {
    const ClaimResult r = engine.check(c);
    totals.add(c, r);
    writer.claim(out, c, r);
  }
  void on_file_problem(const Problem& p) override {
    ++totals.file_problems;
    writer.file_problem(out, file, p);
  }
};

// Output of `perdiem check --format F FILES...` run from the source folder.
std::string run(OutputFormat format, const std::vector<std::string>& files) {
  std::vector<PackError> errors;
  auto packs = load_pack(source_path("packs/cpcp019"), errors);
  EXPECT_TRUE(packs);
  Engine engine(packs);
  auto writer = ResultWriter::make(format, engine.headline_pack());
  std::string out;
  writer->begin(out);
  RunSink sink(engine, *writer, out);
  for (const auto& f : files) {
    sink.file = f;
    const std::string data = read_file(source_path(f));
    read_input(data, f, sink);
  }
  writer->end(out, sink.totals);
  return out;
}

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = source_path("tests/golden/" + name);
  if (const char* u = std::getenv("PERDIEM_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    write_file(path, actual);
    GTEST_SKIP() << "rewrote " << path;
  }
  std::string expected;
  try {
    expected = read_file(path);
  } catch (...) {
    FAIL() << "no golden file " << path << " (run with PERDIEM_UPDATE_GOLDEN=1 to create it)";
  }
  if (expected != actual) {
    write_file(path + ".actual", actual);
    FAIL() << "output differs from " << path << "; the new output is in " << path
           << ".actual (diff them; if the change is intended, rerun with PERDIEM_UPDATE_GOLDEN=1)";
  }
}

}  // namespace

TEST(Golden, HomeInfusionX12Json) {
  expect_golden("home-infusion.json", run(OutputFormat::kJson, {"examples/home-infusion.837"}));
}
TEST(Golden, HomeInfusionX12Table) {
  expect_golden("home-infusion.table", run(OutputFormat::kTable, {"examples/home-infusion.837"}));
}
TEST(Golden, HomeInfusionX12Csv) {
  expect_golden("home-infusion.csv", run(OutputFormat::kCsv, {"examples/home-infusion.837"}));
}
TEST(Golden, JsonClaimsJson) {
  expect_golden("claims.json", run(OutputFormat::kJson, {"examples/claims.json"}));
}
TEST(Golden, NdjsonClaimsNdjson) {
  expect_golden("claims.ndjson", run(OutputFormat::kNdjson, {"examples/claims.ndjson"}));
}
TEST(Golden, DamagedX12Json) {
  expect_golden("damaged.json", run(OutputFormat::kJson, {"examples/damaged.837"}));
}

// The same claims give the same decisions whichever format they arrive in:
// the X12 example's first claim, written as JSON, checks identically.
TEST(Golden, X12AndJsonOfTheSameClaimAgree) {
  const std::string json = R"({"claim_id":"HI-1001","member_id":"MBR0001","place_of_service":"12","frequency":"1",
    "diagnoses":["L03.11"],"billing_taxonomy":"3336H0001X","lines":[
    {"code":"S9500","from":"2024-06-01","to":"2024-06-07","units":7,"charge":"1400.00"},
    {"code":"J0696","from":"2024-06-01","to":"2024-06-07","units":56,"charge":"682.50","ndc":"00004196501"},
    {"code":"J7051","from":"2024-06-01","to":"2024-06-07","units":28,"charge":"15.12"},
    {"code":"J3490","description":"Sod Chl 0.9% flush see NDC","from":"2024-06-01","to":"2024-06-07","units":7,"charge":"67.69","ndc":"00338004938"},
    {"code":"J3490","description":"Hep Lock flush see NDC","from":"2024-06-01","to":"2024-06-07","units":7,"charge":"10.50","ndc":"08290038005"},
    {"code":"99601","from":"2024-06-01","units":1,"charge":"150.00","rendering_taxonomy":"163WI0500X"}]})";
  std::vector<PackError> errors;
  Engine engine(load_pack(source_path("packs/cpcp019"), errors));
  perdiem::testing::CollectingSink a, b;
  read_json(json, "x", a, false);
  const std::string x12 = read_file(source_path("examples/home-infusion.837"));
  read_x12(x12, "y", b);
  ASSERT_EQ(a.claims.size(), 1u);
  ASSERT_GE(b.claims.size(), 1u);
  const ClaimResult ra = engine.check(a.claims[0]);
  const ClaimResult rb = engine.check(b.claims[0]);
  ASSERT_EQ(ra.lines.size(), rb.lines.size());
  for (size_t i = 0; i < ra.lines.size(); ++i) {
    EXPECT_EQ(ra.lines[i].decision, rb.lines[i].decision) << "line " << i + 1;
    ASSERT_EQ(ra.lines[i].edits.size(), rb.lines[i].edits.size()) << "line " << i + 1;
    for (size_t k = 0; k < ra.lines[i].edits.size(); ++k)
      EXPECT_EQ(ra.lines[i].edits[k].message, rb.lines[i].edits[k].message);
  }
}
