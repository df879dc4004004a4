// X12 837P reader. This file's external interface is just read_x12(), declared
// in perdiem/input.h.
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
// read in pieces on several threads from predicted states (x12/pieces.h;
// the PieceReader's reader-driving parts are at the end of this file).
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
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "perdiem/input.h"
#include "x12/pieces.h"
#include "x12/segments.h"

namespace perdiem {
namespace {

using x12::is_alnum;  // ASCII, as std::isalnum in the "C" locale (perdiem never sets another)
using x12::quote;

using x12::kMaxStrayReports;
// Problems listed per claim; the rest are counted in one last problem.
constexpr size_t kMaxClaimProblems = 100;
// How much of a segment echo_values quotes.
constexpr size_t kEchoBytes = 200;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool has_text(std::string_view s) {
  for (char c : s)
    if (!is_space(c)) return true;
  return false;
}

bool has_bom(std::string_view d) {
  return d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0xEF &&
         static_cast<unsigned char>(d[1]) == 0xBB && static_cast<unsigned char>(d[2]) == 0xBF;
}

// UTF-16 (with or without a byte order mark) cannot be read in place.
bool looks_utf16(std::string_view d) {
  if (d.size() >= 2) {
    const auto a = static_cast<unsigned char>(d[0]), b = static_cast<unsigned char>(d[1]);
    if ((a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF)) return true;
  }
  using namespace std::string_view_literals;
  return d.substr(0, 6) == "I\0S\0A\0"sv || d.substr(0, 6) == "\0I\0S\0A"sv;
}

// What a byte is, for checking codes in one pass: classes(s) is the union of
// the classes of its bytes.
enum CharClass : uint8_t { kLower = 1, kNotAlnum = 2, kDot = 4, kAllClasses = 7 };
constexpr std::array<uint8_t, 256> kCharClasses = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool alnum = lower || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    t[c] = static_cast<uint8_t>((lower ? kLower : 0) | (alnum ? 0 : kNotAlnum) |
                                (c == '.' ? kDot : 0));
  }
  return t;
}();
unsigned classes(std::string_view s) {
  unsigned c = 0;
  for (char ch : s) {
    c |= kCharClasses[static_cast<unsigned char>(ch)];
    // Nothing more to learn. (This also keeps the loop a plain one: the
    // vectorised form costs more than it saves on a 5-byte code.)
    if (c == kAllClasses) break;
  }
  return c;
}
bool has_lower(std::string_view s) { return (classes(s) & kLower) != 0; }

// Whole non-negative count such as SE01; nullopt when not plain digits.
std::optional<uint64_t> parse_count(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// Why a numeric element did not parse: `otherwise` (" is not a number"), or,
// for digits that do not fit (more than 15 whole digits, more decimals than
// the field holds), " is too large or too precise".
const char* number_trouble(std::string_view s, const char* otherwise) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool digit = false, point = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c == '.' && !point) point = true;
    else return otherwise;
  }
  return digit ? " is too large or too precise" : otherwise;
}

// True when `s` is the text `literal` (a qualifier or code): a length check
// and a few byte compares once inlined, where operator== calls memcmp.
template <size_t N>
bool is(std::string_view s, const char (&literal)[N]) {
  if (s.size() != N - 1) return false;
  for (size_t i = 0; i + 1 < N; ++i)
    if (s[i] != literal[i]) return false;
  return true;
}

// a == b for short texts, 8 bytes at a time: cheaper than the call to memcmp
// that operator== makes.
bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Money (CLM02, SV102) and units (SV104, CTP04) as senders write them: up to
// 15 bytes of digits with at most Scale decimals ("1751.31", "11"), read here
// in a few instructions a byte. Any other text (a sign, ".5", more decimals,
// longer) goes to Fixed::parse, which reads every form and costs several times
// more; for the plain form both give the same value (x12_reader_test checks).
template <int Scale>
std::optional<Fixed<Scale>> parse_decimal(std::string_view s) {
  // The value of a digit byte; more than 9 for any other byte.
  auto digit = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c)) - '0'; };
  if (s.empty() || s.size() > 15 || digit(s[0]) > 9) return Fixed<Scale>::parse(s);
  const char* p = s.data();
  const char* const end = p + s.size();
  uint64_t raw = 0;
  for (unsigned d; p != end && (d = digit(*p)) <= 9; ++p) raw = raw * 10 + d;
  int decimals = 0;
  if (p != end) {
    if (*p++ != '.') return Fixed<Scale>::parse(s);
    for (unsigned d; p != end && decimals < Scale && (d = digit(*p)) <= 9; ++p, ++decimals)
      raw = raw * 10 + d;
    if (p != end) return Fixed<Scale>::parse(s);
  }
  for (; decimals < Scale; ++decimals) raw *= 10;
  return Fixed<Scale>::from_raw(static_cast<int64_t>(raw));
}

// Control numbers match when equal as text or, both numeric, as numbers
// ("905" and "000000905").
bool same_control(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const auto x = parse_count(a), y = parse_count(b);
  return x && y && *x == *y;
}

// Segment ids the reader acts on, as x12::segment_key() integers.
namespace id {
constexpr uint32_t kGS = x12::segment_key("GS"), kGE = x12::segment_key("GE"),
                   kST = x12::segment_key("ST"), kSE = x12::segment_key("SE"),
                   kIEA = x12::segment_key("IEA"), kHL = x12::segment_key("HL"),
                   kNM1 = x12::segment_key("NM1"), kPRV = x12::segment_key("PRV"),
                   kCLM = x12::segment_key("CLM"), kHI = x12::segment_key("HI"),
                   kLX = x12::segment_key("LX"), kSV1 = x12::segment_key("SV1"),
                   kDTP = x12::segment_key("DTP"), kLIN = x12::segment_key("LIN"),
                   kCTP = x12::segment_key("CTP"), kSV2 = x12::segment_key("SV2"),
                   kSV3 = x12::segment_key("SV3"), kTA1 = x12::segment_key("TA1");
}  // namespace id

// One segment as the dispatcher sees it.
struct Segment {
  // `id`: element 0, or element 0 without the line breaks inside it.
  Segment(const x12::Elements& elements, std::string_view id, uint64_t number, uint64_t offset)
      : el(&elements), id_text(id), code(x12::segment_key(id)), number(number), offset(offset) {}

