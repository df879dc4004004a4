// The check session: the one way to check claims.
//
// In: input bytes (X12 837P, JSON or NDJSON, the format detected from the
// content), files, or claims already read. Out, in input order: the rendered
// results (json, ndjson, table or csv, `write`), each claim with its result
// (`on_claim`), the problems that belong to no claim (`on_file_problem`),
// progress, and at the end the counts and the exit status of SPEC §1, which
// is computed in one place only: CheckSummary::exit_status().
//
// How it runs. Claims are checked on `threads` workers and written in input
// order, byte for byte the same for any number of threads, batch size and
// piece size. Two ways through, with the same output:
//  - X12 of at least two pieces (piece_bytes), with two threads or more: the
//    input is cut into pieces at transaction sets and each worker reads,
//    checks and renders whole pieces, so that reading is parallel too
//    (docs/design.md, "How a piece is read"). Duplicate claim ids, which
//    depend on everything before, are settled when a piece is written.
//  - Anything else (JSON, NDJSON, small inputs, one thread, claims given by
//    add_claim): the calling thread reads and cuts the claims into batches of
//    batch_claims; workers check and render each batch.
// At most 2 x threads + 2 batches or pieces are in flight, so memory is
// bounded by their size, not by the input's. With threads = 1 everything runs
// on the calling thread and no thread is started.
//
// THREADING. One thread drives a session (the "calling thread": begin, add_*,
// finish); a session is not thread-safe. The Engine is shared read-only by
// the workers and must outlive the session; any number of sessions may share
// one Engine at once. The callbacks (write, on_claim, on_file_problem,
// on_progress) are called one at a time, never concurrently, in input
// order, on whichever session thread completes the next batch in order: a
// worker or the calling thread (with threads = 1, always the calling thread).
// They must not call into the session, and they delay the workers while they
// run.
//
// LIFETIME. A callback's arguments are valid during the call only. Claims
// hold views into their input: the data given to add_input() stays alive
// until add_input() returns (by then each of its claims has been written);
// a claim given to add_claim() must stay valid until the session has written
// it, at the latest when the next add_input, add_file, add_file_problem or
// finish returns.
//
// The front ends, and how each uses a session:
//   perdiem check       one session over the command's inputs: add_file() for
//                       each, `write` to standard output or -o, file problems
//                       on standard error (formats other than json), progress
//                       on a terminal; exits with CheckSummary::exit_status().
//   POST /v1/check      one session per request, threads = 1 (the server's
//                       concurrency is its connections), `write` appending to
//                       the body, `deadline` the request's --timeout, on_claim
//                       counting the edits for /metrics, exit_status() in the
//                       Perdiem-Exit-Status header.
//   perdiem explain,    check_rule_example() below: the example claim read
//   GET /v1/rules/{id}  (read_json) and given to a session with add_claim().
//   the golden tests    a session per example (tests/golden_test.cc), and the
//                       perdiem binary itself on the same files.
// And those still to come (issues 13-16), each a thin layer over the same:
//   Python (SPEC §8)    engine.check(bytes|str): a session with threads = 1
//                       (the caller's threads are the parallelism; one Engine
//                       serves them all), format kNdjson and `write` appending
//                       to a buffer, run with the GIL released; then, holding
//                       it, one json.loads() per line: the same emit code as
//                       --format json's "claims", so the dicts are equal.
//                       dict|list: serialised to JSON bytes first, so that the
//                       JSON reader reports the same problems (message,
//                       segment, offset) as the CLI, raised as exceptions from
//                       the session's file problems. check_file(): add_file().
//   perdiem fix         on_claim, no `write`: each claim with its result, in
//                       input order, while its input's bytes are alive; the
//                       bytes between claims are copied as they are and each
//                       claim written corrected from its byte spans.
//   --format x835       a ResultWriter (a new OutputFormat): write_claim()
//                       renders a claim's CLP loop on the workers; since the
//                       835's header (BPR02) needs the sum of what follows,
//                       its front end sets `write` to a spool, sums the paid
//                       amounts in on_claim, and writes the envelope, the spool
//                       and the trailer after finish(). Pend, out-of-scope and
//                       rejected claims are counted from the summary.
//   --history           the fifth stage judges a claim against the claims
//                       before it (SPEC §7): an ordered hook, to be added as
//                       an option, called like on_claim (in input order, one
//                       at a time) but before the claim is counted and
//                       rendered, with the result to amend; the session then
//                       renders it. Judging in input order under the session's
//                       ordering is what makes the result the same for any
//                       thread count and piece size.
//   streamed answers    (issue 13, item 3) `write` sends each piece of output
//                       as an HTTP chunk as soon as it is in order,
//                       on_progress feeds the page's progress bar, and
//                       `deadline` bounds the whole request: past it nothing
//                       more is checked and finish() says timed_out.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/writer.h"

