// The perdiem command line: exit statuses (SPEC §1), formats, stdin, -o,
// units, rules, explain. Runs the built binary from the source folder.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>

#include "test_util.h"

using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::testing::write_file;

namespace {

using perdiem::testing::CliRun;

// Runs `perdiem ARGS` in the source folder; stderr is discarded unless asked for.
CliRun run_cli(const std::string& args, bool with_stderr = false) {
  return perdiem::testing::run_perdiem(args, PERDIEM_SOURCE_DIR, with_stderr);
}

std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / ("perdiem-cli-" + name)).string();
  write_file(path, text);
  return path;
}

const char* kCleanClaim =
    R"({"claim_id":"OK-1","member_id":"M1","place_of_service":"12","diagnoses":["A41.9"],"lines":[)"
    R"({"code":"S9500","from":"2024-06-01","to":"2024-06-03","units":3,"charge":300},)"
    R"({"code":"J0696","from":"2024-06-01","to":"2024-06-03","units":12,"charge":60}]})";

}  // namespace

TEST(Cli, ExitZeroWhenEveryLineIsPaid) {
  const std::string f = temp_file("clean.json", kCleanClaim);
  const CliRun r = run_cli("check " + f);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("\"decision\": \"pay\""), std::string::npos);
}

TEST(Cli, ExitOneWhenSomeLineIsNotPaid) {
  EXPECT_EQ(run_cli("check examples/home-infusion.837").status, 1);
  EXPECT_EQ(run_cli("check examples/claims.json examples/claims.ndjson").status, 1);
}

TEST(Cli, ExitTwoWhenAClaimCannotBeReadAndTheOthersAreStillWritten) {
  const CliRun r = run_cli("check --format ndjson examples/damaged.837");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("\"claim_id\":\"DM-4001\",\"status\":\"rejected\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"claim_id\":\"DM-4003\",\"status\":\"checked\""), std::string::npos) << r.out;
}

TEST(Cli, ExitTwoForAnUnreadableFileButOtherFilesAreChecked) {
  const CliRun r = run_cli("check --format ndjson /nonexistent/claims.837 examples/claims.ndjson");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("ND-3001"), std::string::npos);
}

TEST(Cli, ExitTwoForInputThatIsNoClaimFormat) {
  const std::string f = temp_file("garbage.txt", "hello, this is not a claim file\n");
  const CliRun r = run_cli("check " + f, true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("not X12"), std::string::npos) << r.out;
}

// Results that cannot be written are not a success, whatever the claims say.
TEST(Cli, ExitTwoWhenTheResultsCannotBeWritten) {
  const CliRun to_file = run_cli("check -o /dev/full examples/claims.json", true);
  EXPECT_EQ(to_file.status, 2);
  EXPECT_NE(to_file.out.find("perdiem: writing the results failed"), std::string::npos) << to_file.out;
  const CliRun to_stdout = run_cli("check --format ndjson examples/claims.ndjson > /dev/full");
  EXPECT_EQ(to_stdout.status, 2);
}

TEST(Cli, UsageErrorsExit64) {
  EXPECT_EQ(run_cli("check --format xml examples/claims.json").status, 64);
  EXPECT_EQ(run_cli("check --as-of 2024-13-01 examples/claims.json").status, 64);
  EXPECT_EQ(run_cli("check --pack /nonexistent examples/claims.json").status, 64);
  EXPECT_EQ(run_cli("check").status, 64);
  EXPECT_EQ(run_cli("frobnicate").status, 64);
  EXPECT_EQ(run_cli("explain no-such-rule").status, 64);
  EXPECT_EQ(run_cli("units --every 0h --for 7d").status, 64);
}

TEST(Cli, ReadsStdinAndWritesToAFile) {
  const std::string out = (std::filesystem::temp_directory_path() / "perdiem-cli-out.json").string();
  std::filesystem::remove(out);
  const CliRun r = run_cli("check -o " + out + " - < examples/claims.ndjson");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty());
  const std::string written = read_file(out);
  EXPECT_NE(written.find("\"file\": \"<stdin>\""), std::string::npos);
  EXPECT_NE(written.find("ND-3003"), std::string::npos);
}

TEST(Cli, CsvHasOneRowPerLine) {
  const CliRun r = run_cli("check --format csv examples/claims.ndjson");
  size_t rows = 0;
  for (char c : r.out) rows += c == '\n';
  EXPECT_EQ(rows, 1u + 3u + 4u + 3u);  // header + the lines of the three claims
}