  const x12::Elements* el;
  std::string_view id_text;
  uint32_t code;  // x12::segment_key(id_text)
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
  const x12::ReadState& state() const { return st_; }
  void set_state(const x12::ReadState& s);
  // The envelope-only reader: reads the envelope segment at `pos` as segment `number`.
  void envelope_segment(size_t pos, uint64_t number);
  void result(x12::PieceResult& out, size_t stop) const {
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
  void set_delimiters(const x12::Delimiters& d);
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
  bool begin_claim(uint64_t number, uint64_t offset);
  void end_line();
  void end_claim();

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
  std::string shown(std::string_view v) const { return x12::quote_value(v, limits_.echo_values); }

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
  x12::ReadState st_;

  // Scanner.
  bool line_break_terminator_ = false;  // st_.delims.segment is CR or LF
  x12::Elements elements_;
  std::string unwrapped_id_;

  // Transaction set.
  bool in_transaction_ = false;
  bool claims_transaction_ = false;  // the open transaction set is an 837
  uint64_t st_number_ = 0;
  std::string_view st_control_;
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

// ---------------------------------------------------------------- scanning

size_t Reader::run_range(size_t pos, size_t end, bool first, bool last, bool piece) {
  piece_ = piece;
  if (first) {
    if (looks_utf16(data_)) {
      file_problem(Severity::kError, 0, 0,
                   "the input is UTF-16 encoded; X12 must be ASCII or UTF-8 text, nothing was "
                   "read");
      return data_.size();
    }
    pos = has_bom(data_) ? 3 : 0;
    if (!has_text(data_.substr(pos))) {
      file_problem(Severity::kError, 0, 0, "the input is empty");
      return data_.size();
    }
  }
  while (pos < end && !stopped_) {
    if (st_.in_interchange) {
      pos = read_segment(pos, end);
      continue;
    }
    const size_t isa = x12::find_isa(data_, pos);
    const size_t text_end = isa == std::string_view::npos ? data_.size() : isa;
    const std::string_view skipped = data_.substr(pos, text_end - pos);
    if (has_text(skipped) && !st_.after_bad_isa) {
      size_t first_byte = pos;
      while (is_space(data_[first_byte])) ++first_byte;
      const char* where = !st_.any_interchange ? "before the first ISA header"
                          : isa == std::string_view::npos ? "after the last interchange"
                                                          : "between interchanges";
      if (isa == std::string_view::npos && !st_.any_interchange) {
        file_problem(Severity::kError, 0, first_byte,
                     "no ISA interchange header found; the input was not read as X12");
        rescue(first_byte, text_end, 0,
               "this claim is in a file without an ISA interchange header, so its delimiters "
               "are not declared and it was not read");
      } else {
        file_problem(Severity::kWarning, 0, first_byte,
                     fmt::format("{} bytes of text {} were skipped", text_end - first_byte, where));
        rescue(first_byte, text_end, 0,
               fmt::format("this claim is in text {}, outside any ISA/IEA interchange, and was "
                           "not read",
                           where));
      }
    }
    if (isa == std::string_view::npos) {
      pos = data_.size();
      break;
    }
    st_.any_interchange = true;
    pos = open_interchange(isa);
    st_.after_bad_isa = !st_.in_interchange;
  }
  if (last) finish();
  return pos;
}

// Reads the ISA at `isa`; returns where reading goes on.
size_t Reader::open_interchange(size_t isa) {
  x12::IsaHeader h;
  std::string why;
  if (!x12::parse_isa(data_, isa, h, &why)) {
    file_problem(Severity::kError, 0, isa,
                 fmt::format("the ISA header at offset {} is unusable: {}; the interchange was "
                             "skipped up to the next ISA",
                             isa, why),
                 "ISA");
    const size_t next = x12::find_isa(data_, isa + 3);
    rescue(isa + 3, next == std::string_view::npos ? data_.size() : next, 0,
           fmt::format("this claim is in the interchange whose ISA header at offset {} is "
                       "unusable ({}), so it was not read",
                       isa, why));
    return isa + 3;
  }
  set_delimiters(h.delims);
  st_.line_terminated = st_.wrapped_reported = false;
  st_.declared_terminator = st_.delims.segment;
  ++st_.segment_number;
  if (!h.standard_length)
    file_problem(Severity::kWarning, st_.segment_number, isa,
                 fmt::format("the ISA header is {} bytes, not 106; its delimiters were found by "
                             "counting its 16 elements",
                             h.length),
                 "ISA");
  st_.in_interchange = true;
  st_.isa_number = st_.segment_number;
  st_.isa_control = h.control;
  st_.groups = 0;
  st_.gap_reported = false;
  return isa + h.length;
}

size_t Reader::read_segment(size_t pos, size_t end) {
  const size_t n = data_.size();
  const char* const d = data_.data();
  while (pos < n && (is_space(d[pos]) || d[pos] == st_.delims.segment)) ++pos;
  // A piece does not read the segment that begins the next piece.
  if (pos >= end) return pos;
  if (x12::starts_isa(data_, pos)) {  // a new interchange before this one's IEA
    end_interchange_without_iea(st_.segment_number + 1, pos);
    return pos;
  }
  // One pass to the terminator notes where the elements end; it stops early
  // at a line break, unless line breaks are the terminator.
  const size_t stop = static_cast<size_t>(elements_.scan(d + pos, d + n) - d);
  if (stop < n && d[stop] == st_.delims.segment && !line_break_terminator_) {
    // The common case: the terminator, and no line break in the segment.
    if (count_segment(pos, std::string_view(d + pos, stop - pos))) {
      elements_.finish(d + stop);
      dispatch(Segment(elements_, elements_.at(0), st_.segment_number, pos));
    }
    // Most files put a line break after each terminator: it is passed here
    // rather than by the loop above.
    return stop + 1 + (stop + 1 < n && d[stop + 1] == '\n');
  }
  return read_segment_slowly(pos, stop);
}

// Numbers the segment data_[pos, pos + raw.size()); false when it is longer
// than max_segment_bytes (reported here) and must not be read.
bool Reader::count_segment(size_t pos, std::string_view raw) {
  ++st_.segment_number;
  if (in_transaction_) ++transaction_segments_;
  if (raw.size() > max_segment_bytes_) {
    oversized_segment(raw, st_.segment_number, pos);
    return false;
  }
  return true;
}

// read_segment() past a line break (or at the end of the input, or with line
// breaks as terminators): where the segment ends and what it holds depend on
// the line breaks in and after it.
size_t Reader::read_segment_slowly(size_t pos, size_t stop) {
  const size_t n = data_.size();
  const bool line_break = stop < n && data_[stop] != st_.delims.segment;
  size_t end = stop;
  if (line_break) {
    const void* hit = std::memchr(data_.data() + stop, st_.delims.segment, n - stop);
    end = hit ? static_cast<size_t>(static_cast<const char*>(hit) - data_.data()) : n;
  }
  const bool hit = end < n;
  std::string_view raw = data_.substr(pos, end - pos);
  while (!raw.empty() && (raw.back() == '\r' || raw.back() == '\n')) raw.remove_suffix(1);
  size_t next = hit ? end + 1 : n;
  if (st_.line_terminated) {
    // Segments end with line breaks; a trailing declared terminator is dropped.
    while (!raw.empty() && (raw.back() == st_.declared_terminator || raw.back() == '\r'))
      raw.remove_suffix(1);
  }
  bool wrapped = false;
  // A line break before the terminator that is not one of those trimmed from
  // the end of the segment.
  if (line_break && stop < pos + raw.size()) {
    size_t cut = 0;
    if (line_breaks_end_segments(raw, pos, cut)) {
      // Read up to the first line break; the rest is read with line breaks as terminators.
      raw = data_.substr(pos, cut - pos);
      while (!raw.empty() && (raw.back() == '\r' || raw.back() == '\n')) raw.remove_suffix(1);
      next = cut;
    } else {
      wrapped = true;
    }
  }
  if (!count_segment(pos, raw)) return next;
  // scan() stopped at the line break: the elements past it are not noted yet.
  if (line_break) elements_.split(raw);
  else elements_.finish(raw.data() + raw.size());
  std::string_view id = elements_.at(0);
  if (wrapped && id.find_first_of("\r\n") != std::string_view::npos) {
    // A line break inside the segment id ("CL\nM"): dispatch on the id without it.
    unwrapped_id_.clear();
    for (char c : id.substr(0, 8))
      if (c != '\r' && c != '\n') unwrapped_id_ += c;
    id = unwrapped_id_;
  }
  const Segment s(elements_, id, st_.segment_number, pos);
  if (hit || next < n) dispatch(s);
  else unterminated_segment(s);
  if (wrapped) {
    const std::string msg = fmt::format(
        "segment {} has a line break inside it (the file may be wrapped at a fixed width); "
        "remove the line breaks inside segments and send it again",
        st_.segment_number);
    if (in_claim_) {
      claim_error(st_.segment_number, pos, "", msg + "; the claim was not checked");
    } else if (!st_.wrapped_reported) {
      st_.wrapped_reported = true;
      file_problem(Severity::kWarning, st_.segment_number, pos,
                   msg + " (reported once per interchange)");
    }
  }
  return next;
}

void Reader::set_delimiters(const x12::Delimiters& d) {
  st_.delims = d;
  line_break_terminator_ = d.segment == '\r' || d.segment == '\n';
  elements_.set_delimiters(d.element, d.segment);
}

bool Reader::line_breaks_end_segments(std::string_view raw, size_t pos, size_t& next) {
  for (size_t i = raw.find_first_of("\r\n"); i != std::string_view::npos;
       i = raw.find_first_of("\r\n", i + 1)) {
    size_t k = i;
    while (k < raw.size() && is_space(raw[k])) ++k;
    if (!x12::starts_known_segment(raw.substr(k), st_.delims.element)) continue;
    if (!st_.line_terminated) {
      st_.line_terminated = true;
      file_problem(Severity::kWarning, st_.segment_number + 1, pos,
                   fmt::format("segments in this interchange end with line breaks, not with the "
                               "terminator {} that its ISA declares; line breaks were read as "
                               "segment terminators from here to the IEA",
                               quote(std::string_view(&st_.declared_terminator, 1))));
      x12::Delimiters d = st_.delims;
      d.segment = raw[i];  // CR (old Mac, or CRLF) or LF
      set_delimiters(d);
    }
    next = pos + i;
    return true;
  }
  return false;
}

void Reader::oversized_segment(std::string_view raw, uint64_t number, uint64_t offset) {
  const std::string_view id = raw.substr(0, std::min(raw.find(st_.delims.element), size_t{4}));
  const std::string msg = fmt::format(
      "segment of {} bytes is longer than the {}-byte limit (max_segment_bytes) and was not "
      "read; the limit is set with --max-segment-bytes",
      raw.size(), limits_.max_segment_bytes);
  if (id == "CLM" && in_transaction_ && claims_transaction_) {
    end_claim();
    if (!begin_claim(number, offset)) return;
  }
  if (in_claim_) claim_error(number, offset, std::string(x12::is_segment_id(id) ? id : ""), msg);
  else file_problem(Severity::kError, number, offset, msg);
  // Claims it swallowed (a missing terminator) are still reported.
  rescue(offset + 3, offset + raw.size(), number,
         fmt::format("this claim is inside segment {}, which is longer than the {}-byte limit "
                     "(max_segment_bytes), so it was not read; a segment terminator may be "
                     "missing or wrong",
                     number, limits_.max_segment_bytes));
}

// The input ended inside this segment: there is no terminator after it. An
// unterminated IEA is common and harmless; anything else may be cut short.
void Reader::unterminated_segment(const Segment& s) {
  const bool envelope_end = s.code == id::kIEA || s.code == id::kSE || s.code == id::kGE;
  const std::string msg = fmt::format(
      "the input ends inside this {} segment (it has no segment terminator); the file may be "
      "truncated",
      x12::is_segment_id(s.id()) ? s.id() : "unreadable");
  if (s.code == id::kSE || s.code == id::kGE)
    file_problem(Severity::kWarning, s.number, s.offset, msg);
  // A claim is still read, and rejected below as incomplete.
  if (envelope_end || (s.code == id::kCLM && in_transaction_ && claims_transaction_)) dispatch(s);
  if (envelope_end) return;
  if (in_claim_) claim_error(s.number, s.offset, "", msg + ", so the claim is incomplete");
  else file_problem(Severity::kWarning, s.number, s.offset, msg);
}

void Reader::dispatch(const Segment& s) {
  if (!in_transaction_ || !claims_transaction_) return dispatch_outside_837(s);
  switch (s.code) {
    case id::kGS:
    case id::kGE:
    case id::kST:
    case id::kSE:
    case id::kIEA:
      on_envelope(s);
      return;
    case id::kHL: return on_hl(s);
    case id::kNM1: return on_nm1(s);
    case id::kPRV: return on_prv(s);
    case id::kCLM: return on_clm(s);
    case id::kHI: return on_hi(s);
    case id::kLX: return on_lx(s);
    case id::kSV1: return on_sv1(s);
    case id::kDTP: return on_dtp(s);
    case id::kLIN: return on_lin(s);
    case id::kCTP: return on_ctp(s);
    case id::kSV2:
    case id::kSV3:
      // Named, not s.id(): a segment id with a line break inside it is
      // unwrapped into unwrapped_id_, which the next such segment overwrites.
      if (in_line_) line_other_service_ = s.code == id::kSV2 ? "SV2" : "SV3";
      return;
    default:
      // Every other segment (REF, N3, DMG, SBR, CAS, SVD, ...) carries nothing we read.
      if (!x12::is_segment_key(s.code)) stray_segment(s);
      return;
  }
}

// GS, GE, ST, SE and IEA, wherever they come: false for any other segment.
bool Reader::on_envelope(const Segment& s) {
  switch (s.code) {
    case id::kGS: on_gs(s); return true;
    case id::kGE: on_ge(s); return true;
    case id::kST: on_st(s); return true;
    case id::kSE: on_se(s); return true;
    case id::kIEA: on_iea(s); return true;
    default: return false;
  }
}

// dispatch() outside an 837 transaction set: only the envelope is read.
void Reader::dispatch_outside_837(const Segment& s) {
  if (on_envelope(s)) return;
  if (!x12::is_segment_key(s.code)) return stray_segment(s);
  if (!in_transaction_) return outside_transaction(s);
  if (s.code == id::kCLM)
    rescued_claim(s.number, s.offset, s.at(1),
                  fmt::format("this CLM is in transaction set {} (ST at segment {}), which is "
                              "not an 837, so the claim was not read",
                              quote(st_control_), st_number_));
}

// A segment that does not begin with a segment id: damage. Inside a claim it
// rejects the claim (a damaged SV1 or DTP must not pass silently).
void Reader::stray_segment(const Segment& s) {
  const std::string msg = "this segment does not begin with a valid segment id";
  // "CLM|..." under a '*' ISA: a claim whose element separator is wrong.
  const std::string_view id = s.id();
  if (id.size() > 3 && id.compare(0, 3, "CLM") == 0 &&
      !(is_alnum(id[3]) || is_space(id[3]))) {
    const char sep = id[3];
    const std::string_view rest = id.substr(4);
    const std::string why = fmt::format(
        "this segment looks like a CLM, but its element separator is {}, not the {} that the "
        "ISA declares; the claim was not read",
        quote(std::string_view(&sep, 1)), quote(std::string_view(&st_.delims.element, 1)));
    const std::string_view guess = rest.substr(0, std::min(rest.find(sep), size_t{38}));
    if (in_transaction_ && claims_transaction_) {
      end_claim();
      if (!begin_claim(s.number, s.offset)) return;
      // A copy: the id may be in unwrapped_id_ (a line break inside it), which
      // the next such segment overwrites, and which the reader owns.
      claim_.claim_id = claim_.arena.copy(guess);
      claim_error(s.number, s.offset, "CLM", why);
    } else {
      rescued_claim(s.number, s.offset, guess, why);
    }
    return;
  }
  if (in_claim_) return claim_error(s.number, s.offset, "", msg);
  used_strays_ = true;
  if (st_.counts.stray_reports < kMaxStrayReports)
    file_problem(Severity::kWarning, s.number, s.offset, msg + "; it was skipped");
  else if (st_.counts.stray_reports == kMaxStrayReports)
    file_problem(Severity::kWarning, s.number, s.offset,
                 "more segments without a valid segment id follow; they are not reported");
  ++st_.counts.stray_reports;
}

// A segment inside the interchange but outside any ST/SE transaction set.
void Reader::outside_transaction(const Segment& s) {
  if (s.code == id::kCLM) {
    rescued_claim(s.number, s.offset, s.at(1),
                  "this CLM is outside a transaction set (there is no ST before it); the claim "
                  "was not read");
    return;
  }
  if (s.code == id::kTA1 || st_.gap_reported) return;
  st_.gap_reported = true;
  file_problem(Severity::kWarning, s.number, s.offset,
               "segments outside a transaction set (no ST before them) were skipped");
}

void Reader::finish() {
  end_claim();
  if (in_transaction_ && claims_transaction_ && transaction_claims_ == 0 && !stopped_)
    file_problem(Severity::kWarning, st_number_, 0,
                 fmt::format("transaction set {} (ST at segment {}) holds no claims (CLM)",
                             quote(st_control_), st_number_));
  if (st_.counts.claims_started == 0 && !st_.counts.file_error && !stopped_) {
    // A piece knows its own claims only: whether the input had none is
    // settled when it is accepted (PieceReader::accept).
    if (piece_) used_totals_ = true;
    else file_problem(Severity::kWarning, 0, 0, "no claims (CLM segments) were found in the input");
  }
  if (!st_.in_interchange || stopped_) return;
  std::string missing;
  if (in_transaction_) missing += "SE, ";
  if (st_.in_group) missing += "GE, ";
  missing += "IEA";
  file_problem(Severity::kWarning, st_.segment_number, data_.size(),
               fmt::format("the input ends before the interchange is closed (no {}); the file "
                           "may be truncated",
                           missing));
}

// --------------------------------------------------------------- envelopes

void Reader::on_gs(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  if (st_.in_group) end_group_without_ge(s);
  st_.in_group = true;
  ++st_.groups;
  st_.gs_number = s.number;
  st_.gs_control = s.at(6);
  st_.gs_version = s.at(8);
  st_.sets = 0;
  st_.gap_reported = false;
}

void Reader::on_ge(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  end_claim();
  if (!st_.in_group) {
    file_problem(Severity::kWarning, s.number, s.offset, "GE without a GS before it");
    return;
  }
  const auto count = parse_count(s.at(1));
  if (!count || *count != st_.sets)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("GE01 says {} transaction sets but the group has {}",
                             quote(s.at(1)), st_.sets),
                 "GE01");
  if (!same_control(s.at(2), st_.gs_control))
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("GE02 control number {} does not match GS06 {} (segment {})",
                             quote(s.at(2)), quote(st_.gs_control), st_.gs_number),
                 "GE02");
  st_.in_group = false;
  st_.gap_reported = false;
}

