// Reading one input in pieces on several threads, with exactly the result
// of reading it from start to end: the interface the pipeline and the bench
// tools use, private to the engine library. X12 is the one format read in
// pieces (x12/pieces.h, which says how); plan() says whether an input can be.
//
// HOW IT IS USED. Workers read() pieces in any order, at once, each into a
// sink of their own; then, in input order, accept() says whether a piece's
// reading is the one a reading from the start makes (its claims and file
// problems can be used as they are) and moves the true state past it. At the
// first piece not accepted the caller abandon()s the rest and read_rest()
// reads everything from there on one thread. reread() reads an accepted
// piece again into another sink, the same way.
//
// THREADING: read() from any number of threads, each piece once; accept(),
// reread() and read_rest() from one thread at a time, in input order.
// LIFETIME: the reader points into `data`, which outlives it.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "perdiem/input.h"

namespace perdiem {

// What reading one piece did: the bytes it was cut at, for the caller
// (progress, and how much of the input its claims cover), and the reader's
// own record of the reading, which only accept() and reread() look at.
// read() fills it; the same one may be filled again (by a reader of the same
// format), keeping what it allocated.
class PieceResult {
 public:
  size_t begin = 0, end = 0;

  struct Detail {
    virtual ~Detail() = default;
  };
  std::unique_ptr<Detail> detail;
};

class PieceReader {
 public:
  // A plan to read `data` in pieces of about `piece_bytes`, or null when it
  // cannot be (not X12, too small for two pieces, no usable first ISA, over
  // max_input_bytes).
  static std::unique_ptr<PieceReader> plan(std::string_view data, std::string_view file,
                                           const ReadLimits& limits, size_t piece_bytes);
  virtual ~PieceReader() = default;

  virtual size_t pieces() const = 0;

  // Reads piece i into `sink`. Does nothing once abandon() was called (the
  // piece then is not accepted).
  virtual void read(size_t i, ClaimSink& sink, PieceResult& out) = 0;
  // Pieces not yet read are not read; waiting ones return.
  virtual void abandon() = 0;

  // In input order: true when piece i's reading is the reading from the
  // start, and the true state moves past it.
  virtual bool accept(size_t i, const PieceResult& r) = 0;
  // Reads accepted piece i again, the same way, into `sink` (its file
  // problems are the same as the first time).
  virtual void reread(size_t i, const PieceResult& r, ClaimSink& sink) const = 0;
  // After accept() returned false: reads from where the last accepted piece
  // ended to the end of the input, as reading it whole would have.
  virtual void read_rest(ClaimSink& sink) = 0;

  // Reads every piece on the calling thread, one after another, and hands
  // over what the accepted ones read, then the rest (read_rest) from the
  // first piece not accepted: what the pipeline does on its threads, for
  // tools and tests. Returns the pieces accepted.
  size_t read_one_by_one(ClaimSink& sink);
};

}  // namespace perdiem
