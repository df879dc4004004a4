// Helpers shared by the tests: reading files, collecting claims from a reader.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "perdiem/input.h"

namespace perdiem::testing {

// Path of a file in the source tree, e.g. source_path("examples/x.837").
std::string source_path(const std::string& rel);
// The shared corpus folder, or nullopt when it is not beside the checkout
// (tests that need it GTEST_SKIP() and say so).
std::optional<std::string> corpus_dir();
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

// Runs the built `perdiem ARGS` in `dir` (default: the source folder) and
// keeps its stdout (and stderr too when asked); status is its exit status.
struct CliRun {
  int status = -1;
  std::string out;
};
CliRun run_perdiem(const std::string& args, const std::string& dir = PERDIEM_SOURCE_DIR, bool with_stderr = false);

// A sink that keeps every claim and file problem it is given.
struct CollectingSink : ClaimSink {
  std::vector<Claim> claims;
  std::vector<Problem> file_problems;
  void on_claim(Claim&& c) override { claims.push_back(std::move(c)); }
  void on_file_problem(const Problem& p) override { file_problems.push_back(p); }
};

}  // namespace perdiem::testing
