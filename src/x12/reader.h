// The X12 837P reader, private to src/x12: the one class that turns segments
// into claims. read_x12() (perdiem/input.h) runs it over a whole input; the
// piece reader (x12/pieces.h) runs it over pieces from predicted states.
//
// Its work is split by job over these files:
//   read_segments.cc  scanning: interchanges, segments, dispatch by segment id,
//                     damage between segments, rescued claims, read_x12()
//   envelope.cc       GS/GE, ST/SE, IEA: counts, control numbers, missing ends
//   claim_837p.cc     the 837P mapping: HL context, CLM, HI, LX, SV1, DTP, LIN,
//                     CTP
//   problems.cc       problems: file and claim problems, their limits, echo
//   pieces.cc         the piece reader, which drives this class
//
// POSITIONS. Every problem says where it is. Segments are numbered 1, 2, 3, ...
// from the first ISA of the file (ISA = 1), and the count runs on across
// interchanges, groups and transaction sets: it never restarts. Text skipped
// outside an interchange (a banner before the ISA, junk between interchanges)
// is not counted. Offsets are 0-based byte offsets into the input of the
// segment's first byte (its id, after any line break or indentation).
// Elements are named the X12 way: "SV104"; a composite's parts "SV101-2".
//
// HOW IT WORKS. One pass over the input, one segment at a time. Delimiters come
// from each ISA. The reader keeps the envelope state (for the SE/GE/IEA counts
// and control numbers, which only ever produce warnings), the HL context (the
// billing provider's taxonomy, the subscriber and the patient) and at most one
// claim in progress. A claim ends at the next CLM, HL, SE, envelope end or the
// end of the input, and is handed to the sink at once. Structural problems in
// a claim are errors in Claim::problems (the claim is rejected, the others are
// still read); problems that belong to no claim go to on_file_problem().
// The HL context ends with its transaction set. The state between segments
// (x12::ReadState) can be saved and restored, so that a large input can be
// read in pieces on several threads from predicted states (x12/pieces.h).
//
// JUDGEMENT CALLS. Delimiters are found by counting the ISA's 16 elements, so
// an ISA with a mispadded field still reads (with a warning). UTF-16 input and
// input without any ISA are file errors: nothing is read. A final segment with
// no terminator is normal for IEA; anywhere else the input was cut short, and a
// claim it belongs to is rejected. A segment whose id is not 2-3 upper-case
// letters/digits is damage: it rejects the claim it is in (a damaged SV1 or
// DTP must not pass unnoticed). Well-formed but unknown segments are skipped.
// 835 transaction sets are skipped with a warning; 837I claims are read but
// their SV2 lines are not, so they come out rejected.
//
// ZERO COPY. Claim text points into the input. Text that had to be changed
// (upper case, ICD-10 dot removed, NDC hyphens removed) is copied to the
// claim's arena. One pass over a segment's bytes finds its terminator and
// where its elements end (x12::Elements); segment ids are dispatched as
// integers. The claim in progress is one object, reset and filled again
// after each claim is handed over, so steady-state reading does not allocate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "perdiem/input.h"
#include "x12/pieces.h"
#include "x12/segments.h"
#include "x12/text.h"

namespace perdiem::x12 {

// Problems listed per claim; the rest are counted in one last problem.
constexpr size_t kMaxClaimProblems = 100;
// How much of a segment echo_values quotes.
constexpr size_t kEchoBytes = 200;

// Segment ids the reader acts on, as segment_key() integers.
namespace id {
constexpr uint32_t kGS = segment_key("GS"), kGE = segment_key("GE"),
                   kST = segment_key("ST"), kSE = segment_key("SE"),
                   kIEA = segment_key("IEA"), kHL = segment_key("HL"),
                   kNM1 = segment_key("NM1"), kPRV = segment_key("PRV"),
                   kCLM = segment_key("CLM"), kHI = segment_key("HI"),
                   kLX = segment_key("LX"), kSV1 = segment_key("SV1"),
                   kDTP = segment_key("DTP"), kLIN = segment_key("LIN"),
                   kCTP = segment_key("CTP"), kSV2 = segment_key("SV2"),
                   kSV3 = segment_key("SV3"), kTA1 = segment_key("TA1"),
                   kREF = segment_key("REF");
}  // namespace id

// One segment as the dispatcher sees it.
struct Segment {
  // `id`: element 0, or element 0 without the line breaks inside it.
  Segment(const Elements& elements, std::string_view id, uint64_t number, uint64_t offset)
      : el(&elements), id_text(id), code(segment_key(id)), number(number), offset(offset) {}

  const Elements* el;
  std::string_view id_text;
  uint32_t code;  // segment_key(id_text)
  uint64_t number;
  uint64_t offset;

