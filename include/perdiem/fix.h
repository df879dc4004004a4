// The fix session: the corrected claims (SPEC §6, `perdiem fix`).
//
// In: input bytes (X12 837P, JSON or NDJSON). Out: the same input with every
// mechanical fix the check proposes applied, in the input's own format, for
// the biller to send instead; and the list of what changed.
//
// WHAT IS APPLIED. set_units, add_modifier, replace_modifier,
// remove_modifier, set_place_of_service, remove_line, and split_line when
// every piece gives its units. Never add_ndc, add_line, a diagnosis or a
// split without units: they need facts the claim does not hold, and stay
// findings. A fix that cannot be carried out as it stands (a fifth
// modifier) stays a finding too.
//
// A FIXED POINT. A claim is fixed in rounds: the fixes of its check applied,
// the corrected claim checked again, until no fix that fix applies is left
// (at most kMaxRounds; a claim that does not settle is written as the
// input had it and reported). So checking the output gives no edit whose
// fix is applied here, and fixing the output again changes nothing.
//
// WHAT IS KEPT. Bytes outside the changed claims are copied as they are
// (envelopes, other claims, terminators, line breaks, JSON whitespace). In a
// changed 837P claim only these segments are rewritten: CLM (CLM02 the sum
// of the lines' charges, CLM05-1 when every line moves), each line's LX
// (renumbered), SV1 (modifiers, charge, units, place of service) and
// DTP*472 (a split line's pieces, one 2400 loop each); a removed line's
// whole 2400 loop is dropped; SE01 of its transaction set is recounted;
// every other segment of the claim and its lines is copied. A line's charge
// follows its units at the line's own unit price, rounded to the cent. In a
// changed JSON claim, the members of changed lines are rewritten in place
// and every other member (unknown ones too) is kept as written. A claim
// whose every line would be removed, and a rejected claim, are copied
// unchanged (and reported / counted).
//
// THREADING AND ORDER. Claims are checked on the session's workers; the
// fixing and writing of each claim happens in input order, one claim at a
// time (CheckSessionOptions::on_claim), so the output is the same for any
// number of threads. Not thread-safe: one thread drives a session.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/check.h"

namespace perdiem {

// A line as billed: what a fix can change.
struct BilledLine {
  std::string code;
  std::vector<std::string> modifiers;
  DateSpan dates{};
  Quantity units;
  Money charge;
  std::string place_of_service;  // the line's own (SV105), or the claim's when it has none
};

// One change: the fix of one edit, applied to one line.
struct FixChange {
  std::string claim_id;
  uint32_t line = 0;          // the line's number in the claim as it was sent (1-based)
  uint32_t round = 1;         // 1 for the fixes of the first check, 2 for those the re-check found, ...
  std::string rule;           // the rule whose edit proposed it
  Fix fix;                    // the fix, as the edit gave it
  BilledLine before;          // the line at the start of the round
  std::vector<BilledLine> after;  // what it became: none when removed, one per piece when split
};

// A claim fix left as it was, or only partly fixed, and why: plain words,
// no member data (the claim id and line numbers only).
struct FixNotice {
  std::string claim_id;
  std::string message;
};

// Fixed-point rounds per claim at most (see A FIXED POINT).
inline constexpr int kMaxFixRounds = 6;

struct FixSessionOptions {
  unsigned threads = 0;  // as CheckSessionOptions::threads
  ReadLimits limits;
  size_t piece_bytes = size_t{1} << 20;
  // The corrected input, piece by piece, in order. Returns false when
  // writing failed (nothing more is written).
  std::function<bool(std::string_view)> write;
  // Each change, in input order (optional).
  std::function<void(const FixChange&)> on_change;
  // Each notice, in input order (optional).
  std::function<void(const FixNotice&)> on_notice;
  // Problems that belong to no claim, as CheckSessionOptions::on_file_problem.
  std::function<void(std::string_view file, const Problem&)> on_file_problem;
};

struct FixSummary {
  CheckSummary input;          // the check of the input as it was sent
  uint64_t claims_changed = 0;
  uint64_t changes = 0;
  uint64_t notices = 0;
  // The output, checked: lines judged and not paid (what still needs a
  // person), over all claims.
  uint64_t lines_not_paid_after = 0;
  bool write_failed = false;

  // `perdiem fix`'s exit status (SPEC §6): 2 when an input or a claim could
  // not be read or the output could not be written; else 1 when some judged
  // line of the output is not paid; else 0.
  int exit_status() const;
};

class FixSession {
 public:
  FixSession(const Engine& engine, FixSessionOptions options);
  ~FixSession();
  FixSession(const FixSession&) = delete;
  FixSession& operator=(const FixSession&) = delete;

  // Fixes one input and writes it whole. `data` must stay alive until the
  // call returns.
  void add_input(std::string_view data, std::string_view name);
  // Maps the file ("-": standard input) and fixes it as add_input does; a
  // file that cannot be read is a file problem (an error).
  void add_file(const std::string& path);
  FixSummary finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One change as a JSON object on one line, as `--changes` writes it:
// {"claim_id","line","round","rule","fix","before","after"}.
std::string change_json(const FixChange& change);

}  // namespace perdiem