void Reader::on_st(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  end_claim();
  if (!st_.in_group)
    file_problem(Severity::kWarning, s.number, s.offset,
                 "this transaction set is not inside a GS/GE functional group");
  else
    ++st_.sets;
  in_transaction_ = true;
  st_number_ = s.number;
  st_control_ = s.at(2);
  transaction_segments_ = 1;
  transaction_claims_ = 0;
  clear_hl_context();
  claims_transaction_ = is(s.at(1), "837");
  const std::string_view version = !s.at(3).empty() ? s.at(3) : st_.gs_version;
  if (!claims_transaction_) {
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} is a {}, not an 837 claim; it was skipped",
                             quote(st_control_), quote(s.at(1))),
                 "ST01");
  } else if (version.find("X222") != std::string_view::npos) {
    // 837P: what this reader is for.
  } else if (version.find("X223") != std::string_view::npos) {
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} is an institutional 837 ({}); its claims are "
                             "read as professional claims and SV2 lines are not read",
                             quote(st_control_), quote(version)),
                 "ST03");
  } else {
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} declares implementation guide {}, not "
                             "005010X222 (837P); it is read as 837P",
                             quote(st_control_), quote(version)),
                 "ST03");
  }
}

void Reader::on_se(const Segment& s) {
  end_claim();
  if (!in_transaction_) {
    file_problem(Severity::kWarning, s.number, s.offset, "SE without an ST before it");
    return;
  }
  if (claims_transaction_ && transaction_claims_ == 0)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} (ST at segment {}) holds no claims (CLM)",
                             quote(st_control_), st_number_));
  const auto count = parse_count(s.at(1));
  if (!count || *count != transaction_segments_)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("SE01 says {} segments but the transaction set (ST at segment {}) "
                             "has {}",
                             quote(s.at(1)), st_number_, transaction_segments_),
                 "SE01");
  if (!same_control(s.at(2), st_control_))
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("SE02 control number {} does not match ST02 {} (segment {})",
                             quote(s.at(2)), quote(st_control_), st_number_),
                 "SE02");
  in_transaction_ = false;
  clear_hl_context();
  st_.gap_reported = false;
}

