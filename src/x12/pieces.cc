// The piece reader (x12/pieces.h): cutting an X12 input into pieces,
// surveying them, predicting the state each starts in, reading them with the
// reader (x12/reader.h), and accepting their readings in input order.
#include "x12/pieces.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "x12/reader.h"

namespace perdiem::x12 {
namespace {

bool blank(char c, char terminator) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == terminator;
}

enum class Kind : uint8_t { kOther, kIsa, kSt, kIea, kEnvelope };

constexpr uint16_t pair(char a, char b) {
  return static_cast<uint16_t>(static_cast<unsigned char>(a) | (static_cast<unsigned char>(b) << 8));
}

// The segment beginning at d[s], as far as pieces care: the reader's
// starts_isa(), or an envelope id followed by the element separator.
Kind kind_of(std::string_view data, size_t s, char element) {
  const char* d = data.data();
  const size_t n = data.size();
  if (s + 2 >= n) return Kind::kOther;
  const uint16_t w = pair(d[s], d[s + 1]);
  const char c = d[s + 2];
  if (w == pair('S', 'T')) return c == element ? Kind::kSt : Kind::kOther;
  if (w == pair('I', 'S')) return starts_isa(data, s) ? Kind::kIsa : Kind::kOther;
  if (w == pair('I', 'E'))
    return c == 'A' && s + 3 < n && d[s + 3] == element ? Kind::kIea : Kind::kOther;
  if (w == pair('S', 'E') || w == pair('G', 'S') || w == pair('G', 'E'))
    return c == element ? Kind::kEnvelope : Kind::kOther;
  return Kind::kOther;
}

// Walks an input's segments the way the reader cuts them (in the common
// case; where it does not, accept() notices). Terminators are found 64
// bytes at a time; after each, the next segment's first bytes are compared
// with the envelope ids at once. Only envelope segments (ISA, GS, GE, ST,
// SE, IEA) are reported; the others are counted.
class Scanner {
 public:
  Scanner(std::string_view data, const Delimiters& guess) : data_(data) { set(guess); }

  // Scans from `from` (a segment start when `at_segment`, else a position
  // inside a segment), calling on(s, kind, t, k) for each envelope segment
  // starting at s, with t the terminator before it (s itself for `from`)
  // and k the number of segments from `from` to it, itself included. Stops
  // where on() returns false (returns s; count() is the segments before
  // it) or at the end (returns n; count() is all of them).
  template <class On>
  size_t run(size_t from, bool at_segment, On&& on) {
    const size_t n = data_.size();
    count_ = 0;
    size_t s = from, t = from;
    start(from);
    if (!at_segment) {
      t = next_terminator();
      s = after(t);
    }
    while (s < n) {
      if (t >= limit_ && t < n) {
        limited_ = true;
        return s;
      }
      if (!outside_) s = skim(s, t);  // the common segments, quickly
      if (t >= limit_ && t < n) continue;
      if (s >= n) break;
      // One segment the careful way: an envelope one, or one near the end
      // or after unusual blanks.
      ++count_;
      const Kind k = kind_of(data_, s, dl_.element);
      if (k != Kind::kOther && !envelope(s, k, t, on)) {
        --count_;
        return s;
      }
      t = next_terminator();
      s = after(t);
      if (outside_ && s < n && !starts_isa(data_, s)) {
        // Between interchanges the reader skips text up to the next ISA.
        const size_t isa = find_isa(data_, s);
        s = isa == std::string_view::npos ? n : isa;
        t = s;
        start(s);
      }
    }
    return n;
  }
  uint64_t count() const { return count_; }
  // run() stops before the first segment after a terminator at or after
  // `limit`, and limited() says so.
  void set_limit(size_t limit) {
    limit_ = limit;
    limited_ = false;
  }
  bool limited() const { return limited_; }

