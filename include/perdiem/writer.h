// Result writers: json, ndjson, table and csv (SPEC §3).
//
// A writer appends text to a std::string that the caller flushes when it
// likes, so that results stream out as claims are checked. Output is
// deterministic: the same claims give the same bytes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "perdiem/claim.h"
#include "perdiem/pack.h"
#include "perdiem/problem.h"
#include "perdiem/result.h"

namespace perdiem {

enum class OutputFormat : uint8_t { kJson, kNdjson, kTable, kCsv };
bool parse_output_format(std::string_view s, OutputFormat& out);

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // `policy` is the pack named in the json header.
  static std::unique_ptr<ResultWriter> make(OutputFormat format, const Pack& policy);

  virtual void begin(std::string& out) = 0;
  // Renders one claim's result as it stands in the output; `first` says
  // whether it is the first claim written (JSON puts no comma before it).
  // CONST and THREAD-SAFE: worker threads render claims in parallel.
  virtual void write_claim(std::string& out, const Claim& claim, const ClaimResult& result,
                           bool first) const = 0;
  // Whether `first` changes what write_claim() writes (json only).
  virtual bool first_is_different() const { return false; }
  // Serial convenience: write_claim() with `first` tracked here.
  void claim(std::string& out, const Claim& claim, const ClaimResult& result) {
    write_claim(out, claim, result, !wrote_any_);
    wrote_any_ = true;
  }
  // A problem that belongs to no claim (json: the top-level "problems" array;
  // other formats: the caller also reports it on stderr).
  virtual void file_problem(std::string& out, std::string_view file, const Problem& p) = 0;
  virtual void end(std::string& out, const Totals& totals) = 0;

 private:
  bool wrote_any_ = false;
};

// One ClaimResult as a JSON object (the element of "claims", an NDJSON line).
void write_claim_json(std::string& out, const Claim& claim, const ClaimResult& result);
// Appends s as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view s);

// The rule catalogue as `perdiem rules --format json` and GET /v1/rules give it.
std::string rules_catalogue_json(const Pack& pack);
// A problem in one line for people: "file: segment 16, byte 543 (SV104): message".
std::string problem_text(std::string_view file, const Problem& p);

}  // namespace perdiem