void Reader::on_iea(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  if (st_.in_group) end_group_without_ge(s);
  end_claim();
  const auto count = parse_count(s.at(1));
  if (!count || *count != st_.groups)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("IEA01 says {} functional groups but the interchange has {}",
                             quote(s.at(1)), st_.groups),
                 "IEA01");
  if (!same_control(s.at(2), st_.isa_control))
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("IEA02 control number {} does not match ISA13 {} (segment {})",
                             quote(s.at(2)), quote(st_.isa_control), st_.isa_number),
                 "IEA02");
  st_.in_interchange = false;
}

void Reader::end_transaction_without_se(const Segment& s) {
  end_claim();
  if (claims_transaction_ && transaction_claims_ == 0)
    file_problem(Severity::kWarning, st_number_, 0,
                 fmt::format("transaction set {} (ST at segment {}) holds no claims (CLM)",
                             quote(st_control_), st_number_));
  file_problem(Severity::kWarning, s.number, s.offset,
               fmt::format("the transaction set that starts at segment {} has no SE before this "
                           "{}",
                           st_number_, s.id()));
  in_transaction_ = false;
  clear_hl_context();
}

void Reader::end_group_without_ge(const Segment& s) {
  file_problem(Severity::kWarning, s.number, s.offset,
               fmt::format("the functional group that starts at segment {} has no GE before "
                           "this {}",
                           st_.gs_number, s.id()));
  st_.in_group = false;
}

