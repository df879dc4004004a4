// Pipeline: checks claim inputs on N threads and writes the results in
// input order, with memory that does not grow with the input.
//
// Two ways, with the same output:
//  - X12 of two pieces or more (PipelineOptions::piece_bytes), with two
//    threads or more: the input is cut into pieces at transaction sets and
//    each worker reads, checks and renders whole pieces (x12/pieces.h), so
//    that reading is parallel too and a claim stays on the core that read
//    it. Pieces are written in order; duplicate claim ids, which depend on
//    everything before, are settled then.
//  - Anything else (JSON, small inputs, one thread): the calling thread
//    reads and cuts the claims into batches; worker threads check and
//    render each batch.
// Whichever worker finishes the next batch or piece in order writes it out.
// The output is byte-for-byte the same for any number of threads and any
// piece size. At most a few batches per thread are in flight, so memory is
// bounded by the batch or piece size, not the input size.
//
// THREADING: one Pipeline is driven by one thread (begin, add_input,
// finish); the Engine and the writer are shared read-only by the workers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/writer.h"

namespace perdiem {

struct PipelineOptions {
  unsigned threads = 0;          // worker threads; 0 = one per core; 1 = all on the calling thread
  OutputFormat format = OutputFormat::kJson;
  ReadLimits limits;
  uint32_t batch_claims = 256;   // claims per batch handed to a worker
  // With two threads or more, an X12 input of at least two pieces is read
  // in pieces of about this many bytes, each by a worker (x12/pieces.h):
  // reading is then parallel too. 0: one thread reads every input.
  size_t piece_bytes = size_t{1} << 20;
  // Called (on some pipeline thread, never concurrently) with each piece of
  // output, in order. Returns false when writing failed.
  std::function<bool(std::string_view)> write;
  // Called for every problem that belongs to no claim, in input order (the
  // CLI prints these on stderr for formats other than json).
  std::function<void(std::string_view file, const Problem&)> on_file_problem;
  // Called after each batch is cut or each piece is written (on some
  // pipeline thread, never concurrently), with the bytes of the current
  // input read so far (for progress reports).
  std::function<void(uint64_t claims, uint64_t bytes_done)> on_progress;
};

struct PipelineResult {
  Totals totals;
  bool unreadable = false;     // a claim was rejected or an input could not be read
  bool some_not_paid = false;  // some line's decision is not pay
  bool write_failed = false;
  // X12 read in pieces (PipelineOptions::piece_bytes): pieces read on the
  // workers and accepted, and inputs where reading went back to one thread
  // part way (input the pieces could not predict; the output is the same).
  uint64_t pieces = 0;
  uint64_t piece_fallbacks = 0;
};

class Pipeline {
 public:
  Pipeline(const Engine& engine, PipelineOptions options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Writes the output's opening (the json header).
  void begin();
  // Reads and checks one input. `release(offset)` (optional) is told when
  // every claim before `offset` has been written, so the caller can drop
  // those bytes from memory (madvise); the views stay valid either way.
  void add_input(std::string_view data, std::string_view name,
                 const std::function<void(uint64_t offset)>& release = {});
  // An input that could not be opened or read.
  void add_file_problem(std::string_view name, const Problem& problem);
  // Waits for every batch, writes the closing (totals), stops the workers.
  PipelineResult finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A file mapped read-only into memory (or, for a pipe such as stdin, spooled
// to an unlinked temporary file first, so memory stays flat).
class MappedInput {
 public:
  // "-" is standard input. On failure returns nullptr and sets `error`.
  static std::unique_ptr<MappedInput> open(const std::string& path, std::string& error);
  ~MappedInput();
  std::string_view data() const { return {static_cast<const char*>(addr_), size_}; }
  // Drops the pages before `offset` from memory; they are read again from
  // the file if touched.
  void release_before(uint64_t offset);

 private:
  MappedInput() = default;
  void* addr_ = nullptr;
  size_t size_ = 0;
  uint64_t released_ = 0;
  int fd_ = -1;
};

}  // namespace perdiem
