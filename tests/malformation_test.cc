// The malformation suite (docs/robustness.md): every named kind of damage in
// malformed_inputs.h is read by the library and by the `perdiem check`
// command, and for each:
//   - the user is told what the kind says (message), where (segment number,
//     byte offset), with the exit status it says;
//   - nothing is lost: the output has as many claims as an independent count
//     of the input finds (CLM segment starts; "claim_id" keys), each checked,
//     out of scope or rejected, and a claim with an error is rejected;
//   - nothing crashes or hangs (ctest's timeout; the sanitizer build).
// The inputs kept by the fuzzers (fuzz/regressions/) are read here too.
//
// The table in docs/robustness.md of what the user is told for each kind is
// checked against the suite; PERDIEM_MALFORMATION_REPORT=FILE writes it.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <tuple>

#include "malformed_inputs.h"
#include "perdiem/engine.h"
#include "perdiem/pack.h"
#include "perdiem/writer.h"
#include "policy/pack_text.h"
#include "test_util.h"

namespace perdiem {
namespace {

using malformed::Kind;
namespace fs = std::filesystem;

const Engine& engine() {
  static const Engine* e = [] {
    std::vector<PackError> errors;
    auto packs = load_pack(default_pack_path(), errors);
    if (!packs) std::abort();
    return new Engine(packs);
  }();
  return *e;
}

struct Seen {
  std::vector<Claim> claims;
  std::vector<ClaimStatus> status;
  std::vector<Problem> file_problems;
  // Every problem with where it came from, for looking up what the user is told.
  std::vector<const Problem*> all() const {
    std::vector<const Problem*> v;
    for (const auto& p : file_problems) v.push_back(&p);
    for (const auto& c : claims)
      for (const auto& p : c.problems) v.push_back(&p);
    return v;
  }
};

struct Sink : ClaimSink {
  Seen& seen;
  explicit Sink(Seen& s) : seen(s) {}
  void on_claim(Claim&& c) override {
    const ClaimResult r = engine().check(c);
    // Render it too: the writers meet every damaged claim.
    std::string out;
    write_claim_json(out, c, r);
    seen.status.push_back(r.status);
    seen.claims.push_back(std::move(c));
  }
  void on_file_problem(const Problem& p) override { seen.file_problems.push_back(p); }
};

struct CliRun {
  int status = -1;
  std::string out, err;
};

CliRun run_cli(const std::vector<std::string>& args, const std::string& input_path) {
  static int n = 0;
  const std::string err_path =
      (fs::temp_directory_path() / ("perdiem-malformed-err-" + std::to_string(getpid()) + "-" + std::to_string(n++)))
          .string();
  std::string cmd = "'" + std::string(PERDIEM_BINARY) + "' check --format ndjson";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " '" + input_path + "' 2>'" + err_path + "'";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf;
  size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.err = testing::read_file(err_path);
  fs::remove(err_path);
  return r;
}

std::string file_name(const std::string& kind) {
  std::string s;
  for (char c : kind) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

// What one kind gave, for the checks and the report.
struct Outcome {
  Seen seen;
  const Problem* told = nullptr;
  CliRun cli;
  int expected_claims = 0;
};

Outcome run_kind(const Kind& k) {
  Outcome o;
  Sink sink(o.seen);
  read_input(k.input, "damaged", sink, k.limits);
  o.expected_claims = k.claims >= 0 ? k.claims : malformed::count_claims(k.input, k.json);
  if (!k.told.empty())
    for (const Problem* p : o.seen.all())
      if (p->message.find(k.told) != std::string::npos) {
        o.told = p;
        break;
      }
  const std::string path =
      (fs::temp_directory_path() / ("perdiem-malformed-" + std::to_string(getpid()) + "-" + file_name(k.name)))
          .string();
  testing::write_file(path, k.input);
  o.cli = run_cli(k.args, path);
  fs::remove(path);
  return o;
}

void check_kind(const Kind& k) {
  SCOPED_TRACE(k.name);
  const Outcome o = run_kind(k);
  const Seen& s = o.seen;

  // Nothing is lost: every claim in the input is in the output.
  EXPECT_EQ(static_cast<int>(s.claims.size()), o.expected_claims)
      << (k.why_claims.empty() ? "the independent count of the input" : k.why_claims);
  int rejected = 0;
  for (size_t i = 0; i < s.claims.size(); ++i) {
    const Claim& c = s.claims[i];
    EXPECT_EQ(c.has_errors(), s.status[i] == ClaimStatus::kRejected) << c.claim_id;
    if (s.status[i] == ClaimStatus::kRejected) {
      ++rejected;
      EXPECT_FALSE(c.problems.empty());
    }
  }
  for (const Problem* p : s.all()) {
    EXPECT_FALSE(p->message.empty());
    EXPECT_LE(p->offset, k.input.size()) << p->message;
  }

  // What the user is told, and where.
  if (k.told.empty()) {
    for (const Problem* p : s.all()) EXPECT_NE(p->severity, Severity::kError) << p->message;
    EXPECT_EQ(rejected, 0);
  } else {
    ASSERT_NE(o.told, nullptr) << "no problem says \"" << k.told << "\"";
    if (k.segment >= 0) {
      EXPECT_EQ(o.told->segment, static_cast<uint64_t>(k.segment)) << o.told->message;
    }
    if (k.offset >= 0) {
      EXPECT_EQ(o.told->offset, static_cast<uint64_t>(k.offset)) << o.told->message;
    }
  }

  // The command: its exit status, and one result per claim, each with a status.
  EXPECT_EQ(o.cli.status, k.exit) << o.cli.err;
  int lines = 0, cli_rejected = 0;
  size_t at = 0;
  while (at < o.cli.out.size()) {
    size_t nl = o.cli.out.find('\n', at);
    if (nl == std::string::npos) nl = o.cli.out.size();
    const std::string line = o.cli.out.substr(at, nl - at);
    at = nl + 1;
    if (line.empty()) continue;
    ++lines;
    const bool has_status = line.find("\"status\":\"checked\"") != std::string::npos ||
                            line.find("\"status\":\"out_of_scope\"") != std::string::npos ||
                            line.find("\"status\":\"rejected\"") != std::string::npos;
    EXPECT_TRUE(has_status) << line.substr(0, 200);
    cli_rejected += line.find("\"status\":\"rejected\"") != std::string::npos;
  }
  EXPECT_EQ(lines, o.expected_claims);
  EXPECT_EQ(cli_rejected, rejected);
}

class Malformation : public ::testing::TestWithParam<size_t> {};

const std::vector<Kind>& all_kinds() {
  static const std::vector<Kind> k = malformed::kinds();
  return k;
}

TEST_P(Malformation, IsAnsweredClearlyAndLosesNoClaim) { check_kind(all_kinds()[GetParam()]); }

INSTANTIATE_TEST_SUITE_P(Kinds, Malformation, ::testing::Range<size_t>(0, all_kinds().size()),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return file_name(all_kinds()[info.param].name);
                         });

// Damage where the reader's scanning has its own paths: it looks for
// terminators and separators 32 bytes at a time and reads the last bytes of
// the input one by one, so damage is put at every position of a block, at
// the end of the input, and in files with unusual delimiters.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<Kind> scanning_kinds() {
  using malformed::X12;
  std::vector<Kind> v;
  const X12 base = malformed::clean_x12();
  const std::string clean = base.text();
  // The same file with its delimiters swapped for others (the ISA declares them).
  auto swapped = [&](char element, char component, char terminator, const std::string& after) {
    std::string t = base.text(after);
    for (char& c : t) {
      if (c == '*') c = element;
      else if (c == ':') c = component;
      else if (c == '~') c = terminator;
    }
    return t;
  };
  v.push_back({"scan: line feed as the declared terminator", swapped('*', ':', '\n', ""), 0, ""});
  v.push_back({"scan: CR as the declared terminator, LF after it", swapped('*', ':', '\r', "\n"), 0, ""});
  v.push_back({"scan: control characters as delimiters", swapped('\x1D', '\x1F', '\x1C', ""), 0, "", -1, -1,
               3, "the independent count finds CLM only after a '~' or a line break"});
  {
    // A letter where the terminator is declared: the interchange cannot be
    // read; its claims are still reported, rejected.
    std::string t = clean;
    t[t.find(":~") + 1] = 'A';
    v.push_back({"scan: a letter as the declared terminator", t, 2,
                 "the segment terminator (the byte after ISA16) is 'A'", 0, 0});
  }
  {
    // A lost terminator: the first SV1 swallows its DTP, so line 1 has no
    // service date. Leading line breaks move the damage to each position of
    // a 32-byte block in turn.
    std::string damaged = base.text("");
    const size_t sv1 = static_cast<size_t>(base.offset("SV1", 0, ""));
    damaged[damaged.find('~', sv1)] = '|';
    for (size_t shift : {0, 5, 13, 19, 26, 31, 32, 33}) {
      v.push_back({"scan: a lost terminator, shifted " + std::to_string(shift) + " bytes",
                   std::string(shift, '\n') + damaged, 2, "has no DTP*472 service date",
                   static_cast<int64_t>(base.number("LX")),
                   static_cast<int64_t>(base.offset("LX", 0, "") + shift)});
    }
  }
  {
    // A line break inside a segment, near the edges of its 32-byte blocks
    // (the SV1 is 30 bytes long, the CLM 32).
    const std::vector<std::tuple<std::string, int, size_t>> places = {
        {"SV1", 2, 1}, {"SV1", 2, 15}, {"SV1", 2, 16}, {"SV1", 2, 17}, {"SV1", 2, 29},
        {"CLM", 1, 30}, {"CLM", 1, 31}};
    for (const auto& [id, nth, cut] : places) {
      std::string t = clean;
      const size_t at = static_cast<size_t>(base.offset(id, nth));
      t.insert(at + cut, "\n");
      v.push_back({"scan: a line break " + std::to_string(cut) + " bytes into " + id, t, 2,
                   "has a line break inside it", static_cast<int64_t>(base.number(id, nth)),
                   static_cast<int64_t>(at)});
    }
  }
  {
    // The input cut inside its last bytes, which are read one at a time.
    const size_t sv1 = static_cast<size_t>(base.offset("SV1", 4));
    for (size_t len : {3, 8, 17, 29}) {
      v.push_back({"scan: input cut " + std::to_string(len) + " bytes into the last SV1",
                   clean.substr(0, sv1 + len), 2, "the input ends inside this SV1 segment",
                   static_cast<int64_t>(base.number("SV1", 4)), static_cast<int64_t>(sv1)});
    }
  }
  {
    // A segment with more elements than the reader keeps (64), across blocks.
    X12 d = base;
    std::string many = "REF*EI";
    for (int i = 0; i < 200; ++i) many += "*" + std::to_string(i);
    d.insert_before("CLM", many, 1);
    d.fix_counts();
    v.push_back({"scan: a segment of 200 elements", d.text(), 0, ""});
  }
  return v;
}
#pragma GCC diagnostic pop

const std::vector<Kind>& scan_kinds() {
  static const std::vector<Kind> k = scanning_kinds();
  return k;
}

class ScanningMalformation : public ::testing::TestWithParam<size_t> {};

TEST_P(ScanningMalformation, IsAnsweredClearlyAndLosesNoClaim) { check_kind(scan_kinds()[GetParam()]); }

INSTANTIATE_TEST_SUITE_P(Scanning, ScanningMalformation, ::testing::Range<size_t>(0, scan_kinds().size()),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return file_name(scan_kinds()[info.param].name);
                         });