namespace perdiem {

// Exit statuses of `perdiem check` (SPEC §1).
inline constexpr int kExitAllPaid = 0;      // every claim read, every line paid
inline constexpr int kExitSomeNotPaid = 1;  // every claim read, some line not paid
inline constexpr int kExitUnreadable = 2;   // an input or a claim could not be read
inline constexpr int kExitUsage = 64;       // a usage error (the front end's own)

// What a check counted: the totals the output ends with, and the facts the
// exit status is computed from. Adding a claim or a problem here is the one
// place that decides what they count for.
struct CheckCounts {
  Totals totals;
  bool unreadable = false;     // a claim was rejected, or a problem of severity error belongs to no claim
  bool some_not_paid = false;  // some line's decision is not pay
  uint64_t inputs = 0;                 // inputs given (add_input, add_file)
  uint64_t inputs_without_claims = 0;  // of those, the ones in which no claim was found

  void add(const Claim& claim, const ClaimResult& result);  // a claim checked
  void add_file_problem(const Problem& problem);             // a problem that belongs to no claim
  void add(const CheckCounts& more);                         // counts of what came after
};

// What finish() returns.
struct CheckSummary : CheckCounts {
  bool write_failed = false;  // `write` returned false (the front end may also set it)
  bool timed_out = false;     // the deadline passed: claims after it were not checked
  // X12 read in pieces: pieces read on the workers and accepted, and inputs
  // where reading went back to one thread part way (input the pieces could
  // not predict; the output is the same).
  uint64_t pieces = 0;
  uint64_t piece_fallbacks = 0;

  // The exit status of `perdiem check` (SPEC §1): 2 when a claim or an input
  // could not be read, the output could not be written or the deadline
  // passed; else 1 when some line is not paid; else 0.
  int exit_status() const;
};

struct CheckSessionOptions {
  unsigned threads = 0;          // worker threads; 0 = one per core; 1 = all on the calling thread
  OutputFormat format = OutputFormat::kJson;
  ReadLimits limits;
  uint32_t batch_claims = 256;   // claims per batch handed to a worker
  // With two threads or more, an X12 input of at least two pieces is read in
  // pieces of about this many bytes, each by a worker: reading is then
  // parallel too. 0: one thread reads every input.
  size_t piece_bytes = size_t{1} << 20;
  // Once this has passed, nothing more is checked (the claims checked before
  // are written and counted) and finish() says timed_out. The output is then
  // incomplete. The clock is read once per claim only when a deadline is set.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

  // Each piece of output, in order. Returns false when writing failed (the
  // rest is not written). Without it nothing is rendered at all.
  std::function<bool(std::string_view)> write;
  // Each claim with its result, in input order (see THREADING and LIFETIME).
  // With it the session keeps every claim and result of a batch or piece
  // until the batch is written (a few thousand claims at most); without it,
  // one result per thread is refilled claim after claim.
  std::function<void(const Claim&, const ClaimResult&)> on_claim;
  // Every problem that belongs to no claim, in input order with the claims
  // (a problem the reader reported between two claims comes between their
  // on_claim calls). The CLI prints these on stderr for formats other than
  // json, whose writer puts them in the document.
  std::function<void(std::string_view file, const Problem&)> on_file_problem;
  // After each batch is cut or each piece is written: the claims so far and
  // the bytes of all inputs read so far (for progress reports).
  std::function<void(uint64_t claims, uint64_t bytes)> on_progress;
};

class CheckSession {
 public:
  CheckSession(const Engine& engine, CheckSessionOptions options);
  ~CheckSession();
  CheckSession(const CheckSession&) = delete;
  CheckSession& operator=(const CheckSession&) = delete;

  // Writes the output's opening (the json header). Optional: the first
  // add_* or finish() calls it when the caller has not.
  void begin();
  // Reads and checks one input; returns when all of its claims are written.
  // `release(offset)` (optional) is told when every claim before `offset`
  // has been written, so the caller can drop those bytes from memory
  // (madvise); the views stay valid either way.
  void add_input(std::string_view data, std::string_view name,
                 const std::function<void(uint64_t offset)>& release = {});
  // Maps the file ("-": standard input, named "<stdin>") and reads it as
  // add_input does, dropping the pages behind the claims written; a file
  // that cannot be opened is a file problem (an error) and the run goes on.
  void add_file(const std::string& path);
  // A claim already read (Claim::file set), checked as it is: no duplicate
  // claim id is looked for. The session may swap it with a spent claim (as
  // ClaimSink::on_claim allows): reset() the object before filling it again.
  void add_claim(Claim&& claim);
  // A problem that belongs to no claim (an input that could not be opened).
  void add_file_problem(std::string_view name, const Problem& problem);
  // Waits for every batch and writes the closing (the totals). Once: the
  // session takes nothing more afterwards.
  CheckSummary finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What the engine says about a rule's example claim (RuleDef::example, a
// JSON claim), as `perdiem explain` prints it and GET /v1/rules/{id} returns it.
struct RuleExample {
  std::vector<std::string> edits;     // the messages of the edits `rule` made, in line order
  std::vector<std::string> problems;  // the example's problems (claim or file), in input order
};
RuleExample check_rule_example(const Engine& engine, const RuleDef& rule);

}  // namespace perdiem