 private:
  // Counts segments from s while they are neither envelope segments nor
  // followed by anything but one optional line break; returns the first
  // segment that is (not counted; `t` is the terminator before it), or n.
  // The hot loop: its state stays in registers.
  size_t skim(size_t s, size_t& t) {
    const char* d = data_.data();
    const size_t n = data_.size();
    const char term = dl_.segment;
    const uint32_t mul = multiplier_;
    const size_t limit = limit_;
    uint64_t mask = mask_, count = count_;
    size_t block = block_;
    while (s + 4 <= n) {
      uint32_t w;
      std::memcpy(&w, d + s, 4);
      w &= 0xFFFFFFu;
      if (table_[slot(w, mul)] == w) break;  // maybe an envelope segment
      while (mask == 0) {
        block += 64;
        mask = block < n ? load(block) : 0;
        if (block >= n) break;
      }
      if (mask == 0) {  // no terminator after this segment: the last one
        ++count;
        s = n;
        break;
      }
      const size_t end = block + static_cast<size_t>(std::countr_zero(mask));
      mask &= mask - 1;
      ++count;
      t = end;
      size_t p = end + 1;
      if (p < n && d[p] == '\n') ++p;
      const bool odd = p >= n || static_cast<unsigned char>(d[p]) <= ' ' || d[p] == term;
      if (odd || end >= limit) {
        // Blanks or an empty segment next (after() takes it from here), or the limit.
        mask_ = mask;
        block_ = block;
        count_ = count;
        return odd ? after_slowly(end) : p;
      }
      s = p;
    }
    mask_ = mask;
    block_ = block;
    count_ = count;
    return s;
  }

  // An envelope segment at s: reports it; follows an ISA's delimiters.
  template <class On>
  bool envelope(size_t s, Kind k, size_t t, On& on) {
    if (!on(s, k, t, count_)) return false;
    if (k == Kind::kIsa) {
      IsaHeader h;
      if (parse_isa(data_, s, h, &why_)) {
        set(h.delims);
        outside_ = false;
        start(s + h.length - 1);
      }
    } else if (k == Kind::kIea) {
      outside_ = true;
    }
    return true;
  }

  // The first three bytes of each envelope id ("ST*", ..., "ISA") as an
  // integer, in a small table where a multiplicative hash puts them apart:
  // most segments are ruled out by one look-up and one compare.
  static uint32_t id3(char a, char b, char c) {
    return static_cast<uint32_t>(static_cast<unsigned char>(a)) |
           (static_cast<uint32_t>(static_cast<unsigned char>(b)) << 8) |
           (static_cast<uint32_t>(static_cast<unsigned char>(c)) << 16);
  }
  static size_t slot(uint32_t w3, uint32_t multiplier) { return (w3 * multiplier) >> 26; }
  void set(const Delimiters& dl) {
    dl_ = dl;
    const uint32_t ids[6] = {id3('S', 'T', dl.element), id3('S', 'E', dl.element),
                             id3('G', 'S', dl.element), id3('G', 'E', dl.element),
                             id3('I', 'S', 'A'),         id3('I', 'E', 'A')};
    for (uint32_t m = 0x9E3779B1u;; m += 0x632BE5ABu) {
      multiplier_ = m | 1u;
      for (auto& e : table_) e = UINT32_MAX;
      bool apart = true;
      for (uint32_t id : ids) {
        uint32_t& e = table_[slot(id, multiplier_)];
        apart = apart && e == UINT32_MAX;
        e = id;
      }
      if (apart) break;
    }
  }
  // The terminators at or after `from` are visited next.
  void start(size_t from) {
    block_ = from;
    mask_ = block_ < data_.size() ? load(block_) : 0;
  }
  [[gnu::always_inline]] size_t next_terminator() {
    while (mask_ == 0) {
      block_ += 64;
      if (block_ >= data_.size()) return data_.size();
      mask_ = load(block_);
    }
    const size_t t = block_ + static_cast<size_t>(std::countr_zero(mask_));
    mask_ &= mask_ - 1;
    return t;
  }
  // The segment start after terminator t: blanks and empty segments (more
  // terminators) skipped, as the reader skips them.
  size_t after(size_t t) { return t >= data_.size() ? data_.size() : after_slowly(t); }
  size_t after_slowly(size_t t) {
    const char* d = data_.data();
    const size_t n = data_.size();
    size_t p = t + 1;
    bool passed = false;
    while (p < n && blank(d[p], dl_.segment)) {
      passed = passed || d[p] == dl_.segment;
      ++p;
    }
    if (passed) start(p);
    return p;
  }
  uint64_t load(size_t b) const {
    const char* d = data_.data();
    const size_t n = data_.size();
    uint64_t m = 0;
#if defined(__SSE2__)
    if (b + 64 <= n) {
      const __m128i term = _mm_set1_epi8(dl_.segment);
      for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + b + 16 * k));
        m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, term))))
             << (16 * k);
      }
      return m;
    }