TEST(MalformationSuite, HasAtLeastFortyNamedKindsOfDamage) {
  std::set<std::string> names;
  int damaged = 0;
  for (const auto& k : all_kinds()) {
    EXPECT_TRUE(names.insert(k.name).second) << "two kinds are named " << k.name;
    damaged += !k.told.empty() || k.name.find("control") == std::string::npos;
  }
  EXPECT_GE(damaged, 40);
}

// Inputs the fuzzers found and that were fixed: read by the library and the
// engine, under the same accounting.
TEST(MalformationSuite, FuzzerRegressionInputsAreReadSafely) {
  const fs::path root = testing::source_path("fuzz/regressions");
  if (!fs::is_directory(root)) GTEST_SKIP() << "no fuzz/regressions";
  int n = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory() || dir.path().filename() == "pack") continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      SCOPED_TRACE(f.path().string());
      const std::string data = testing::read_file(f.path().string());
      Seen seen;
      Sink sink(seen);
      read_input(data, f.path().filename().string(), sink);
      for (const Problem* p : seen.all()) EXPECT_LE(p->offset, data.size());
      for (size_t i = 0; i < seen.claims.size(); ++i)
        EXPECT_EQ(seen.claims[i].has_errors(), seen.status[i] == ClaimStatus::kRejected);
      ++n;
    }
  }
  std::printf("%d fuzzer regression inputs read\n", n);
}

