// Reading one X12 input in pieces on several threads, with the result of
// reading it from start to end: the X12 implementation of the piece reader
// (input/pieces.h), which the pipeline uses without knowing X12; read_x12()
// is the one-piece reader.
//
// HOW. The input is cut, by byte count, into pieces that begin at a
// transaction set (a segment "ST"), so a claim never spans two pieces: piece
// i begins at the first ST after a segment terminator at or after byte
// i * piece_bytes, if there is one before the next cut; otherwise it is
// empty (a transaction set longer than a piece), and no piece looks further
// than its own bytes for its beginning. Each piece is read on its own thread
// in three steps:
//
//  1. survey: one quick pass counts its segments and notes where its
//     envelope segments (ISA, GS, GE, ST, SE, IEA) are;
//  2. predict: the envelope segments of the pieces before it, read in order
//     by a reader that sees nothing else, give the state a piece starts in
//     (delimiters, the open interchange and group and their counts and
//     control numbers, the segment number). A piece waits only for the
//     surveys of the pieces before it, which are quick;
//  3. read: the piece is read by the ordinary reader from that state.
//
// A prediction is a guess; accept() checks it. In input order, it compares the
// state the piece was read from with the state the piece before it really
// ended in, and the counters the reader keeps for the whole input (claims
// started, unreadable segments reported) with what the piece assumed. A piece
// is accepted only when everything it depended on was right, so its claims
// and problems are exactly those of a reading from the start. At the first
// piece that is not, read_rest() reads everything from there to the end as
// one piece, from the true state: unusual input (a missing SE, unreadable
// text between segments, empty segments, line breaks for terminators) is read
// correctly, only not in parallel. Interchanges with other delimiters, text
// between interchanges and unreadable segments below the report limit stay
// parallel.
//
// COST. The survey is a second pass over the bytes, about a fifth of the
// reader's time; claims are checked and rendered as they are read, on the
// same core, and not kept (docs/benchmarks.md, docs/design.md).
//
// THREADING: read() from any number of threads, each piece once; accept()
// and read_rest() from one thread at a time, in input order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "input/pieces.h"
#include "perdiem/input.h"
#include "x12/segments.h"

namespace perdiem::x12 {

// Reports of unreadable segments outside claims, per file, before going quiet.
constexpr int kMaxStrayReports = 20;

// The reader's state between two segments that a piece starts from and
// hands on: everything a later segment's reading depends on, apart from the
// claim in progress and the transaction set's HL context (a piece that is
// accepted ends with neither open).
struct ReadState {
  uint64_t segment_number = 0;  // segments read so far
  // Scanner: the delimiters segments are read with, and whether this
  // interchange ends segments with line breaks instead of its declared
  // terminator (line_terminated) or has segments with line breaks inside
  // (wrapped_reported: said once an interchange).
  Delimiters delims;
  bool line_terminated = false, wrapped_reported = false;
  char declared_terminator = 0;
  // Outside an interchange: an ISA was seen / the last one was unusable.
  bool any_interchange = false, after_bad_isa = false;
  // Envelopes.
  bool in_interchange = false;
  uint64_t isa_number = 0;
  std::string_view isa_control;
  uint64_t groups = 0;
  bool in_group = false;
  uint64_t gs_number = 0;
  std::string_view gs_control, gs_version;
  uint64_t sets = 0;
  bool gap_reported = false;  // segments outside a transaction set were reported
  // Counters over the whole input. A piece's reading starts them at 0 and
  // counts its own (a predicted start has none); accept() adds them up.
  struct Counts {
    int stray_reports = 0;
    uint64_t claims_started = 0;
    bool file_error = false;  // a file problem of severity error was reported
    // These counts, of a piece, after `before`, the counts of all before it.
    void add(const Counts& before) {
      stray_reports += before.stray_reports;
      claims_started += before.claims_started;
      file_error = file_error || before.file_error;
    }
  } counts;

  // The same state, counters aside.
  bool same_place(const ReadState& o) const;
};

// What reading one piece did, beyond the bytes it was cut at (its
// PieceResult's begin and end): the PieceResult's detail.
struct PieceReading : PieceResult::Detail {
  ReadState start;            // the state it was read from (predicted)
  ReadState finish;           // the state it ended in; counters are its own
  size_t stop = 0;            // where reading stopped: `end`, or past it
  bool read = false;          // false: abandoned before it was read
  bool empty = false;         // no segment begins in it (not the last piece)
  bool clean = false;         // no transaction set or claim open at the end
  bool stopped = false;       // a limit (max_claims) ended reading
  bool used_strays = false;   // the count of unreadable segments decided a report
  bool used_totals = false;   // it had no claims: whether the input had any is not its to say
};

// Counts of one piece's survey: its segments, and its envelope segments as
// (1-based segment index in the piece, offset).
struct Survey {
  size_t begin = 0, end = 0;
  uint64_t segments = 0;
  std::vector<std::pair<uint64_t, size_t>> envelope;
};

class X12PieceReader final : public PieceReader {
 public:
  // PieceReader::plan() for X12: null when `data` cannot be read in pieces.
  static std::unique_ptr<PieceReader> plan(std::string_view data, std::string_view file,
                                           const ReadLimits& limits, size_t piece_bytes);
  ~X12PieceReader() override;

  size_t pieces() const override { return pieces_; }
  // See the file comment. Once abandon() was called, does nothing (the
  // reading's `read` is false).
  void read(size_t i, ClaimSink& sink, PieceResult& out) override;
  void abandon() override;
  bool accept(size_t i, const PieceResult& r) override;
  void reread(size_t i, const PieceResult& r, ClaimSink& sink) const override;
  // Reads the rest as read_x12() would have.
  void read_rest(ClaimSink& sink) override;

 private:
  X12PieceReader(std::string_view data, std::string_view file, const ReadLimits& limits,
                 size_t piece_bytes, const Delimiters& first);
  void survey(size_t i, Survey& out) const;
  // REQUIRES: mu_ held. Predicts states while the surveys allow.
  void fold();

  std::string_view data_, file_;
  const ReadLimits limits_;
  size_t piece_bytes_, pieces_;
  Delimiters first_;  // the first ISA's: a survey's guess where it begins

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Survey>> surveys_;  // until folded
  std::vector<std::unique_ptr<ReadState>> predicted_;  // until read
  size_t folded_ = 1;        // predicted_[0, folded_) are known (piece 0 starts fresh)
  uint64_t fold_base_ = 0;   // segments before piece folded_ - 1
  bool abandoned_ = false;
  struct Skeleton;
  std::unique_ptr<Skeleton> skeleton_;  // the envelope-only reader

  // accept(): the true state after the accepted pieces, and where they end.
  ReadState true_;
  size_t true_pos_ = 0;
  bool any_accepted_ = false;
};

}  // namespace perdiem::x12
