// Claim input: X12 837P, JSON and NDJSON readers, and format detection.
//
// This file's external interface is read_input() and the per-format readers.
// Readers are streaming: each claim is handed to a ClaimSink as soon as it is
// complete, so memory does not grow with the input. A claim that cannot be
// read is still handed over, with errors in Claim::problems (it will be
// reported `rejected`); problems that belong to no claim (envelope counts,
// text outside any envelope, an empty file) go to on_file_problem().
// Nothing found in the input is dropped silently.
//
// LIFETIME: claims point into `data`; the caller keeps it alive while the
// sink uses them. Readers are thread-compatible (one reader per thread).
#pragma once

#include <cstdint>
#include <string_view>

#include "perdiem/claim.h"

namespace perdiem {

enum class InputFormat : uint8_t { kUnknown, kX12, kJson, kNdjson };

const char* format_name(InputFormat f);

// Looks at the first non-blank bytes (after a UTF-8 BOM): "ISA" is X12, '['
// is a JSON array, '{' is a JSON object or, when more than one top-level
// object follows on separate lines, NDJSON.
InputFormat detect_format(std::string_view data);

// Limits guard against hostile input; every limit names itself in the
// problem it produces. 0 means "no limit".
struct ReadLimits {
  uint64_t max_segment_bytes = 1 << 20;   // one X12 segment / one NDJSON line
  uint32_t max_lines_per_claim = 10000;   // service lines in one claim
  uint64_t max_claims = 0;                // claims per input
  uint32_t max_json_depth = 64;
};

class ClaimSink {
 public:
  virtual ~ClaimSink() = default;
  // A claim was read. The sink may move from it. Claim::file is set.
  virtual void on_claim(Claim&& claim) = 0;
  // A problem that belongs to no single claim.
  virtual void on_file_problem(const Problem& problem) = 0;
};

// Reads X12 837P (005010X222A1): any delimiters declared by the ISA, several
// ISA/GS/ST envelopes, line breaks after terminators, a UTF-8 BOM.
void read_x12(std::string_view data, std::string_view file, ClaimSink& sink,
              const ReadLimits& limits = {});

// Reads JSON (one claim object or an array of them) or NDJSON (one claim
// object per line) in the form of SPEC §2.
void read_json(std::string_view data, std::string_view file, ClaimSink& sink,
               bool ndjson, const ReadLimits& limits = {});

// Detects the format and calls the matching reader. An unknown format is a
// file problem ("not X12, JSON or NDJSON"), not a crash.
InputFormat read_input(std::string_view data, std::string_view file, ClaimSink& sink,
                       const ReadLimits& limits = {});

}  // namespace perdiem