// fuzz_pack found that a pack loaded from text (load_pack_text, the fuzz
// target's way in) lacked the rules' look-up tables, and the engine read a
// null pointer: the regression, with the built-in pack's own files.
TEST(MalformationSuite, PackLoadedFromTextChecksClaims) {
  const std::string dir = default_pack_path();
  std::vector<PackError> errors;
  auto packs = load_pack_text(testing::read_file(dir + "/pack.toml"), testing::read_file(dir + "/drugs.csv"),
                              testing::read_file(dir + "/ndc.csv"), errors);
  ASSERT_TRUE(packs) << (errors.empty() ? "" : errors[0].text());
  const Engine e(packs);
  Seen seen;
  Sink sink(seen);
  const std::string text = malformed::clean_x12().text();  // the claims point into it
  read_input(text, "clean", sink);
  ASSERT_EQ(seen.claims.size(), 3u);
  for (const auto& c : seen.claims) EXPECT_EQ(e.check(c).status, ClaimStatus::kChecked);
}

// fuzz_pack found that toml++ 3.3 reaches __builtin_unreachable() on some
// non-ASCII text (pack.cc, safe_toml_text): such packs are refused with a
// line number, or read with the same strings, never undefined behaviour.
TEST(MalformationSuite, PackTextThatTomlPlusPlusMisreadsIsRefusedOrReadTheSame) {
  struct Case { std::string toml; bool loads_toml; };
  const std::vector<Case> cases = {
      {"s = \"\"\"\\\n\xc2\xa7\"\"\"\n", true},       // after a line-ending backslash
      {"\xcc\xaa", false},                               // not UTF-8
      {"s = [ \xc3\xa9 ]\n", false},                      // outside a string
      {"k\xc3\xa9 = 1\n", false},                          // a bare key
      {"\"k\xc3\xa9\" = \"\xc2\xa7 caf\xc3\xa9 \xf0\x9f\x92\x89\"\n# \xc3\xa9\n", true},
  };
  for (const auto& c : cases) {
    std::vector<PackError> errors;
    auto packs = load_pack_text(c.toml, "", "", errors);
    EXPECT_FALSE(packs);  // none of them is a whole pack
    ASSERT_FALSE(errors.empty());
    const bool toml_error = errors[0].message.find("UTF-8") != std::string::npos ||
                            errors[0].message.find("outside a quoted string") != std::string::npos;
    EXPECT_EQ(toml_error, !c.loads_toml) << errors[0].text();
    if (c.loads_toml) {
      EXPECT_GT(errors[0].line, 0u) << errors[0].text();  // what is missing is the pack itself
    }
  }
  // The strings read back the same: the built-in pack's text, whatever it holds, loads.
  std::vector<PackError> errors;
  EXPECT_TRUE(load_pack(default_pack_path(), errors)) << (errors.empty() ? "" : errors[0].text());
}