void Reader::end_interchange_without_iea(uint64_t number, uint64_t offset) {
  end_claim();
  std::string missing;
  if (in_transaction_) missing += "SE, ";
  if (st_.in_group) missing += "GE, ";
  missing += "IEA";
  file_problem(Severity::kWarning, number, offset,
               fmt::format("a new ISA begins before the interchange that starts at segment {} "
                           "is closed (no {})",
                           st_.isa_number, missing));
  in_transaction_ = st_.in_group = st_.in_interchange = false;
  clear_hl_context();
}

// ------------------------------------------------------------ 837P content

void Reader::on_hl(const Segment& s) {
  end_claim();
  level_ = s.at(3);
  entity_ = {};
  if (is(level_, "20")) {
    billing_taxonomy_ = subscriber_id_ = patient_id_ = {};
    billing_lower_ = false;
  } else if (is(level_, "22")) {
    subscriber_id_ = patient_id_ = {};
  } else if (is(level_, "23")) {
    patient_id_ = {};
  }
}

void Reader::on_nm1(const Segment& s) {
  entity_ = s.at(1);
  if (in_claim_) return;  // 2330 other-subscriber NM1*IL etc. are not the member
  if (is(entity_, "IL") && is(level_, "22")) subscriber_id_ = s.at(9);
  else if (is(entity_, "QC") && is(level_, "23")) patient_id_ = s.at(9);
}

void Reader::on_prv(const Segment& s) {
  const std::string_view role = s.at(1);
  if (!in_claim_) {
    if (is(role, "BI") && is(level_, "20")) {
      billing_taxonomy_ = s.at(3);
      billing_lower_ = has_lower(billing_taxonomy_);
    }
    return;
  }
  if (!is(role, "PE") || !is(entity_, "82")) return;  // only the rendering provider's PRV
  if (in_line_) line_->rendering_taxonomy = upper(s.at(3));
  else if (claim_.lines.empty()) claim_.rendering_taxonomy = upper(s.at(3));
}

// Starts a claim with its context; false when max_claims stops reading.
bool Reader::begin_claim(uint64_t number, uint64_t offset) {
  if (limits_.max_claims != 0 && st_.counts.claims_started >= limits_.max_claims) {
    file_problem(Severity::kError, number, offset,
                 fmt::format("the input has more than {} claims (max_claims; --max-claims); the "
                             "rest of it was not read",
                             limits_.max_claims));
    stopped_ = true;
    return false;
  }
  ++st_.counts.claims_started;
  ++transaction_claims_;
  claim_.reset();  // the sink may have kept it, moved from it or swapped in a used one
  in_claim_ = true;
  rescued_ = false;
  problems_dropped_ = 0;
  dropped_error_ = false;
  claim_.file = file_;
  claim_.source = {number, offset};
  claim_.billing_taxonomy = billing_lower_ ? upper_copy(billing_taxonomy_) : billing_taxonomy_;
  claim_.member_id = !patient_id_.empty() ? patient_id_ : subscriber_id_;
  entity_ = {};
  principal_seen_ = lines_over_limit_ = in_line_ = false;
  line_ = nullptr;
  return true;
}

void Reader::on_clm(const Segment& s) {
  end_claim();
  if (!begin_claim(s.number, s.offset)) return;
  claim_.claim_id = s.at(1);
  if (claim_.claim_id.empty())
    claim_error(s.number, s.offset, "CLM01", "CLM01 (the claim id) is missing");
  const std::string_view charge = s.at(2);
  const auto money = parse_decimal<2>(charge);
  if (charge.empty())
    claim_error(s.number, s.offset, "CLM02", "CLM02 (the total charge) is missing");
  else if (!money || money->raw() < 0)
    claim_error(s.number, s.offset, "CLM02",
                fmt::format("CLM02 total charge {}{}", shown(charge),
                            money ? " is not an amount" : number_trouble(charge, " is not an amount")));
  else
    claim_.total_charge = *money;
  const x12::Composite<3> clm05(s.at(5), st_.delims.component);
  claim_.place_of_service = clm05.part(1);
  claim_.frequency = clm05.part(3);
}

