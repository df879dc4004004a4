// Private to the engine library: the insides of CheckSession
// (include/perdiem/check.h), shared by its two files:
//   session.cc         the workers, batches, ordered writing, and the one
//                      reading thread's way (claims cut into batches);
//   session_pieces.cc  X12 read in pieces on the workers: everything that
//                      drives input/pieces.h is there and in Batch's piece
//                      fields below.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "perdiem/check.h"
#include "input/pieces.h"

namespace perdiem {

constexpr size_t kNoPiece = SIZE_MAX;

struct CheckSession::Impl {
  using Clock = std::chrono::steady_clock;

  struct Batch {
    uint64_t seq = 0;
    uint64_t first_index = 0;  // index in the output of its first claim
    // claims[0, count) are this batch's; the rest are spent claims kept so
    // that the reader can swap them in and refill them (no allocation).
    std::vector<Claim> claims;
    size_t count = 0;
    // results[i] is claims[i]'s, when the session keeps them (on_claim).
    std::vector<ClaimResult> results;
    // In input order; problem_claims[k]: how many of the batch's claims
    // were read before file_problems[k].
    std::vector<std::pair<std::string, Problem>> file_problems;
    std::vector<size_t> problem_claims;
    const std::function<void(uint64_t)>* release = nullptr;
    uint64_t release_offset = 0;  // every claim before this offset is in this or an earlier batch
    std::string out;
    CheckCounts counts;

    // A piece of an X12 input, read by the worker itself (session_pieces.cc).
    size_t piece = kNoPiece;
    PieceResult piece_result;
    struct Key {
      uint64_t hash, segment, offset;  // ClaimIdTracker::hash_of(claim_id), claim.source
      bool has_id;
    };
    std::vector<Key> keys;           // each claim's, for duplicate claim ids
    std::vector<size_t> claim_ends;  // out.size() after each claim

    void add_file_problem(std::string_view file, const Problem& p) {
      file_problems.emplace_back(std::string(file), p);
      problem_claims.push_back(count);
    }
    // Puts `c` at claims[slot] (slot <= claims.size()), swapping it with the
    // spent claim there, so that the reader gets that one back to refill
    // (ClaimSink contract: no allocation once warm).
    void put(size_t slot, Claim& c) {
      if (slot < claims.size())
        std::swap(claims[slot], c);
      else
        claims.push_back(std::move(c));
    }
    // Makes results[0, count) exist, when the session keeps them.
    void keep_results_up_to_count() {
      if (results.size() < count) results.resize(count);
    }
    // Ready to be filled again; keeps the claims, results and output's capacity.
    void recycle();
  };

  const Engine& engine;
  CheckSessionOptions opt;
  std::unique_ptr<ResultWriter> writer;  // null without opt.write: nothing is rendered
  const bool keep_results;               // opt.on_claim is set
  const bool has_deadline;
  unsigned workers_wanted = 1;
  bool begun = false;

  // Reading side (calling thread only).
  std::unique_ptr<Batch> current;
  uint64_t next_seq = 0;
  uint64_t claims_read = 0;
  uint64_t bytes_before = 0;  // bytes of the inputs finished (for on_progress)

  // Shared.
  std::mutex mu;
  std::condition_variable work_cv, space_cv, done_cv;
  std::deque<std::unique_ptr<Batch>> queue;
  std::vector<std::unique_ptr<Batch>> spare;  // written batches, to be filled again
  size_t in_flight = 0;
  size_t capacity = 4;
  bool stopping = false;
  std::vector<std::thread> threads;
  mutable std::atomic<bool> timed_out{false};

  // Ordered output (guarded by out_mu).
  std::mutex out_mu;
  std::map<uint64_t, std::unique_ptr<Batch>> done;
  uint64_t next_to_write = 0;
  uint64_t claims_out = 0;  // claims written
  CheckSummary result;

  // The input being read in pieces, if any (set by the calling thread while
  // no batch is in flight).
  PieceReader* pieces = nullptr;
  ClaimIdTracker* piece_ids = nullptr;
  std::string_view piece_file;
  std::atomic<bool> pieces_failed{false};

  // The result a thread checks claims into when results are not kept: one
  // per thread, refilled claim after claim (no allocation once warm).
  static ClaimResult& thread_result() {
    thread_local ClaimResult r;
    return r;
  }

  Impl(const Engine& e, CheckSessionOptions o);
  ~Impl();

  // session.cc
  void start();  // begin() once
  void emit(std::string_view s);
  bool past_deadline() const;
  void process(Batch& b) const;
  void write_out(Batch& b, const std::vector<std::pair<size_t, std::string>>* redo = nullptr);
  void complete(std::unique_ptr<Batch> b);
  void work();
  void dispatch();
  Batch& batch();
  void wait_all_written();
  class Sink;

  // session_pieces.cc
  // Reads `data` in pieces on the workers when it is X12 of two pieces or
  // more and there are workers; returns false (nothing done) otherwise.
  bool read_in_pieces(std::string_view data, std::string_view name,
                      const std::function<void(uint64_t)>* release);
  void process_piece(Batch& b) const;
  void stitch(Batch& b);
  class PieceSink;
  class RedoSink;
};

// Cuts the claims of one input into batches as the reader hands them over.
class CheckSession::Impl::Sink : public ClaimSink {
 public:
  Sink(Impl& p, std::string_view file, const std::function<void(uint64_t)>* release)
      : p_(p), file_(file), release_(release) {}
  void on_claim(Claim&& c) override;
  void on_file_problem(const Problem& problem) override { p_.batch().add_file_problem(file_, problem); }

 private:
  Impl& p_;
  std::string_view file_;
  const std::function<void(uint64_t)>* release_;
};

}  // namespace perdiem
