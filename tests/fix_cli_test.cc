// `perdiem fix` from the command line (SPEC §6): output to stdout or -o,
// --changes, the exit statuses, standard input, and usage errors.
#include <gtest/gtest.h>

#include <unistd.h>

#include "test_util.h"

namespace perdiem::testing {
namespace {

std::string temp(const std::string& name) { return ::testing::TempDir() + "fix_cli_" + std::to_string(::getpid()) + "_" + name; }

TEST(FixCli, WritesTheCorrectedClaimsAndTheChanges) {
  const std::string out = temp("fixed.837"), changes = temp("changes.ndjson");
  const CliRun r = run_perdiem("fix -o " + out + " --changes " + changes + " examples/home-infusion.837", PERDIEM_SOURCE_DIR,
                               true);
  // Some lines still need a person (a specialty amino acid to document, a
  // denied injectable): exit 1.
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("8 claims, 5 corrected"), std::string::npos) << r.out;
  const std::string fixed = read_file(out);
  EXPECT_EQ(fixed.rfind("ISA*", 0), 0u);
  EXPECT_EQ(fixed.find("J7051"), std::string::npos) << "the bundled supply line is gone";
  const std::string log = read_file(changes);
  EXPECT_NE(log.find("\"rule\":\"supply-bundled\",\"fix\":{\"remove_line\":true}"), std::string::npos) << log;
  // Fixing the output again: nothing to change, the same lines need a person.
  const CliRun again = run_perdiem("fix " + out, PERDIEM_SOURCE_DIR);
  EXPECT_EQ(again.out, fixed);
  EXPECT_EQ(again.status, 1);
}

TEST(FixCli, ExitsZeroWhenEveryLineOfTheOutputIsPaid) {
  const std::string in = temp("units.json");
  write_file(in,
             "{\"claim_id\":\"U1\",\"member_id\":\"M1\",\"place_of_service\":\"12\",\"diagnoses\":[\"A41.9\"],"
             "\"lines\":[{\"code\":\"S9500\",\"from\":\"2024-06-01\",\"to\":\"2024-06-07\",\"units\":21,\"charge\":2100},"
             "{\"code\":\"J0696\",\"from\":\"2024-06-01\",\"to\":\"2024-06-07\",\"units\":7,\"charge\":70}]}\n");
  const CliRun r = run_perdiem("fix " + in);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("\"units\":7,\"charge\":700.00"), std::string::npos) << r.out;
  // Read from standard input too.
  const CliRun piped = run_perdiem("fix - < " + in);
  EXPECT_EQ(piped.out, r.out);
}

TEST(FixCli, AnUnreadableClaimIsCopiedAndTheStatusIs2) {
  const CliRun r = run_perdiem("fix examples/damaged.837");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, read_file(source_path("examples/damaged.837")));
  EXPECT_EQ(run_perdiem("fix /nonexistent/claims.837").status, 2);
}

TEST(FixCli, UsageErrors) {
  EXPECT_EQ(run_perdiem("fix").status, 64);
  EXPECT_EQ(run_perdiem("fix --as-of 2024-13-01 examples/claims.json").status, 64);
  EXPECT_EQ(run_perdiem("fix --pack /nonexistent examples/claims.json").status, 64);
  EXPECT_EQ(run_perdiem("fix -o /nonexistent/dir/out.837 examples/claims.json").status, 64);
}

}  // namespace
}  // namespace perdiem::testing