  std::string_view id() const { return id_text; }
  // Element i >= 1; empty when absent.
  std::string_view at(size_t i) const { return el->at(i); }
  size_t size() const { return el->size(); }
};

class Reader {
 public:
  Reader(std::string_view data, std::string_view file, ClaimSink& sink, const ReadLimits& limits)
      : data_(data),
        file_(file),
        sink_(sink),
        limits_(limits),
        max_segment_bytes_(limits.max_segment_bytes != 0 ? limits.max_segment_bytes : UINT64_MAX) {}

  void run() { run_range(0, data_.size(), true, true); }
  // Reads the segments that begin in data_[pos, end): from the start of the
  // input when `first`, else from the state set_state() gave. `last`: the
  // input ends at `end` (finish() reports what is left open). Returns where
  // reading stopped: `end`, or past it when a segment or skipped text ran on.
  // `piece`: a piece of an input read in pieces (x12/pieces.h), whose
  // counters start at 0 instead of the input's.
  size_t run_range(size_t pos, size_t end, bool first, bool last, bool piece = false);

  // Pieces (x12/pieces.h).
  const ReadState& state() const { return st_; }
  void set_state(const ReadState& s);
  // The envelope-only reader: reads the envelope segment at `pos` as segment `number`.
  void envelope_segment(size_t pos, uint64_t number);
  void result(PieceReading& out, size_t stop) const {
    out.finish = st_;
    out.stop = stop;
    out.clean = !in_claim_ && !in_transaction_ && !stopped_;
    out.stopped = stopped_;
    out.used_strays = used_strays_;
    out.used_totals = used_totals_;
  }

 private:
  // --- scanning ---
  size_t open_interchange(size_t isa);
  // Reads the segment that begins at or after pos (blanks and terminators
  // skipped) if it begins before `end`; returns where the next begins, or
  // where it stopped. Inlined into run_range(): as a call it cost a tenth
  // of the reader.
  [[gnu::always_inline]] inline size_t read_segment(size_t pos, size_t end);
  size_t read_segment_slowly(size_t pos, size_t stop);
  bool count_segment(size_t pos, std::string_view raw);
  // Sets the delimiters segments are read with (each ISA declares them).
  void set_delimiters(const Delimiters& d);
  void oversized_segment(std::string_view raw, uint64_t number, uint64_t offset);
  void unterminated_segment(const Segment& s);
  // Inlined: it runs once a segment, and as a call (with the registers its
  // handlers need saved and restored) it costs about 3% of reading.
  [[gnu::always_inline]] inline void dispatch(const Segment& s);
  void dispatch_outside_837(const Segment& s);
  bool on_envelope(const Segment& s);
  void stray_segment(const Segment& s);
  void outside_transaction(const Segment& s);
  void finish();
  // Reports as rejected every claim that seems to begin in data_[begin, end),
  // text that could not be read as segments. `why` says what was wrong.
  void rescue(size_t begin, size_t end, uint64_t number, const std::string& why);
  // A claim that is reported but could not be read at all (no lines expected).
  bool rescued_claim(uint64_t number, uint64_t offset, std::string_view id, std::string message);
  // A segment that runs on past line breaks: returns true (and where the
  // next segment starts) when the line breaks ended segments.
  bool line_breaks_end_segments(std::string_view raw, size_t pos, size_t& next);
  void headless_claim(const Segment& s);

  // --- envelopes ---
  void on_gs(const Segment& s);
  void on_ge(const Segment& s);
  void on_st(const Segment& s);
  void on_se(const Segment& s);
  void on_iea(const Segment& s);
  void end_transaction_without_se(const Segment& s);
  void end_group_without_ge(const Segment& s);
  void end_interchange_without_iea(uint64_t number, uint64_t offset);
  // The billing provider, subscriber and patient of the HL loops: none
  // outside a transaction set (so the state between two transaction sets
  // is the envelope's alone; x12/pieces.h relies on it).
  void clear_hl_context() {
    level_ = billing_taxonomy_ = subscriber_id_ = patient_id_ = entity_ = {};
    billing_lower_ = false;
  }

  // --- 837P content ---
  void on_hl(const Segment& s);
  void on_nm1(const Segment& s);
  void on_prv(const Segment& s);
  void on_clm(const Segment& s);
  void on_hi(const Segment& s);
  void on_lx(const Segment& s);
  void on_sv1(const Segment& s);
  void on_dtp(const Segment& s);
  void on_lin(const Segment& s);
  void on_ctp(const Segment& s);
  void on_ref(const Segment& s);
  bool begin_claim(uint64_t number, uint64_t offset);
  // The line or claim in progress ends before segment `next_number`, which
  // begins at `next_offset` (or the input ends there). end_line() takes the
  // line's span end, span_end() of that offset.
  void end_line(uint64_t next_number, size_t end) {
    if (!in_line_) return;
    in_line_ = false;
    line_->span = {line_->source.offset, end};
    line_->x12.segments = next_number - line_->source.segment;
    if (!lines_over_limit_ && (!line_has_sv1_ || !line_has_date_)) incomplete_line();
  }
  // A line without its SV1 or its DTP*472: an error in the claim.
  [[gnu::cold]] void incomplete_line();
  void end_claim(uint64_t next_number, size_t next_offset);