#endif
    const size_t e = std::min(n, b + 64);
    for (size_t i = b; i < e; ++i)
      if (d[i] == dl_.segment) m |= uint64_t{1} << (i - b);
    return m;
  }

  std::string_view data_;
  std::string why_;  // parse_isa()'s reason, not used
  Delimiters dl_;
  uint32_t multiplier_ = 1;
  uint32_t table_[64];
  size_t block_ = 0;
  uint64_t mask_ = 0;
  uint64_t count_ = 0;
  size_t limit_ = SIZE_MAX;
  bool limited_ = false;
  bool outside_ = false;
};

}  // namespace

bool ReadState::same_place(const ReadState& o) const {
  auto same = [](const Delimiters& a, const Delimiters& b) {
    return a.element == b.element && a.component == b.component && a.segment == b.segment &&
           a.repetition == b.repetition;
  };
  return segment_number == o.segment_number && same(delims, o.delims) &&
         line_terminated == o.line_terminated && wrapped_reported == o.wrapped_reported &&
         declared_terminator == o.declared_terminator && any_interchange == o.any_interchange &&
         after_bad_isa == o.after_bad_isa && in_interchange == o.in_interchange &&
         isa_number == o.isa_number && isa_control == o.isa_control && groups == o.groups &&
         in_group == o.in_group && gs_number == o.gs_number && gs_control == o.gs_control &&
         gs_version == o.gs_version && sets == o.sets && gap_reported == o.gap_reported;
}

std::unique_ptr<PieceReader> X12PieceReader::plan(std::string_view data, std::string_view file,
                                                  const ReadLimits& limits, size_t piece_bytes) {
  if (piece_bytes == 0 || data.size() / 2 < piece_bytes) return nullptr;
  if (limits.max_input_bytes != 0 && data.size() > limits.max_input_bytes) return nullptr;
  if (detect_format(data) != InputFormat::kX12) return nullptr;
  const size_t isa = find_isa(data, 0);
  IsaHeader h;
  std::string why;
  if (isa == std::string_view::npos || !parse_isa(data, isa, h, &why)) return nullptr;
  return std::unique_ptr<PieceReader>(new X12PieceReader(data, file, limits, piece_bytes, h.delims));
}

void X12PieceReader::survey(size_t i, Survey& out) const {
  const size_t n = data_.size();
  const bool last = i + 1 == pieces_;
  const size_t cut = last ? n : (i + 1) * piece_bytes_;  // where the next piece is cut
  Scanner scan(data_, first_);
  size_t from;
  if (i == 0) {
    out.begin = 0;
    const size_t isa = find_isa(data_, 0);  // segments are counted from the first ISA
    from = isa == std::string_view::npos ? n : isa;
  } else {
    // The first ST after a terminator at or after this piece's cut, before
    // the next cut: a piece looks no further, so that a transaction set
    // longer than many pieces is not scanned by each of them.
    const size_t mine = i * piece_bytes_;
    if (!last) scan.set_limit(cut - 1);
    from = scan.run(mine - 1, false, [&](size_t, Kind k, size_t, uint64_t) {
      return k != Kind::kSt;
    });
    if (scan.limited() || from >= n) {
      // No transaction set begins here: the piece is empty (the last one
      // still ends the input).
      out.begin = out.end = last ? n : from;
      return;
    }
    out.begin = from;
    scan.set_limit(SIZE_MAX);
  }
  out.end = scan.run(from, true, [&](size_t s, Kind k, size_t t, uint64_t index) {
    if (!last && k == Kind::kSt && t + 1 >= cut && s > out.begin) return false;
    out.envelope.emplace_back(index, s);
    return true;
  });
  out.segments = scan.count();
  if (out.end < out.begin) out.end = out.begin;
}

