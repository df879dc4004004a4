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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perdiem/claim.h"

namespace perdiem {

enum class InputFormat : uint8_t { kUnknown, kX12, kJson, kNdjson };

const char* format_name(InputFormat f);

// Looks at the first non-blank bytes (after a UTF-8 BOM): "ISA" is X12, '['
// is a JSON array, '{' is a JSON object or, when more than one top-level
// object follows on separate lines, NDJSON.
InputFormat detect_format(std::string_view data);

class ClaimIdTracker;

// Limits guard against hostile input; every limit names itself in the
// problem it produces. 0 means "no limit".
struct ReadLimits {
  uint64_t max_segment_bytes = 1 << 20;   // one X12 segment / one NDJSON line
  uint32_t max_lines_per_claim = 10000;   // service lines in one claim
  uint64_t max_claims = 100000000;        // claims per input (a payer's year fits; memory is flat anyway)
  uint32_t max_json_depth = 64;
  uint64_t max_input_bytes = uint64_t{64} << 30;  // one input (file or stdin): 64 GiB
  // Local debugging only: problems quote the raw text of the segment (X12) or
  // value (JSON) at fault, which may hold member data. Off by default; see
  // docs/robustness.md.
  bool echo_values = false;
  // Where duplicate claim ids are looked for: a tracker shared by several
  // inputs (the CLI passes one for the whole run), or, when null, a fresh one
  // for each read_input() call. Not owned.
  ClaimIdTracker* claim_ids = nullptr;
};

// Finds claim ids given twice. Both claims are still checked and reported;
// the second gets a warning naming the place of the first. Memory stays
// bounded: a 64-bit hash and the place of at most kMaxIds distinct ids are
// kept (about 60 MB at most, in a few flat arrays that grow by doubling);
// past that, new ids are no longer remembered and one file warning says so.
// THREAD-COMPATIBLE: one reading thread.
class ClaimIdTracker {
 public:
  static constexpr size_t kMaxIds = 1'000'000;
  // Adds the duplicate warning to `claim` when its id was seen before.
  // Returns true the first time the tracker is full (the caller reports it).
  bool note(Claim& claim);
  // The same, with hash_of(claim.claim_id) computed before.
  bool note(Claim& claim, uint64_t hash);
  // note() in two steps, for a caller that no longer has the claim when it
  // learns whether its id was seen (the pipeline's pieces): record() takes
  // the id's hash and the claim's place and returns the earlier claim's
  // (its index, for duplicate_of), or kNone; `full_now` as note() returns.
  // The caller skips claims without an id, as note() does.
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t record(std::string_view file, uint64_t hash, uint64_t segment, uint64_t offset,
                  bool& full_now);
  // The warning note() adds to `claim`, whose id was first used at `earlier`.
  Problem duplicate_of(const Claim& claim, uint32_t earlier) const;
  // The hash note() looks an id up by.
  static uint64_t hash_of(std::string_view id);
  // Asks the cache for the table slot of `hash` now, so that the note() of
  // that claim, a claim later, does not wait for memory: at a million ids
  // the table is far larger than the cache, and a miss on every claim cost
  // about a tenth of the reading thread's time.
  void prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  // Makes room for `ids` more distinct ids (kMaxIds in all at most), so that
  // the table does not grow step by step while claims are read.
  void reserve(size_t ids);
  // reserve() for an input of `bytes`: a claim takes a few hundred bytes of
  // X12 or JSON, so at most one id per 256 bytes. read_input() and the
  // pipeline's pieces call it before reading.
  void reserve_for_input(size_t bytes) { reserve(bytes / 256); }

 private:
  struct Place {
    uint32_t file;
    uint64_t segment, offset;
  };
  // An open-addressing hash table (linear probing, at most half full) of
  // id hashes; `place` is 1 + the index in places_, 0 for an empty slot.
  struct Slot {
    uint64_t hash;
    uint32_t place;
  };
  // The table's memory, mapped for it alone: zero until written (nothing to
  // clear, no resident memory for slots never used), and in 2 MiB pages
  // where the kernel allows (MADV_HUGEPAGE): look-ups land at random over
  // tens of megabytes, and with 4 KiB pages nearly every one also missed
  // the TLB.
  class Slots {
   public:
    Slots() = default;
    explicit Slots(size_t n);  // n zeroed slots; throws std::bad_alloc
    ~Slots();
    Slots(Slots&& o) noexcept : data_(o.data_), size_(o.size_), bytes_(o.bytes_) {
      o.data_ = nullptr;
      o.size_ = o.bytes_ = 0;
    }
    Slots& operator=(Slots&& o) noexcept {
      std::swap(data_, o.data_);
      std::swap(size_, o.size_);
      std::swap(bytes_, o.bytes_);
      return *this;
    }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Slot& operator[](size_t i) { return data_[i]; }
    const Slot& operator[](size_t i) const { return data_[i]; }
    const Slot* begin() const { return data_; }
    const Slot* end() const { return data_ + size_; }

   private:
    Slot* data_ = nullptr;
    size_t size_ = 0, bytes_ = 0;
  };
  size_t find(uint64_t hash) const;  // the slot holding `hash`, or the empty one where it goes
  void rehash(size_t slots);

  Slots slots_;  // a power of two long, or empty
  std::vector<Place> places_;
  std::vector<std::string> files_;
  bool full_ = false;
};

class ClaimSink {
 public:
  virtual ~ClaimSink() = default;
  // A claim was read. Claim::file is set. The sink may move from it or swap
  // it with a claim it is done with (a recycled one, whose vectors keep
  // their capacity); readers call Claim::reset() on the object afterwards
  // and fill it again, so steady-state reading allocates nothing.
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
