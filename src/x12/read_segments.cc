// Scanning X12 (x12/reader.h): interchanges and the text between them,
// segments and their terminators (the fast path and the one past line
// breaks), dispatch by segment id, damage between segments, claims rescued
// from text that cannot be read as segments; and read_x12().
#include "x12/reader.h"

#include <cstring>

#include <fmt/format.h>

namespace perdiem::x12 {

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
    const size_t isa = find_isa(data_, pos);
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
  IsaHeader h;
  std::string why;
  if (!parse_isa(data_, isa, h, &why)) {
    file_problem(Severity::kError, 0, isa,
                 fmt::format("the ISA header at offset {} is unusable: {}; the interchange was "
                             "skipped up to the next ISA",
                             isa, why),
                 "ISA");
    const size_t next = find_isa(data_, isa + 3);
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
  if (starts_isa(data_, pos)) {  // a new interchange before this one's IEA
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
  size_t seg_end = next;  // one past its terminator
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
      seg_end = cut + 1;  // the line break is its terminator
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
  slow_end_ = seg_end;
  if (hit || next < n) dispatch(s);
  else unterminated_segment(s);
  slow_end_ = 0;
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

void Reader::set_delimiters(const Delimiters& d) {
  st_.delims = d;
  line_break_terminator_ = d.segment == '\r' || d.segment == '\n';
  elements_.set_delimiters(d.element, d.segment);
}

bool Reader::line_breaks_end_segments(std::string_view raw, size_t pos, size_t& next) {
  for (size_t i = raw.find_first_of("\r\n"); i != std::string_view::npos;
       i = raw.find_first_of("\r\n", i + 1)) {
    size_t k = i;
    while (k < raw.size() && is_space(raw[k])) ++k;
    if (!starts_known_segment(raw.substr(k), st_.delims.element)) continue;
    if (!st_.line_terminated) {
      st_.line_terminated = true;
      file_problem(Severity::kWarning, st_.segment_number + 1, pos,
                   fmt::format("segments in this interchange end with line breaks, not with the "
                               "terminator {} that its ISA declares; line breaks were read as "
                               "segment terminators from here to the IEA",
                               quote(std::string_view(&st_.declared_terminator, 1))));
      Delimiters d = st_.delims;
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
    end_claim(number, offset);
    if (!begin_claim(number, offset)) return;
  }
  if (in_claim_) claim_error(number, offset, std::string(is_segment_id(id) ? id : ""), msg);
  else file_problem(Severity::kError, number, offset, msg);
  // Claims it swallowed (a missing terminator) are still reported, after
  // the claim it is in, which ends with it.
  ClmStart swallowed;
  if (in_claim_ && next_clm_start(data_, offset + 3, offset + raw.size(), swallowed))
    end_claim(number + 1, offset + raw.size());
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
      is_segment_id(s.id()) ? s.id() : "unreadable");
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
    case id::kREF: return on_ref(s);
    case id::kSV2:
    case id::kSV3:
      // Named, not s.id(): a segment id with a line break inside it is
      // unwrapped into unwrapped_id_, which the next such segment overwrites.
      if (in_line_) line_other_service_ = s.code == id::kSV2 ? "SV2" : "SV3";
      return;
    default:
      // Every other segment (REF, N3, DMG, SBR, CAS, SVD, ...) carries nothing we read.
      if (!is_segment_key(s.code)) stray_segment(s);
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
  if (!is_segment_key(s.code)) return stray_segment(s);
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
      end_claim(s.number, s.offset);
      if (!begin_claim(s.number, s.offset)) return;
      claim_.x12.clm = {s.offset, segment_end(s)};
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
  end_claim(st_.segment_number + 1, data_.size());
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


bool Reader::rescued_claim(uint64_t number, uint64_t offset, std::string_view id,
                           std::string message) {
  end_claim(number, offset);
  if (!begin_claim(number, offset)) return false;
  rescued_ = true;
  // Not read: no bytes of its own (it may lie inside another claim's
  // segment), and nothing of X12.
  claim_.span = {};
  claim_.x12 = {};
  // A copy: the id may come from unwrapped_id_ (see stray_segment).
  claim_.claim_id = claim_.arena.copy(id.size() <= 38 ? id : id.substr(0, 38));
  claim_.member_id = {};
  claim_error(number, offset, "CLM", std::move(message));
  end_claim(number, offset);
  return true;
}

void Reader::rescue(size_t begin, size_t end, uint64_t number, const std::string& why) {
  ClmStart c;
  size_t pos = begin;
  while (!stopped_ && next_clm_start(data_, pos, end, c)) {
    if (!rescued_claim(number, c.offset, c.claim_id, why)) return;
    pos = c.offset + 3;
  }
}


// ------------------------------------------------------------ pieces

void Reader::set_state(const ReadState& s) {
  st_ = s;
  set_delimiters(s.delims);
  in_transaction_ = in_claim_ = false;
}

void Reader::envelope_segment(size_t pos, uint64_t number) {
  st_.segment_number = number - 1;
  if (starts_isa(data_, pos)) {
    // As run_range(): an open interchange ends, then the ISA is read.
    if (st_.in_interchange) end_interchange_without_iea(number, pos);
    st_.any_interchange = true;
    open_interchange(pos);
    st_.after_bad_isa = !st_.in_interchange;
    return;
  }
  read_segment(pos, data_.size());
}

}  // namespace perdiem::x12

namespace perdiem {

void read_x12(std::string_view data, std::string_view file, ClaimSink& sink,
              const ReadLimits& limits) {
  x12::Reader(data, file, sink, limits).run();
}

}  // namespace perdiem