bool X12PieceReader::accept(size_t i, const PieceResult& result) {
  const auto* reading = dynamic_cast<const PieceReading*>(result.detail.get());
  if (reading == nullptr) return false;
  const PieceReading& r = *reading;
  if (!r.read) return false;
  if (r.empty) return true;  // nothing read, nothing changed
  if (result.begin != true_pos_) return false;
  const bool last = i + 1 == pieces_;
  if (i > 0 && !r.start.same_place(true_)) return false;
  if (r.stopped || (!last && !r.clean)) return false;
  const ReadState::Counts &before = true_.counts, &mine = r.finish.counts;
  // Its reports of unreadable segments are those a reading from the start
  // makes when none of them reaches the limit counting those before it.
  if (r.used_strays && before.stray_reports != 0 &&
      before.stray_reports + mine.stray_reports > kMaxStrayReports)
    return false;
  // "No claims were found" is said by reading the rest on one thread.
  if (r.used_totals && before.claims_started == 0 && !before.file_error) return false;
  if (limits_.max_claims != 0 && before.claims_started + mine.claims_started > limits_.max_claims)
    return false;
  ReadState next = r.finish;
  next.counts.add(before);
  true_ = next;
  true_pos_ = r.stop;
  any_accepted_ = true;
  return true;
}

// The envelope-only reader whose state after the envelope segments of the
// pieces before a piece is that piece's predicted start.
struct X12PieceReader::Skeleton {
  struct Null : ClaimSink {
    void on_claim(Claim&&) override {}
    void on_file_problem(const Problem&) override {}
  } sink;
  Reader reader;
  Skeleton(std::string_view data, std::string_view file, const ReadLimits& limits)
      : reader(data, file, sink, limits) {}
};

X12PieceReader::X12PieceReader(std::string_view data, std::string_view file,
                               const ReadLimits& limits, size_t piece_bytes,
                               const Delimiters& first)
    : data_(data),
      file_(file),
      limits_(limits),
      piece_bytes_(piece_bytes),
      pieces_(data.size() / piece_bytes),
      first_(first),
      surveys_(pieces_),
      predicted_(pieces_),
      skeleton_(std::make_unique<Skeleton>(data, file, limits_)) {}

X12PieceReader::~X12PieceReader() = default;

void X12PieceReader::fold() {
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

void X12PieceReader::read(size_t i, ClaimSink& sink, PieceResult& result) {
  // The reading's record, made once and refilled.
  auto* reading = dynamic_cast<PieceReading*>(result.detail.get());
  if (reading == nullptr) {
    result.detail = std::make_unique<PieceReading>();
    reading = static_cast<PieceReading*>(result.detail.get());
  }
  PieceReading& out = *reading;
  out = PieceReading{};
  result.begin = result.end = 0;
  auto sv = std::make_unique<Survey>();
  survey(i, *sv);
  result.begin = sv->begin;
  result.end = sv->end;
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
  if (result.begin >= result.end && !last) {
    out.empty = true;
    return;
  }
  Reader r(data_, file_, sink, limits_);
  size_t stop;
  if (i == 0) {
    stop = r.run_range(0, result.end, true, last, true);
  } else {
    out.start = *start;
    r.set_state(*start);
    stop = r.run_range(result.begin, result.end, false, last, true);
  }
  r.result(out, stop);
}

void X12PieceReader::reread(size_t i, const PieceResult& result, ClaimSink& sink) const {
  const auto* reading = dynamic_cast<const PieceReading*>(result.detail.get());
  if (reading == nullptr) return;
  const bool last = i + 1 == pieces_;
  if (reading->empty && !last) return;
  Reader reader(data_, file_, sink, limits_);
  if (i == 0) {
    reader.run_range(0, result.end, true, last, true);
  } else {
    reader.set_state(reading->start);
    reader.run_range(result.begin, result.end, false, last, true);
  }
}

void X12PieceReader::abandon() {
  {
    std::lock_guard<std::mutex> l(mu_);
    abandoned_ = true;
  }
  cv_.notify_all();
}

void X12PieceReader::read_rest(ClaimSink& sink) {
  Reader r(data_, file_, sink, limits_);
  if (!any_accepted_) {
    r.run();
    return;
  }
  r.set_state(true_);
  r.run_range(true_pos_, data_.size(), false, true);
}

}  // namespace perdiem::x12