  // --- spans (perdiem/claim.h, ByteSpan) ---
  // Where the segment before the one at `next` ends: one past its
  // terminator and the line break after it. Only blanks and terminators lie
  // between the two (the reader skips nothing else between segments); the
  // terminator is the first of them, or at `next` itself (a segment that
  // was not read, whose end is passed). None: the segment runs to `next`.
  size_t span_end(size_t next) const;
  // One past the terminator of the segment being dispatched.
  size_t segment_end(const Segment& s) const {
    if (slow_end_ != 0) return slow_end_;
    return static_cast<size_t>(s.el->last_end() - data_.data()) + 1;
  }

  // --- problems ---
  void file_problem(Severity sev, uint64_t number, uint64_t offset, std::string message,
                    std::string element = {});
  void claim_error(uint64_t number, uint64_t offset, std::string element, std::string message);
  void claim_warning(uint64_t number, uint64_t offset, std::string element, std::string message);
  void add_claim_problem(Problem p);
  // echo_values: " [segment text: '...']" for the segment at `offset`.
  std::string echo(uint64_t offset) const;
  std::string line_label() const;
  // A claim value for a message (x12::quote_value): text is not shown
  // unless echo_values.
  std::string shown(std::string_view v) const { return quote_value(v, limits_.echo_values); }

  // Normalised claim text: the input's bytes when normalising changes nothing,
  // else a copy in the claim's arena. REQUIRES: in_claim_.
  std::string_view upper(std::string_view s) { return has_lower(s) ? upper_copy(s) : s; }
  std::string_view upper_copy(std::string_view s);
  std::string_view diagnosis_code(std::string_view s);
  std::string_view digits_only(std::string_view s);

  std::string_view data_;
  std::string_view file_;
  ClaimSink& sink_;
  const ReadLimits& limits_;
  const uint64_t max_segment_bytes_;  // limits_.max_segment_bytes, UINT64_MAX for none
  bool stopped_ = false;  // a limit ended reading
  // What a piece's reading depended on beyond its own segments (PieceResult).
  bool piece_ = false;
  bool used_strays_ = false, used_totals_ = false;

  // The state between segments that the envelope and the counts over the
  // whole input make (delimiters, segment number, open interchange and
  // group): what a piece starts from and hands on (x12/pieces.h).
  ReadState st_;

  // Scanner.
  bool line_break_terminator_ = false;  // st_.delims.segment is CR or LF
  Elements elements_;
  // One past the terminator of the segment read the slow way while it is
  // dispatched, 0 otherwise (the fast path's is where its last element ends).
  size_t slow_end_ = 0;
  std::string unwrapped_id_;

  // Transaction set.
  bool in_transaction_ = false;
  bool claims_transaction_ = false;  // the open transaction set is an 837
  uint64_t st_number_ = 0;
  std::string_view st_control_;
  uint64_t st_offset_ = 0;
  uint64_t transaction_segments_ = 0;
  uint64_t transaction_claims_ = 0;

  // HL context (2000A/2000B/2000C).
  std::string_view level_;
  std::string_view billing_taxonomy_, subscriber_id_, patient_id_;
  // billing_taxonomy_ has lower case: each claim gets an upper-case copy.
  // Known once, as the taxonomy is the same for every claim under its HL.
  bool billing_lower_ = false;
  std::string_view entity_;  // NM101 of the last NM1: whose PRV follows

  // Claim in progress.
  bool in_claim_ = false;
  Claim claim_;
  bool principal_seen_ = false;
  bool lines_over_limit_ = false;
  bool rescued_ = false;            // the claim in progress is a rescued one
  size_t problems_dropped_ = 0;     // beyond kMaxClaimProblems
  bool dropped_error_ = false;
  // Line in progress: claim_.lines.back(), or scratch_ past max_lines_per_claim.
  bool in_line_ = false;
  ServiceLine* line_ = nullptr;
  ServiceLine scratch_;
  bool line_has_sv1_ = false, line_has_date_ = false, line_in_drug_ = false;
  std::string_view line_other_service_;  // SV2/SV3 seen instead of SV1
  // The last DTP*472 read without a problem (see on_dtp).
  struct {
    std::string_view text;  // DTP03
    bool range = false;     // RD8, not D8
    DateSpan dates;
  } last_dates_;
};

}  // namespace perdiem::x12
