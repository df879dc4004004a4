// The check session's X12 pieces: a worker reads, checks and renders one
// piece of an X12 input at a time (input/pieces.h); pieces are stitched
// together in input order, duplicate claim ids settled then, and where a
// piece's reading cannot be accepted the rest is read on the calling thread.
// Every use of the piece reader is in this file (and in session.h's Batch).
#include "input/duplicate_ids.h"
#include "session.h"

namespace perdiem {

namespace {

// Takes back what Totals::add() added (a claim's totals, to be redone).
void subtract(Totals& a, const Totals& b) {
  a.claims -= b.claims;
  a.checked -= b.checked;
  a.out_of_scope -= b.out_of_scope;
  a.rejected -= b.rejected;
  a.lines -= b.lines;
  for (size_t i = 0; i < kDecisions; ++i) {
    a.by_decision[i] -= b.by_decision[i];
    a.charge_by_decision[i] = a.charge_by_decision[i] - b.charge_by_decision[i];
  }
  a.charge = a.charge - b.charge;
  a.file_problems -= b.file_problems;
}

}  // namespace

// Checks and renders a piece's claims a few at a time as they are read,
// while they are in the cache, keeping only what stitch() needs (not the
// claims, unless the session keeps them for on_claim): where each claim's
// output ends, and its id's hash and place. A few at a time rather than one
// by one: reading, checking and rendering each keep their own code and
// tables warm for a while (one by one cost about a tenth more; all of a
// piece's claims at the end, more again, as they no longer fit in the cache).
class CheckSession::Impl::PieceSink : public ClaimSink {
 public:
  static constexpr size_t kGroup = 32;
  PieceSink(const Impl& p, Batch& b) : p_(p), b_(b) {}
  void on_claim(Claim&& c) override {
    b_.keys.push_back({ClaimIdTracker::hash_of(c.claim_id), c.source.segment, c.source.offset,
                       !c.claim_id.empty()});
    // Kept claims take their place in the batch; otherwise a few slots are
    // refilled over and over.
    b_.put(p_.keep_results ? b_.count : held_, c);
    ++b_.count;
    if (++held_ == kGroup) flush();
  }
  void on_file_problem(const Problem& problem) override { b_.add_file_problem(p_.piece_file, problem); }
  // Checks and renders the claims held.
  void flush() {
    if (stopped_) return;
    const size_t first = p_.keep_results ? b_.count - held_ : 0;
    ClaimResult& shared = thread_result();
    if (p_.keep_results) b_.keep_results_up_to_count();
    for (size_t k = first; k < first + held_; ++k) {
      if (p_.has_deadline && p_.past_deadline()) {
        stopped_ = true;  // stitch() writes nothing of a piece read past the deadline
        break;
      }
      const Claim& c = b_.claims[k];
      ClaimResult& r = p_.keep_results ? b_.results[k] : shared;
      p_.engine.check(c, r);
      b_.counts.add(c, r);
      if (p_.writer) p_.writer->write_claim(b_.out, c, r, false);
      b_.claim_ends.push_back(b_.out.size());
    }
    held_ = 0;
  }

 private:
  const Impl& p_;
  Batch& b_;
  size_t held_ = 0;
  bool stopped_ = false;
};

void CheckSession::Impl::process_piece(Batch& b) const {
  if (has_deadline && past_deadline()) return;  // not read: stitch() stops there
  PieceSink sink(*this, b);
  pieces->read(b.piece, sink, b.piece_result);
  sink.flush();
}

// Renders again the claims of a piece read again whose output depends on
// the pieces before it: a duplicate claim id (the claim gets the warning)
// or the first claim of the output (json writes it without a comma).
class CheckSession::Impl::RedoSink : public ClaimSink {
 public:
  // `dups`: (claim index, earlier claim) in order; `first`: claim 0 is the output's first.
  RedoSink(Impl& p, Batch& b, const std::vector<std::pair<size_t, uint32_t>>& dups, bool first,
           std::vector<std::pair<size_t, std::string>>& redo)
      : p_(p), b_(b), dups_(dups), first_(first), redo_(redo) {}
  void on_claim(Claim&& c) override {
    const size_t k = index_++;
    const bool first = first_ && k == 0;
    const bool dup = next_dup_ < dups_.size() && dups_[next_dup_].first == k;
    if (!dup && !first) return;
    ClaimResult& r = thread_result();
    if (dup) {
      // Its counts as made without the warning, then with it. (The warning
      // does not change whether the claim is read, nor its lines' decisions.)
      p_.engine.check(c, r);
      Totals before;
      before.add(c, r);
      subtract(b_.counts.totals, before);
      c.problems.push_back(p_.piece_ids->duplicate_of(c, dups_[next_dup_++].second));
      p_.engine.check(c, r);
      b_.counts.add(c, r);
      if (p_.keep_results) {  // on_claim sees the claim with its warning
        std::swap(b_.claims[k], c);
        b_.results[k] = r;
      }
    } else {
      p_.engine.check(c, r);
    }
    if (!p_.writer) return;
    std::string s;
    p_.writer->write_claim(s, p_.keep_results && dup ? b_.claims[k] : c, r, first);
    redo_.emplace_back(k, std::move(s));
  }
  void on_file_problem(const Problem&) override {}  // already kept the first time

