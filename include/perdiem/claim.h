// The claim model: what the readers (X12 837P, JSON, NDJSON) produce and the
// engine checks. One model for every input format.
//
// Text fields are std::string_view. They point either into the input buffer
// (the X12 reader copies nothing) or into the claim's own Arena (text that had
// to be unescaped or normalised). LIFETIME: a Claim is valid while the input
// buffer it was read from is alive; moving a Claim keeps its views valid.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "perdiem/date.h"
#include "perdiem/money.h"
#include "perdiem/problem.h"

namespace perdiem {

// Stable storage for text a reader had to build. Chunks never move, so views
// into them stay valid when the Arena (or the Claim owning it) is moved.
class Arena {
 public:
  std::string_view copy(std::string_view s);
  void clear() { chunks_.clear(); used_ = cap_ = 0; }
  // Forgets the text but keeps the first chunk for reuse (the views handed
  // out before are no longer valid).
  void reset();

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = 0, cap_ = 0;
};

// Where something came from in the input.
struct SourceRef {
  uint64_t segment = 0;  // X12: 1-based segment number of CLM (or LX); NDJSON: line; JSON: 0
  uint64_t offset = 0;   // 0-based byte offset into the input
};

// Bytes of the input: [begin, end), 0-based offsets into the input the claim
// was read from; {0, 0} when there are no such bytes.
//
// SPANS. Every claim and every line knows its bytes, so that a writer can
// copy an input and rewrite only some of its claims (`perdiem fix`: every
// byte outside the changed claims is kept) or echo a line's identity (the
// 835). In any input, damaged or not, the spans that are not empty lie in
// the input, claims' in input order without overlapping, each line's in its
// claim's, in order, without overlapping. In an 837 (docs/x12.md has the
// loops, and what spans are in damaged input):
//   - the bytes outside every claim span are the envelopes and what comes
//     between claims (ISA, GS, ST, BHT, the 1000A/1000B submitter and
//     receiver, the 2000A/2000B/2000C HL loops, SE, GE, IEA), text the
//     reader skipped, and blanks and empty segments after a claim's last
//     segment;
//   - a claim's own segments, which belong to no line (CLM and the rest of
//     loop 2300, the 2310x providers, the 2320/2330x other payers), are the
//     bytes from the claim's begin to its first line's begin. Nothing of a
//     claim comes after its lines: the 2410 drug, 2420x line providers and
//     2430/2440 loops belong to the line they follow. Between two of a
//     claim's lines there can be only blanks and extra terminators (empty
//     segments), which belong to the claim and to no line;
//   - so a writer that keeps every byte outside the claims it rewrites, and
//     inside them the bytes of every segment it does not rewrite, keeps
//     everything else exactly.
struct ByteSpan {
  uint64_t begin = 0, end = 0;

  uint64_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  // The span's bytes. REQUIRES: `input` is the input the span is in.
  std::string_view of(std::string_view input) const {
    return input.substr(begin, end - begin);
  }
};

// The delimiters of an X12 interchange, as its ISA declares them (byte 4,
// ISA16, the byte after ISA16, ISA11).
struct X12Delimiters {
  char element = '*';
  char component = ':';
  char segment = '~';
  char repetition = 0;  // ISA11 when it is a separator (5010); 0 when it is a code ('U')
};

struct ServiceLine {
  uint32_t number = 0;              // 1-based position within the claim
  std::string_view qualifier;       // SV101-1, "HC" for HCPCS/CPT; empty from JSON
  std::string_view code;            // HCPCS/CPT, e.g. "S9500" (upper case)
  std::array<std::string_view, 4> modifiers{};
  uint8_t modifier_count = 0;
  std::string_view description;     // SV101-7 / JSON "description"
  Money charge;                     // SV102
  std::string_view unit_basis;      // SV103: "UN" units, "MJ" minutes
  Quantity units;                   // SV104
  std::string_view place_of_service;   // SV105; empty = use the claim's
  DateSpan dates;                   // DTP*472 D8 or RD8
  std::string_view ndc;             // LIN*N4 (2410), digits only
  Quantity ndc_quantity;            // CTP04
  std::string_view ndc_unit;        // CTP05-1
  std::string_view rendering_taxonomy;  // 2420A PRV*PE; empty = use the claim's
  SourceRef source;                 // the LX segment
  // Where the line is in the input (see ByteSpan).
  //   X12: its whole 2400 loop: from the first byte of its LX through the
  //   end of the loop's last segment, the segment before the next LX or
  //   before whatever ends the claim. A segment's end is one past its
  //   terminator, and one line break right after the terminator belongs to
  //   the segment too: CR LF, LF or CR after a terminator that is not a line
  //   break, LF after a CR terminator. A segment the input ends inside ends
  //   with the input.
  //   JSON and NDJSON: the line object, from its '{' through its '}'.
  ByteSpan span;
  // X12 only: the segments a writer rewrites or echoes. Empty (and 0) for
  // JSON, and where the loop has no such segment.
  struct X12Line {
    // The line's SV1 and DTP*472 segments, from the first byte of their id
    // through their terminator (no line break). When a loop has two (an
    // error), the first.
    ByteSpan sv1, dtp472;
    uint64_t segments = 0;             // segments in the loop, LX included
    std::string_view control_number;   // REF02 of the loop's first REF*6R (line item control number)
  } x12;