// The table of docs/robustness.md: what the user is told for each kind.
std::string report_table() {
  std::string out =
      "| # | damage | what the user is told | segment | byte | exit | claims in input / out (rejected) |\n"
      "|---|---|---|---|---|---|---|\n";
  int i = 0;
  for (const auto& k : all_kinds()) {
    const Outcome o = run_kind(k);
    std::string told = o.told ? o.told->message : "(nothing: read cleanly)";
    if (o.told && o.told->severity == Severity::kWarning) told = "warning: " + told;
    for (auto& c : told)
      if (c == '|') c = '/';
    if (told.size() > 220) told = told.substr(0, 217) + "...";
    int rejected = 0;
    for (auto st : o.seen.status) rejected += st == ClaimStatus::kRejected;
    out += "| " + std::to_string(++i) + " | " + k.name + " | " + told + " | " +
           (o.told ? std::to_string(o.told->segment) : "") + " | " +
           (o.told ? std::to_string(o.told->offset) : "") + " | " + std::to_string(o.cli.status) +
           " | " + std::to_string(o.expected_claims) + " / " + std::to_string(o.seen.claims.size()) +
           " (" + std::to_string(rejected) + ") |\n";
  }
  return out;
}

// docs/robustness.md shows, for each kind of damage, what the user is told,
// where and with which exit status: the table must be what the suite finds
// today, so that a changed message or position cannot leave the document
// wrong. PERDIEM_MALFORMATION_REPORT=FILE writes the current table to FILE,
// to paste into the document when a change is meant.
TEST(MalformationSuite, TheTableInRobustnessMdIsWhatTheUserIsTold) {
  const std::string table = report_table();
  if (const char* out_path = std::getenv("PERDIEM_MALFORMATION_REPORT")) testing::write_file(out_path, table);
  const std::string doc = testing::read_file(testing::source_path("docs/robustness.md"));
  const size_t begin = doc.find("| # | damage |");
  ASSERT_NE(begin, std::string::npos) << "docs/robustness.md has no malformation table";
  size_t end = begin;
  while (end < doc.size() && doc[end] == '|') end = doc.find('\n', end) + 1;
  const std::string in_doc = doc.substr(begin, end - begin);
  if (in_doc == table) return;
  // The first row that differs, rather than two 60-row strings.
  size_t a = 0, b = 0;
  while (a < in_doc.size() && b < table.size()) {
    const size_t na = in_doc.find('\n', a), nb = table.find('\n', b);
    const std::string ra = in_doc.substr(a, na - a), rb = table.substr(b, nb - b);
    if (ra != rb) {
      ADD_FAILURE() << "docs/robustness.md is out of date (PERDIEM_MALFORMATION_REPORT=FILE writes "
                       "the table); its row\n  " << ra << "\nis now\n  " << rb;
      return;
    }
    a = na + 1;
    b = nb + 1;
  }
  ADD_FAILURE() << "docs/robustness.md is out of date: the table has " << (a < in_doc.size() ? "more" : "fewer")
                << " rows than the suite's kinds (PERDIEM_MALFORMATION_REPORT=FILE writes the table)";
}

}  // namespace
}  // namespace perdiem