 private:
  Impl& p_;
  Batch& b_;
  const std::vector<std::pair<size_t, uint32_t>>& dups_;
  bool first_;
  std::vector<std::pair<size_t, std::string>>& redo_;
  size_t index_ = 0, next_dup_ = 0;
};

// REQUIRES: out_mu held, b is the next batch in order and a piece. Writes
// it if its reading is the reading from the start (PieceReader::accept);
// else abandons the pieces, and the calling thread reads the rest.
void CheckSession::Impl::stitch(Batch& b) {
  if (timed_out.load()) return;  // past the deadline nothing more is written
  if (pieces_failed.load() || !pieces->accept(b.piece, b.piece_result)) {
    if (!pieces_failed.exchange(true)) pieces->abandon();
    return;
  }
  // Duplicate claim ids, in input order.
  for (const auto& key : b.keys) piece_ids->prefetch(key.hash);
  std::vector<std::pair<size_t, uint32_t>> dups;
  for (size_t k = 0; k < b.count; ++k) {
    const auto& key = b.keys[k];
    if (!key.has_id) continue;
    bool full_now = false;
    const uint32_t earlier = piece_ids->record(piece_file, key.hash, key.segment, key.offset, full_now);
    if (earlier != ClaimIdTracker::kNone) dups.emplace_back(k, earlier);
    if (full_now) {
      Claim at;
      at.source = {key.segment, key.offset};
      size_t i = 0;
      while (i < b.problem_claims.size() && b.problem_claims[i] <= k) ++i;
      b.file_problems.insert(b.file_problems.begin() + static_cast<ptrdiff_t>(i),
                             {std::string(piece_file), tracker_full(at)});
      b.problem_claims.insert(b.problem_claims.begin() + static_cast<ptrdiff_t>(i), k);
    }
  }
  const bool first = claims_out == 0 && b.count > 0 && writer && writer->first_is_different();
  std::vector<std::pair<size_t, std::string>> redo;
  if (!dups.empty() || first) {
    RedoSink sink(*this, b, dups, first, redo);
    pieces->reread(b.piece, b.piece_result, sink);
  }
  b.release_offset = b.piece_result.end;
  ++result.pieces;
  write_out(b, &redo);
  if (opt.on_progress) opt.on_progress(claims_out, bytes_before + b.piece_result.end);
}

bool CheckSession::Impl::read_in_pieces(std::string_view data, std::string_view name,
                                        const std::function<void(uint64_t)>* release) {
  if (threads.empty()) return false;
  const auto plan = PieceReader::plan(data, name, opt.limits, opt.piece_bytes);
  if (!plan) return false;
  ClaimIdTracker local_ids;  // as read_input(): the caller's tracker, else this input's
  ClaimIdTracker& ids = opt.limits.claim_ids ? *opt.limits.claim_ids : local_ids;
  ids.reserve_for_input(data.size());
  dispatch();
  wait_all_written();
  pieces = plan.get();
  piece_ids = &ids;
  piece_file = name;
  pieces_failed = false;
  for (size_t i = 0; i < plan->pieces() && !pieces_failed.load() && !timed_out.load(); ++i) {
    Batch& b = batch();
    b.piece = i;
    b.release = release;
    dispatch();
  }
  wait_all_written();
  pieces = nullptr;
  piece_ids = nullptr;
  {
    std::lock_guard<std::mutex> l(out_mu);
    claims_read = claims_out;  // the count the reading thread numbers claims from
    if (pieces_failed.load() && !timed_out.load()) ++result.piece_fallbacks;
  }
  if (!pieces_failed.load() || timed_out.load()) return true;
  Sink sink(*this, name, release);
  DuplicateIdSink dup(sink, ids);
  plan->read_rest(dup);
  dup.flush();
  return true;
}

}  // namespace perdiem