  bool has_modifier(std::string_view m) const {
    for (uint8_t i = 0; i < modifier_count; ++i)
      if (modifiers[i] == m) return true;
    return false;
  }
};

enum class ClaimStatus : uint8_t { kChecked, kOutOfScope, kRejected };

struct Claim {
  std::string_view claim_id;          // CLM01
  std::string_view member_id;         // 2010BA NM1*IL NM109 (or 2010CA patient when present)
  Money total_charge;                 // CLM02
  std::string_view place_of_service;  // CLM05-1
  std::string_view frequency;         // CLM05-3: 1 original, 7 replacement, 8 void
  std::vector<std::string_view> diagnoses;  // upper case, no dot; principal first
  std::string_view billing_taxonomy;  // 2000A PRV*BI
  std::string_view rendering_taxonomy;  // 2310B PRV*PE
  std::vector<ServiceLine> lines;
  std::string_view file;              // input name, for the result's source
  SourceRef source;                   // the CLM segment / JSON object
  // Where the claim is in the input (see ByteSpan).
  //   X12: from the first byte of its CLM segment through the end of the
  //   last segment that belongs to it (ServiceLine::span says where a
  //   segment ends), the segment before the one that ends the claim: the
  //   next CLM, HL, ST, SE, GS, GE, IEA or ISA, or the end of the input.
  //   Service lines that have no CLM before them in their HL loop make a
  //   rejected claim that begins at their first LX or SV1. A claim reported
  //   but not read (found in text that is not segments: no ISA, an unusable
  //   ISA, inside a segment too long to read, outside a transaction set or
  //   in one that is not an 837) has no bytes of its own: its span is
  //   {0, 0}, its place is in `source`.
  //   JSON and NDJSON: the claim object (or, for an array element or line
  //   that is not one, the value), from its first byte through its last.
  ByteSpan span;
  // X12 only; empty (and 0) for JSON and for claims reported but not read.
  struct X12Claim {
    ByteSpan clm;             // the CLM segment through its terminator (no line break); empty when unreadable
    uint64_t segments = 0;    // segments in the claim's span, CLM included
    // The ST segment of the claim's transaction set (its offset and segment
    // number), so that a writer that changes the claim can recount SE01.
    uint64_t st_offset = 0, st_segment = 0;
    // The delimiters the claim was read with: the interchange's, except
    // `segment` where the interchange's segments end with line breaks
    // instead of its declared terminator (then CR or LF).
    X12Delimiters delimiters;
  } x12;
  // Non-empty errors mean the claim is rejected and not checked.
  std::vector<Problem> problems;
  Arena arena;

  bool has_errors() const {
    for (const auto& p : problems)
      if (p.severity == Severity::kError) return true;
    return false;
  }
  // Back to an empty claim, keeping the capacity of its vectors and arena, so
  // a reader can fill the same object again without allocating. A ClaimSink
  // may hand back a recycled claim this way (see ClaimSink::on_claim).
  void reset();
  // Earliest service date of any line. REQUIRES: !lines.empty().
  Date earliest_date() const;
};

}  // namespace perdiem