void Reader::on_hi(const Segment& s) {
  if (!in_claim_ || in_line_) return;
  const char c = st_.delims.component;
  std::string not_composite;  // elements without a qualifier:code shape, e.g. "HI01, HI02"
  for (size_t i = 1; i < s.size(); ++i) {
    const std::string_view el = s.at(i);
    if (el.empty()) continue;
    const x12::Composite<2> parts(el, c);
    if (parts.count() == 1) {
      not_composite += fmt::format("{}HI{:02}", not_composite.empty() ? "" : ", ", i);
      continue;
    }
    const std::string_view qualifier = parts.part(1);
    const bool principal = is(qualifier, "ABK") || is(qualifier, "BK");
    if (!principal && !is(qualifier, "ABF") && !is(qualifier, "BF")) continue;  // not a diagnosis
    const std::string_view code = parts.part(2);
    if (code.empty()) {
      claim_warning(s.number, s.offset, fmt::format("HI{:02}", i),
                    fmt::format("HI{:02} has qualifier {} but no code; it was ignored", i,
                                shown(qualifier)));
      continue;
    }
    const std::string_view normal = diagnosis_code(code);
    if (principal && !principal_seen_) {
      claim_.diagnoses.insert(claim_.diagnoses.begin(), normal);
      principal_seen_ = true;
    } else {
      claim_.diagnoses.push_back(normal);
    }
  }
  if (!not_composite.empty()) {
    const bool several = not_composite.size() > 4;
    claim_warning(s.number, s.offset, not_composite.substr(0, 4),
                  fmt::format("{} {} not {}qualifier{}code composite{} (the component separator is "
                              "{}); ignored",
                              not_composite, several ? "are" : "is", several ? "" : "a ", c,
                              several ? "s" : "", quote(std::string_view(&c, 1))));
  }
}

// Service lines with no CLM before them in their HL loop: the CLM is missing
// or damaged. The lines are still reported, as a rejected claim without an id.
void Reader::headless_claim(const Segment& s) {
  if (!begin_claim(s.number, s.offset)) return;
  claim_error(s.number, s.offset, "CLM",
              fmt::format("{} at segment {} has no claim (CLM) before it in its HL loop; the "
                          "CLM segment is missing or damaged, so these service lines were "
                          "not checked",
                          s.id(), s.number));
}

void Reader::on_lx(const Segment& s) {
  if (!in_claim_) headless_claim(s);
  if (!in_claim_) return;
  end_line();
  in_line_ = true;
  line_has_sv1_ = line_has_date_ = line_in_drug_ = false;
  line_other_service_ = {};
  entity_ = {};
  const uint32_t max = limits_.max_lines_per_claim;
  if (max != 0 && claim_.lines.size() >= max) {
    if (!lines_over_limit_)
      claim_error(s.number, s.offset, "",
                  fmt::format("the claim has more than {} service lines (max_lines_per_claim; "
                              "--max-lines-per-claim)",
                              max));
    lines_over_limit_ = true;
    scratch_ = ServiceLine{};
    line_ = &scratch_;
  } else {
    claim_.lines.emplace_back();
    line_ = &claim_.lines.back();
  }
  line_->number = static_cast<uint32_t>(claim_.lines.size());
  line_->source = {s.number, s.offset};
}

void Reader::on_sv1(const Segment& s) {
  if (!in_claim_) headless_claim(s);
  if (!in_claim_) return;
  if (!in_line_)
    return claim_error(s.number, s.offset, "", "SV1 without an LX (service line number) before it");
  if (line_has_sv1_)
    return claim_error(s.number, s.offset, "",
                       fmt::format("{} has a second SV1", line_label()));
  line_has_sv1_ = true;
  ServiceLine& line = *line_;
  const char c = st_.delims.component;
  const std::string_view sv101 = s.at(1);
  // qualifier:code:modifier 1-4:description
  const x12::Composite<7> parts(sv101, c);
  const std::string_view qualifier = parts.part(1);
  const std::string_view code = parts.part(2);
  const unsigned code_classes = classes(code);  // one pass for the check and upper()
  if (sv101.empty()) {
    claim_error(s.number, s.offset, "SV101",
                fmt::format("{}: SV101 (the procedure code) is missing", line_label()));
  } else if (qualifier.empty()) {
    claim_error(s.number, s.offset, "SV101-1",
                fmt::format("{}: SV101 {} has no qualifier before the code", line_label(),
                            shown(sv101)));
  } else if (code.empty()) {
    claim_error(s.number, s.offset, "SV101-2",
                fmt::format("{}: SV101 {} has no procedure code after the qualifier (the "
                            "component separator declared in ISA16 is '{}')",
                            line_label(), shown(sv101), c));
  } else if (code_classes & kNotAlnum) {
    claim_error(s.number, s.offset, "SV101-2",
                fmt::format("{}: SV101-2 {} is not a procedure code (HCPCS/CPT codes are letters "
                            "and digits)",
                            line_label(), shown(code)));
  }
  line.qualifier = qualifier;
  line.code = (code_classes & kLower) ? upper_copy(code) : code;
  for (size_t k = 3; k <= 6; ++k) {
    const std::string_view m = parts.part(k);
    if (!m.empty()) line.modifiers[line.modifier_count++] = upper(m);
  }
  line.description = parts.part(7);

  const std::string_view charge = s.at(2);
  const auto money = parse_decimal<2>(charge);
  if (charge.empty())
    claim_error(s.number, s.offset, "SV102",
                fmt::format("{}: SV102 (the line charge) is missing", line_label()));
  else if (!money || money->raw() < 0)
    claim_error(s.number, s.offset, "SV102",
                fmt::format("{}: SV102 charge {}{}", line_label(), shown(charge),
                            money ? " is not an amount" : number_trouble(charge, " is not an amount")));
  else
    line.charge = *money;

  line.unit_basis = s.at(3);
  const std::string_view units = s.at(4);
  const auto qty = parse_decimal<3>(units);
  if (units.empty())
    claim_error(s.number, s.offset, "SV104",
                fmt::format("{}: SV104 (the units) is missing", line_label()));
  else if (!qty)
    claim_error(s.number, s.offset, "SV104",
                fmt::format("{}: SV104 units {}{}", line_label(), shown(units),
                            number_trouble(units, " are not a number")));
  else if (qty->raw() < 0)
    claim_error(s.number, s.offset, "SV104",
                fmt::format("{}: SV104 units {} are negative", line_label(), shown(units)));
  else
    line.units = *qty;
  line.place_of_service = s.at(5);
}

