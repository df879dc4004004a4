// Private to perdiem_server: checks one request body with the engine and
// writes the results with the engine's ResultWriter, exactly as
// `perdiem check` does for one input file (src/cli/main.cc, CheckSink), so
// that the API and the CLI print the same bytes for the same input.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/problem.h"
#include "perdiem/result.h"
#include "perdiem/writer.h"

namespace perdiem::server {

struct CheckOutcome {
  std::string body;                 // the writer's output, begin() to end()
  Totals totals;
  int exit_status = 0;              // what `perdiem check` would exit with: 0, 1 or 2
  std::vector<Problem> file_problems;  // problems that belong to no claim
  bool timed_out = false;           // the deadline passed: body is incomplete
  // Edits made, by rule id and decision, for /metrics.
  std::vector<std::pair<const RuleDef*, uint64_t>> edits_by_rule;
};

// Reads `data` (X12, JSON or NDJSON, detected from content as the CLI does),
// checks each claim and writes it. `file` is the name results carry in
// source.file. Stops checking (timed_out) once `deadline` has passed.
CheckOutcome check_buffer(const Engine& engine, OutputFormat format, std::string_view data,
                          std::string_view file, std::chrono::steady_clock::time_point deadline);

// "FILE: segment N, byte M (ELEMENT): message", as `perdiem check` writes a
// file problem on stderr (without its "perdiem: " prefix).


}  // namespace perdiem::server