TEST(Cli, AsOfBeforeThePolicyPutsClaimsOutOfScope) {
  const std::string f = temp_file("asof.json", kCleanClaim);
  const CliRun r = run_cli("check --format ndjson --as-of 2024-01-01 " + f);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("\"status\":\"out_of_scope\""), std::string::npos) << r.out;
}

TEST(Cli, UnitsReproducesThePolicyExamplesTable) {
  struct Row {
    const char* every;
    const char* duration;
    const char* first_line;
  } rows[] = {{"4h", "7d", "7\n"},  {"8h", "7d", "7\n"},  {"12h", "7d", "7\n"},
              {"24h", "7d", "7\n"}, {"10d", "30d", "3\n"}, {"1w", "", "1 (per week)\n"},
              {"1mo", "", "1 (per month)\n"}};
  for (const Row& row : rows) {
    std::string args = std::string("units --every ") + row.every;
    if (*row.duration) args += std::string(" --for ") + row.duration;
    const CliRun r = run_cli(args);
    EXPECT_EQ(r.status, 0) << args;
    EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), row.first_line) << args;
  }
}

TEST(Cli, RulesListsTheCatalogue) {
  const CliRun r = run_cli("rules");
  EXPECT_EQ(r.status, 0);
  for (const char* id : {"place-of-service-home", "per-diem-units", "concurrent-therapy-modifier"})
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  const CliRun j = run_cli("rules --format json");
  EXPECT_NE(j.out.find("\"rule\":\"per-diem-units\",\"stage\":4,\"decision\":\"reduce\""), std::string::npos) << j.out;
}

TEST(Cli, ExplainShowsPolicyAndRunsTheExample) {
  const CliRun r = run_cli("explain per-diem-units");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("only when a drug infusion is administered that day"), std::string::npos);
  EXPECT_NE(r.out.find("Line 1 S9502: 21 units billed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("does not fire"), std::string::npos);
}

TEST(Cli, VersionAndHelp) {
  EXPECT_EQ(run_cli("--version").status, 0);
  const CliRun h = run_cli("check --help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("--as-of"), std::string::npos);
}

TEST(Cli, JsonIsTheDefaultAndCarriesToolPolicyClaimsTotals) {
  const CliRun r = run_cli("check examples/claims.json");
  for (const char* key : {"\"tool\"", "\"policy\"", "\"claims\"", "\"totals\"", "\"effective\": \"2024-04-22\""})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
}

// --piece-bytes: X12 read in pieces on the worker threads writes the same
// output and exit status as one reading thread (0),
// whatever the size of the pieces; a size that is not a number is a usage error.
TEST(Cli, PieceSizeChangesNothingInTheOutput) {
  const std::string gen = run_cli("gen --claims 300 --seed 7").out;
  ASSERT_GT(gen.size(), 100000u);
  const std::string f = temp_file("pieces.837", gen + read_file(std::string(PERDIEM_SOURCE_DIR) +
                                                                "/examples/damaged.837"));
  const CliRun one = run_cli("check --format ndjson --threads 2 --piece-bytes 0 " + f);
  EXPECT_EQ(one.status, 2);  // damaged.837's rejected claims
  for (const char* size : {"512", "20000"}) {
    const CliRun r =
        run_cli(std::string("check --format ndjson --threads 2 --piece-bytes ") + size + " " + f);
    EXPECT_EQ(r.status, one.status) << size;
    EXPECT_TRUE(r.out == one.out) << size;
  }
  EXPECT_EQ(run_cli("check --piece-bytes lots " + f).status, 64);
}

// A pack that loads but holds data no rule it applies reads: perdiem says so
// on stderr, with the line, and goes on; the built-in pack says nothing.
TEST(Cli, PackDataNoRuleReadsIsWarnedAboutOnStderr) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "perdiem-cli-pack-warning";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(source_path("packs/cpcp019"))) fs::copy_file(e.path(), dir / e.path().filename());
  std::string toml = read_file((dir / "pack.toml").string());
  toml.replace(toml.find("[sets]\n"), 7, "[sets]\nleftover = [\"A1234\"]\n");
  write_file((dir / "pack.toml").string(), toml);
  const size_t line = 1 + std::count(toml.begin(), toml.begin() + toml.find("leftover"), '\n');
  const CliRun r = run_cli("rules --pack " + dir.string(), true);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("perdiem: warning: " + (dir / "pack.toml").string() + ":" + std::to_string(line) +
                       ": [sets] leftover is read by no rule this pack applies"),
            std::string::npos)
      << r.out;
  const CliRun quiet = run_cli("rules", true);
  EXPECT_EQ(quiet.out.find("warning"), std::string::npos) << quiet.out;
  fs::remove_all(dir);
}