void Reader::on_dtp(const Segment& s) {
  if (!in_line_ || !is(s.at(1), "472")) return;  // other dates (471, 573, ...) are not read
  if (line_has_date_)
    return claim_error(s.number, s.offset, "DTP01",
                       fmt::format("{} has a second DTP*472 service date", line_label()));
  line_has_date_ = true;
  const std::string_view format = s.at(2), value = s.at(3);
  const bool d8 = is(format, "D8"), rd8 = !d8 && is(format, "RD8");
  // The lines of a claim mostly share their dates: the same text read again
  // gets the dates read last, without parsing it again.
  if ((d8 || rd8) && rd8 == last_dates_.range && !value.empty() &&
      same_text(value, last_dates_.text)) {
    line_->dates = last_dates_.dates;
    return;
  }
  if (d8) {
    const auto d = Date::parse_compact(value);
    if (!d)
      return claim_error(s.number, s.offset, "DTP03",
                         fmt::format("{}: DTP*472 date {} is not a CCYYMMDD date", line_label(),
                                     shown(value)));
    line_->dates = {*d, *d};
  } else if (rd8) {
    const size_t dash = value.find('-');
    const auto from = Date::parse_compact(value.substr(0, dash));
    const auto to = dash == std::string_view::npos ? std::nullopt
                                                   : Date::parse_compact(value.substr(dash + 1));
    if (!from || !to)
      return claim_error(s.number, s.offset, "DTP03",
                         fmt::format("{}: DTP*472 range {} is not CCYYMMDD-CCYYMMDD",
                                     line_label(), shown(value)));
    if (*to < *from)
      return claim_error(s.number, s.offset, "DTP03",
                         fmt::format("{}: DTP*472 range {} ends before it begins", line_label(),
                                     shown(value)));
    line_->dates = {*from, *to};
  } else {
    return claim_error(s.number, s.offset, "DTP02",
                       fmt::format("{}: DTP*472 date format {} is not D8 or RD8", line_label(),
                                   shown(format)));
  }
  last_dates_ = {value, rd8, line_->dates};
}

void Reader::on_lin(const Segment& s) {
  if (!in_line_) return;
  line_in_drug_ = true;
  if (is(s.at(2), "N4")) line_->ndc = digits_only(s.at(3));
}

void Reader::on_ctp(const Segment& s) {
  if (!in_line_ || !line_in_drug_) return;
  const std::string_view quantity = s.at(4);
  if (!quantity.empty()) {
    const auto q = parse_decimal<3>(quantity);
    if (!q || q->raw() < 0)
      claim_error(s.number, s.offset, "CTP04",
                  fmt::format("{}: CTP04 drug quantity {} is not a number", line_label(),
                              shown(quantity)));
    else
      line_->ndc_quantity = *q;
  }
  line_->ndc_unit = x12::Composite<1>(s.at(5), st_.delims.component).part(1);
}

void Reader::end_line() {
  if (!in_line_) return;
  in_line_ = false;
  const SourceRef at = line_->source;
  if (lines_over_limit_) return;  // already reported; the line is not kept
  if (!line_has_sv1_) {
    if (!line_other_service_.empty())
      claim_error(at.segment, at.offset, "",
                  fmt::format("{} has {} instead of SV1; only professional (837P) service lines "
                              "are read",
                              line_label(), line_other_service_));
    else
      claim_error(at.segment, at.offset, "", fmt::format("{} has no SV1", line_label()));
  } else if (!line_has_date_) {
    claim_error(at.segment, at.offset, "",
                fmt::format("{} has no DTP*472 service date", line_label()));
  }
}

void Reader::end_claim() {
  if (!in_claim_) return;
  end_line();
  if (problems_dropped_ > 0) {
    Problem p{dropped_error_ ? Severity::kError : Severity::kWarning,
              fmt::format("{} more problems in this claim are not listed", problems_dropped_),
              claim_.source.segment, claim_.source.offset, ""};
    claim_.problems.push_back(std::move(p));
  }
  if (claim_.lines.empty() && !rescued_)
    claim_error(claim_.source.segment, claim_.source.offset, "",
                "the claim has no service lines (LX/SV1)");
  in_claim_ = false;
  line_ = nullptr;
  sink_.on_claim(std::move(claim_));
}

// ---------------------------------------------------------------- problems

void Reader::file_problem(Severity sev, uint64_t number, uint64_t offset, std::string message,
                          std::string element) {
  Problem p;
  p.severity = sev;
  if (sev == Severity::kError) st_.counts.file_error = true;
  p.message = std::move(message);
  if (number != 0) p.message += echo(offset);
  p.segment = number;
  p.offset = offset;
  p.element = std::move(element);
  sink_.on_file_problem(p);
}

void Reader::claim_error(uint64_t number, uint64_t offset, std::string element,
                         std::string message) {
  add_claim_problem(
      Problem{Severity::kError, std::move(message), number, offset, std::move(element)});
}

void Reader::claim_warning(uint64_t number, uint64_t offset, std::string element,
                           std::string message) {
  add_claim_problem(
      Problem{Severity::kWarning, std::move(message), number, offset, std::move(element)});
}

// A claim keeps at most kMaxClaimProblems problems (a claim of 100,000 broken
// lines must not hold 100,000 messages); the rest are counted, and one of
// them being an error still rejects the claim.
void Reader::add_claim_problem(Problem p) {
  if (claim_.problems.size() >= kMaxClaimProblems) {
    ++problems_dropped_;
    dropped_error_ = dropped_error_ || p.severity == Severity::kError;
    return;
  }
  if (p.segment != 0) p.message += echo(p.offset);
  claim_.problems.push_back(std::move(p));
}

std::string Reader::echo(uint64_t offset) const {
  if (!limits_.echo_values || offset >= data_.size()) return {};
  const size_t end = data_.find(st_.delims.segment, offset);
  std::string_view seg = data_.substr(offset, end == std::string_view::npos ? std::string_view::npos
                                                                            : end - offset);
  std::string out = " [segment text: '";
  for (size_t i = 0; i < seg.size() && i < kEchoBytes; ++i) {
    const auto u = static_cast<unsigned char>(seg[i]);
    out += (u < 0x20 || u >= 0x7f) ? '?' : seg[i];
  }
  out += seg.size() > kEchoBytes ? "...']" : "']";
  return out;
}

