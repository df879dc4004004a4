// Golden files pin the whole output for the bundled examples (and an input
// with file problems and a duplicate claim id), in every format, and for
// all the examples in one run. Any change in a decision, message, reason
// code or layout shows up here.
//
// Each golden file is produced two ways, which must agree with it byte for
// byte: through the library (a CheckSession, as the front ends use it), and
// through the CLI's own path (the perdiem binary, run from the source
// folder, with its exit status and standard error), so that a difference
// between the two cannot hide. The CLI is also run with three threads and
// small pieces, so that X12 read in pieces on the workers is held to the
// same files.
//
// To accept an intended change, run the test with PERDIEM_UPDATE_GOLDEN=1
// (the CLI's cases rewrite the files) and review the diff of tests/golden/.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "perdiem/check.h"
#include "test_util.h"

using namespace perdiem;
using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::testing::write_file;

namespace {

struct Case {
  std::string name;                 // golden file: tests/golden/<name>.<format>
  std::vector<std::string> inputs;  // paths from the source folder
  std::vector<std::string> formats;
  int status;                       // the exit status (SPEC §1)
  bool stderr_golden = false;       // non-json formats write <name>.stderr (file problems)
};

const std::vector<std::string> kAllFormats = {"json", "ndjson", "table", "csv"};

std::vector<Case> cases() {
  return {
      {"home-infusion.837", {"examples/home-infusion.837"}, kAllFormats, 1},
      {"claims.json", {"examples/claims.json"}, kAllFormats, 1},
      {"claims.ndjson", {"examples/claims.ndjson"}, kAllFormats, 1},
      {"damaged.837", {"examples/damaged.837"}, kAllFormats, 2},
      {"file-problems.837", {"tests/golden/inputs/file-problems.837"}, kAllFormats, 1, true},
      {"all-examples",
       {"examples/home-infusion.837", "examples/claims.json", "examples/claims.ndjson", "examples/damaged.837"},
       {"json", "table"},
       2},
  };
}

// One (case, format) pair per test.
struct Param {
  Case c;
  std::string format;
};

void PrintTo(const Param& p, std::ostream* os) { *os << p.c.name << " as " << p.format; }

std::vector<Param> params() {
  std::vector<Param> out;
  for (const Case& c : cases())
    for (const std::string& f : c.formats) out.push_back({c, f});
  return out;
}

std::string param_name(const ::testing::TestParamInfo<Param>& info) {
  std::string s = info.param.c.name + "_" + info.param.format;
  for (char& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return s;
}

bool updating() {
  const char* u = std::getenv("PERDIEM_UPDATE_GOLDEN");
  return u && std::string(u) == "1";
}

std::string golden_path(const std::string& file) { return source_path("tests/golden/" + file); }

// Compares with tests/golden/<file>; on a difference writes <file>.actual.
void expect_golden(const std::string& file, const std::string& actual, const std::string& how) {
  const std::string path = golden_path(file);
  std::string expected;
  try {
    expected = read_file(path);
  } catch (...) {
    FAIL() << "no golden file " << path << " (run with PERDIEM_UPDATE_GOLDEN=1 to create it)";
  }
  if (expected != actual) {
    write_file(path + ".actual", actual);
    FAIL() << how << ": output differs from " << path << "; the new output is in " << path
           << ".actual (diff them; if the change is intended, rerun with PERDIEM_UPDATE_GOLDEN=1)";
  }
}

// `perdiem ARGS` in the source folder: its standard output and exit status,
// and its standard error in `err` (run_perdiem() keeps only one of the two).
perdiem::testing::CliRun run_cli(const std::string& args, std::string& err) {
  const std::string err_file = ::testing::TempDir() + "perdiem-golden-" + std::to_string(::getpid());
  const std::string cmd = std::string("cd '") + PERDIEM_SOURCE_DIR + "' && '" + PERDIEM_BINARY + "' " + args +
                          " 2>'" + err_file + "'";
  perdiem::testing::CliRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  err = read_file(err_file);
  std::remove(err_file.c_str());
  return r;
}

const Engine& engine() {
  static std::vector<PackError> errors;
  static Engine e(load_pack(source_path("packs/cpcp019"), errors));
  return e;
}

class Golden : public ::testing::TestWithParam<Param> {};

// The library's path: one check session over the inputs, as `perdiem check`
// runs one (one claim id tracker for the run), on one thread and on three.
TEST_P(Golden, ThroughTheLibrary) {
  const Param& p = GetParam();
  if (updating()) GTEST_SKIP() << "the CLI's cases rewrite the golden files";
  OutputFormat format;
  ASSERT_TRUE(parse_output_format(p.format, format));
  for (unsigned threads : {1u, 3u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    ClaimIdTracker ids;
    CheckSessionOptions o;
    o.threads = threads;
    o.format = format;
    o.piece_bytes = 600;
    o.limits.claim_ids = &ids;
    std::string out;
    o.write = [&out](std::string_view s) {
      out.append(s);
      return true;
    };
    CheckSession session(engine(), o);
    std::vector<std::string> data;  // alive until the session has written each
    for (const std::string& f : p.c.inputs) {
      data.push_back(read_file(source_path(f)));
      session.add_input(data.back(), f);
    }
    const CheckSummary r = session.finish();
    expect_golden(p.c.name + "." + p.format, out, "the library");
    EXPECT_EQ(r.exit_status(), p.c.status);
  }
}

// The CLI's own path: the perdiem binary, as a user runs it.
TEST_P(Golden, ThroughTheCli) {
  const Param& p = GetParam();
  std::string files;
  for (const std::string& f : p.c.inputs) files += " " + f;
  const std::string err_path = p.c.stderr_golden && p.format != "json" ? p.c.name + ".stderr" : "";
  for (const std::string threads : {"", " --threads 1", " --threads 3 --piece-bytes 600"}) {
    SCOPED_TRACE("perdiem check --format " + p.format + threads + files);
    std::string err;
    const perdiem::testing::CliRun r = run_cli("check --format " + p.format + threads + files, err);
    if (updating()) {
      write_file(golden_path(p.c.name + "." + p.format), r.out);
      if (!err_path.empty()) write_file(golden_path(err_path), err);
      GTEST_SKIP() << "rewrote the golden files of " << p.c.name;
    }
    expect_golden(p.c.name + "." + p.format, r.out, "the CLI");
    EXPECT_EQ(r.status, p.c.status);
    if (err_path.empty()) {
      EXPECT_EQ(err, "") << "standard error";
    } else {
      expect_golden(err_path, err, "the CLI's standard error");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, Golden, ::testing::ValuesIn(params()), param_name);

}  // namespace

// The same claims give the same decisions whichever format they arrive in:
// the X12 example's first claim, written as JSON, checks identically.
TEST(GoldenFormats, X12AndJsonOfTheSameClaimAgree) {
  const std::string json = R"({"claim_id":"HI-1001","member_id":"MBR0001","place_of_service":"12","frequency":"1",
    "diagnoses":["L03.11"],"billing_taxonomy":"3336H0001X","lines":[
    {"code":"S9500","from":"2024-06-01","to":"2024-06-07","units":7,"charge":"1400.00"},
    {"code":"J0696","from":"2024-06-01","to":"2024-06-07","units":56,"charge":"682.50","ndc":"00004196501"},
    {"code":"J7051","from":"2024-06-01","to":"2024-06-07","units":28,"charge":"15.12"},
    {"code":"J3490","description":"Sod Chl 0.9% flush see NDC","from":"2024-06-01","to":"2024-06-07","units":7,"charge":"67.69","ndc":"00338004938"},
    {"code":"J3490","description":"Hep Lock flush see NDC","from":"2024-06-01","to":"2024-06-07","units":7,"charge":"10.50","ndc":"08290038005"},
    {"code":"99601","from":"2024-06-01","units":1,"charge":"150.00","rendering_taxonomy":"163WI0500X"}]})";
  perdiem::testing::CollectingSink a, b;
  read_json(json, "x", a, false);
  const std::string x12 = read_file(source_path("examples/home-infusion.837"));
  read_x12(x12, "y", b);
  ASSERT_EQ(a.claims.size(), 1u);
  ASSERT_GE(b.claims.size(), 1u);
  const ClaimResult ra = engine().check(a.claims[0]);
  const ClaimResult rb = engine().check(b.claims[0]);
  ASSERT_EQ(ra.lines.size(), rb.lines.size());
  for (size_t i = 0; i < ra.lines.size(); ++i) {
    EXPECT_EQ(ra.lines[i].decision, rb.lines[i].decision) << "line " << i + 1;
    ASSERT_EQ(ra.lines[i].edits.size(), rb.lines[i].edits.size()) << "line " << i + 1;
    for (size_t k = 0; k < ra.lines[i].edits.size(); ++k)
      EXPECT_EQ(ra.lines[i].edits[k].message, rb.lines[i].edits[k].message);
  }
}