bool Reader::rescued_claim(uint64_t number, uint64_t offset, std::string_view id,
                           std::string message) {
  end_claim();
  if (!begin_claim(number, offset)) return false;
  rescued_ = true;
  // A copy: the id may come from unwrapped_id_ (see stray_segment).
  claim_.claim_id = claim_.arena.copy(id.size() <= 38 ? id : id.substr(0, 38));
  claim_.member_id = {};
  claim_error(number, offset, "CLM", std::move(message));
  end_claim();
  return true;
}

void Reader::rescue(size_t begin, size_t end, uint64_t number, const std::string& why) {
  x12::ClmStart c;
  size_t pos = begin;
  while (!stopped_ && x12::next_clm_start(data_, pos, end, c)) {
    if (!rescued_claim(number, c.offset, c.claim_id, why)) return;
    pos = c.offset + 3;
  }
}

std::string Reader::line_label() const {
  return fmt::format("line {} (LX at segment {})", line_ ? line_->number : 0,
                     line_ ? line_->source.segment : 0);
}

// ------------------------------------------------------------ normalising

std::string_view Reader::upper_copy(std::string_view s) {
  std::string tmp(s);
  for (char& ch : tmp)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return claim_.arena.copy(tmp);
}

std::string_view Reader::diagnosis_code(std::string_view s) {
  if ((classes(s) & (kLower | kDot)) == 0) return s;
  std::string tmp;
  for (char ch : s) {
    if (ch == '.') continue;
    tmp += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  return claim_.arena.copy(tmp);
}

std::string_view Reader::digits_only(std::string_view s) {
  bool clean = true;
  for (char ch : s) clean = clean && ch >= '0' && ch <= '9';
  if (clean) return s;
  std::string tmp;
  for (char ch : s)
    if (ch >= '0' && ch <= '9') tmp += ch;
  return claim_.arena.copy(tmp);
}

// ------------------------------------------------------------ pieces

void Reader::set_state(const x12::ReadState& s) {
  st_ = s;
  set_delimiters(s.delims);
  in_transaction_ = in_claim_ = false;
}

void Reader::envelope_segment(size_t pos, uint64_t number) {
  st_.segment_number = number - 1;
  if (x12::starts_isa(data_, pos)) {
    // As run_range(): an open interchange ends, then the ISA is read.
    if (st_.in_interchange) end_interchange_without_iea(number, pos);
    st_.any_interchange = true;
    open_interchange(pos);
    st_.after_bad_isa = !st_.in_interchange;
    return;
  }
  read_segment(pos, data_.size());
}

}  // namespace

void read_x12(std::string_view data, std::string_view file, ClaimSink& sink,
              const ReadLimits& limits) {
  Reader(data, file, sink, limits).run();
}

}  // namespace perdiem

namespace perdiem::x12 {

// The envelope-only reader whose state after the envelope segments of the
// pieces before a piece is that piece's predicted start.
struct PieceReader::Skeleton {
  struct Null : ClaimSink {
    void on_claim(Claim&&) override {}
    void on_file_problem(const Problem&) override {}
  } sink;
  Reader reader;
  Skeleton(std::string_view data, std::string_view file, const ReadLimits& limits)
      : reader(data, file, sink, limits) {}
};

PieceReader::PieceReader(std::string_view data, std::string_view file, const ReadLimits& limits,
                         size_t piece_bytes, const Delimiters& first)
    : data_(data),
      file_(file),
      limits_(limits),
      piece_bytes_(piece_bytes),
      pieces_(data.size() / piece_bytes),
      first_(first),
      surveys_(pieces_),
      predicted_(pieces_),
      skeleton_(std::make_unique<Skeleton>(data, file, limits_)) {}

PieceReader::~PieceReader() = default;

void PieceReader::fold() {
  while (folded_ < pieces_ && surveys_[folded_ - 1]) {
    const Survey& sv = *surveys_[folded_ - 1];
    Reader& r = skeleton_->reader;
    for (const auto& [k, at] : sv.envelope) r.envelope_segment(at, fold_base_ + k);
    fold_base_ += sv.segments;
    auto st = std::make_unique<ReadState>(r.state());
    st->segment_number = fold_base_;
    // A piece counts from 0: what the envelope reader counted (an envelope
    // segment too long to read, with claims inside, is an error and
    // rescued claims to it too) is the earlier pieces' to report.
    st->counts = {};
    predicted_[folded_] = std::move(st);
    surveys_[folded_ - 1].reset();
    ++folded_;
  }
}

void PieceReader::read(size_t i, ClaimSink& sink, PieceResult& out) {
  out = PieceResult{};
  auto sv = std::make_unique<Survey>();
  survey(i, *sv);
  out.begin = sv->begin;
  out.end = sv->end;
  const bool last = i + 1 == pieces_;
  std::unique_ptr<ReadState> start;
  {
    std::unique_lock<std::mutex> l(mu_);
    if (abandoned_) return;
    surveys_[i] = std::move(sv);
    fold();
    cv_.notify_all();
    if (i > 0) {
      cv_.wait(l, [&] { return abandoned_ || folded_ > i; });
      if (abandoned_) return;
      start = std::move(predicted_[i]);
    }
  }
  out.read = true;
  if (out.begin >= out.end && !last) {
    out.empty = true;
    return;
  }
  Reader r(data_, file_, sink, limits_);
  size_t stop;
  if (i == 0) {
    stop = r.run_range(0, out.end, true, last, true);
  } else {
    out.start = *start;
    r.set_state(*start);
    stop = r.run_range(out.begin, out.end, false, last, true);
  }
  r.result(out, stop);
}

void PieceReader::reread(size_t i, const PieceResult& r, ClaimSink& sink) const {
  const bool last = i + 1 == pieces_;
  if (r.empty && !last) return;
  Reader reader(data_, file_, sink, limits_);
  if (i == 0) {
    reader.run_range(0, r.end, true, last, true);
  } else {
    reader.set_state(r.start);
    reader.run_range(r.begin, r.end, false, last, true);
  }
}

void PieceReader::abandon() {
  {
    std::lock_guard<std::mutex> l(mu_);
    abandoned_ = true;
  }
  cv_.notify_all();
}

void PieceReader::read_rest(ClaimSink& sink) {
  Reader r(data_, file_, sink, limits_);
  if (!any_accepted_) {
    r.run();
    return;
  }
  r.set_state(true_);
  r.run_range(true_pos_, data_.size(), false, true);
}

}  // namespace perdiem::x12
