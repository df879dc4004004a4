// Writing X12, private to the engine library: the one emitter of segments,
// elements, composites and repetitions with an interchange's delimiters,
// and of the envelopes around them (ISA with its fixed widths, GS, ST, SE
// with its segment count, GE, IEA, their control numbers), with a line break
// after each terminator if wanted. `perdiem gen` writes its 837s with it;
// the corrected 837 (`perdiem fix`, which copies most of its input and
// rewrites some segments) and the 835 (written from scratch) are to use it.
//
//   x12::Writer w(delimiters, x12::LineBreak::kLf);
//   w.isa(interchange);  w.gs(group);  w.st("837", 1, "005010X222A1");
//   w.begin("SV1").element("HC").component("S9500").component("SH")
//    .amount(Money::from_raw(70000)).element("UN").quantity(Quantity::from_int(7)).end();
//   w.se();  w.ge();  w.iea();
//   out.append(w.view());  w.clear();
//
// X12 RULES IT KEEPS. Empty trailing elements of a segment, and empty
// trailing components (or repetitions) of an element, are not written: the
// standard forbids them. Empty elements and components before a non-empty
// one are written as separators ("CTP****7*UN", "HC:J3490:::::text"). A
// segment with no non-empty element is its id alone ("HI~").
//
// DELIMITERS IN VALUES. X12 has no escape: a delimiter inside a value would
// change the structure of everything after it. The writer never writes one:
// each byte of a value that is the element, component or repetition
// separator or the segment terminator, and each CR or LF (a reader takes
// them for line breaks between segments), is written as a space, and
// substituted() counts them, so that a caller can report the change. (A
// sender chooses delimiters that its data does not contain; a writer that
// copies an input uses the input's, with which its values were read.)
//
// COUNTS. The writer counts the segments it writes and copies: SE01 is the
// count from ST through SE, GE01 the transaction sets since GS, IEA01 the
// groups since ISA; SE02, GE02 and IEA02 repeat ST02, GS06 and ISA13.
//
// OUTPUT. The writer appends to a buffer of its own, which the caller reads
// (view()) and empties (clear(), keeping its capacity) between segments: the
// generator hands it over in chunks, a result writer appends it to its
// output. Nothing is allocated once the buffer has grown. The calls made
// for every element are inline: the generator writes half a gigabyte a
// second with them. THREAD-COMPATIBLE: one writer per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "perdiem/money.h"
#include "x12/segments.h"

namespace perdiem::x12 {

enum class LineBreak : uint8_t { kNone, kLf, kCrLf };

// The ISA's fields. Fixed-width ones are padded with spaces (or, for the
// control number, zeros) to their width; a longer value is cut to it.
// ISA11 is the writer's repetition separator ('U' when it has none: before
// 5010) and ISA16 its component separator.
struct Interchange {
  std::string_view authorization_qualifier = "00";  // ISA01 (2)
  std::string_view authorization;                   // ISA02 (10)
  std::string_view security_qualifier = "00";       // ISA03 (2)
  std::string_view security;                        // ISA04 (10)
  std::string_view sender_qualifier = "ZZ";         // ISA05 (2)
  std::string_view sender;                          // ISA06 (15)
  std::string_view receiver_qualifier = "ZZ";       // ISA07 (2)
  std::string_view receiver;                        // ISA08 (15)
  std::string_view date;                            // ISA09 YYMMDD
  std::string_view time;                            // ISA10 HHMM
  std::string_view version = "00501";               // ISA12 (5)
  uint64_t control = 0;                             // ISA13, 9 digits (mod 10^9)
  bool acknowledgment_requested = false;            // ISA14: 1 or 0
  char usage = 'T';                                 // ISA15: T test, P production
};

// The GS's fields; GS06 is repeated in GE02.
struct FunctionalGroup {
  std::string_view functional_id = "HC";  // GS01: HC 837, HP 835
  std::string_view sender;                // GS02
  std::string_view receiver;              // GS03
  std::string_view date;                  // GS04 CCYYMMDD
  std::string_view time;                  // GS05 HHMM
  uint64_t control = 0;                   // GS06, as digits
  std::string_view agency = "X";          // GS07
  std::string_view version;               // GS08, e.g. "005010X222A1"
};

class Writer {
 public:
  // `delimiters.repetition` 0: elements do not repeat.
  Writer(const Delimiters& delimiters, LineBreak line_break = LineBreak::kLf);

  const Delimiters& delimiters() const { return d_; }

  // What was written since the last clear().
  std::string_view view() const { return {buf_.data(), n_}; }
  size_t size() const { return n_; }
  // Empties the buffer, keeping its capacity. The counts go on.
  void clear() { n_ = 0; }

  // --- a segment: begin(), its elements in order, end() ---
  // REQUIRES: no segment in progress (each begin() has its end()).
  [[gnu::always_inline]] Writer& begin(std::string_view id) {
    owed_elements_ = 0;
    owed_inner_ = 0;
    put(id);
    return *this;
  }
  // The next element. Text is written as given (delimiters aside, above).
  [[gnu::always_inline]] Writer& element(std::string_view value) {
    next_element();
    text(value);
    return *this;
  }
  // The next element, copied from an input read with these delimiters: its
  // bytes as they are, its components and repetitions included (a writer
  // that rewrites some elements of a segment and keeps the others).
  // REQUIRES: no segment terminator in it.
  Writer& raw_element(std::string_view bytes) {
    next_element();
    if (!bytes.empty()) {
      flush();
      put(bytes);
    }
    return *this;
  }
  // The next element, a whole number.
  Writer& number(uint64_t n) {
    next_element();
    flush();
    digits(n, 1);
    return *this;
  }
  // The next element, at least `width` digits, zero-padded (control numbers).
  Writer& padded(uint64_t n, int width) {
    next_element();
    flush();
    digits(n, width);
    return *this;
  }
  // The next element, money with two decimals as senders write it:
  // "1400.00", "-3.50".
  Writer& amount(Money m);
  // The next element, units in their shortest exact form: "7", "1.5", "0.125".
  Writer& quantity(Quantity q);
  // More text, or a number of at least `width` digits, for the element (or
  // component) in progress: element("PDG").append_number(7, 7) is "PDG0000007".
  Writer& append(std::string_view value) {
    text(value);
    return *this;
  }
  Writer& append_number(uint64_t n, int width = 1) {
    flush();
    digits(n, width);
    return *this;
  }
  // Several text elements at once: elements({"82", "1", "NURSE"}).
  Writer& elements(std::initializer_list<std::string_view> values);
  // The next component of the element in progress, after the component
  // separator: element("HC").component("S9500") is "HC:S9500".
  [[gnu::always_inline]] Writer& component(std::string_view value) {
    owe_inner(d_.component);
    text(value);
    return *this;
  }
  // The next repetition of the element in progress, after the repetition
  // separator; components that follow belong to it. REQUIRES: a repetition
  // separator.
  Writer& repetition(std::string_view value) {
    owe_inner(d_.repetition);
    text(value);
    return *this;
  }
  // Ends the segment: its terminator, then the line break.
  void end() {
    room(3);
    char* p = buf_.data() + n_;
    size_t k = 0;
    p[k++] = d_.segment;
    if (line_break_ == LineBreak::kLf) {
      p[k++] = '\n';
    } else if (line_break_ == LineBreak::kCrLf) {
      p[k++] = '\r';
      p[k++] = '\n';
    }
    n_ += k;
    ++segments_;
  }

  // --- bytes copied from an input ---
  // Appends `bytes` as they are (segments whole, with their terminators and
  // line breaks; written with these delimiters) and counts `segments` of
  // them. REQUIRES: no segment in progress.
  void copy(std::string_view bytes, uint64_t segments) {
    put(bytes);
    segments_ += segments;
  }

  // --- envelopes ---
  void isa(const Interchange& h);
  void gs(const FunctionalGroup& g);
  // ST*id*control*version, ST02 at least 4 digits.
  void st(std::string_view id, uint64_t control, std::string_view version);
  // A transaction set whose ST the caller copies (its control number as it
  // is): counting starts as st() starts it; the copy counts the ST itself.
  void begin_set(std::string_view control);
  void se();
  void ge();
  void iea();

  // Segments written and copied in all; in the open transaction set (ST
  // included); value bytes written as spaces (see above).
  uint64_t segments() const { return segments_; }
  uint64_t set_segments() const { return segments_ - set_start_; }
  uint64_t substituted() const { return substituted_; }

 private:
  // Bytes kept free after n_ (see room()).
  static constexpr size_t kSlack = 16;

  // Makes room for `k` more bytes, and a few more: end() and short numbers
  // then need no check of their own.
  void room(size_t k) {
    if (buf_.size() - n_ < k + kSlack) grow(k);
  }
  void grow(size_t k);
  [[gnu::always_inline]] void put(std::string_view s) {
    room(s.size());
    const size_t at = n_;
    copy_bytes(buf_.data() + at, s.data(), s.size());
    n_ = at + s.size();
  }
  // Short texts (most values) are copied inline as two overlapping words
  // of 8 bytes (8 to 16 bytes) or of 4 (4 to 7), never read past the
  // source; the words are handed back.
  template <class Word>
  [[gnu::always_inline]] static void copy_words(char* dst, const char* src, size_t n, Word& a,
                                                Word& b) {
    std::memcpy(&a, src, sizeof a);
    std::memcpy(&b, src + n - sizeof b, sizeof b);
    std::memcpy(dst, &a, sizeof a);
    std::memcpy(dst + n - sizeof b, &b, sizeof b);
  }
  // memcpy, short texts inline.
  [[gnu::always_inline]] static void copy_bytes(char* dst, const char* src, size_t n) {
    if (n >= 8 && n <= 16) {
      uint64_t a, b;
      copy_words(dst, src, n, a, b);
    } else if (n >= 4 && n < 8) {
      uint32_t a, b;
      copy_words(dst, src, n, a, b);
    } else if (n < 4) {
      for (size_t i = 0; i < n; ++i) dst[i] = src[i];
    } else {
      std::memcpy(dst, src, n);
    }
  }
  // copy_bytes(), and whether a byte copied is a special. A short text is
  // checked in the words it was loaded into: checking the stored bytes
  // would wait for the stores to reach the cache.
  [[gnu::always_inline]] bool copy_checked(char* dst, const char* src, size_t n) const {
#if defined(__SSE2__)
    if (n >= 8 && n <= 16) {
      uint64_t a, b;
      copy_words(dst, src, n, a, b);
      return special_in(_mm_set_epi64x(static_cast<long long>(b), static_cast<long long>(a)));
    }
    if (n >= 4 && n < 8) {
      uint32_t a, b;
      copy_words(dst, src, n, a, b);
      return special_in(_mm_set_epi32(static_cast<int>(a), static_cast<int>(b), static_cast<int>(a),
                                      static_cast<int>(b)));
    }
#endif
    if (n < 8) {
      bool hit = false;
      for (size_t i = 0; i < n; ++i) {
        dst[i] = src[i];
        hit = hit || special_[static_cast<unsigned char>(src[i])];
      }
      return hit;
    }
    std::memcpy(dst, src, n);
    for (size_t i = 0; i < n; ++i)
      if (special_[static_cast<unsigned char>(src[i])]) return true;
    return false;
  }
#if defined(__SSE2__)
  [[gnu::always_inline]] bool special_in(__m128i x) const {
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, pattern_[0]), _mm_cmpeq_epi8(x, pattern_[1])),
                     _mm_or_si128(_mm_cmpeq_epi8(x, pattern_[2]), _mm_cmpeq_epi8(x, pattern_[3]))),
        _mm_or_si128(_mm_cmpeq_epi8(x, pattern_[4]), _mm_cmpeq_epi8(x, pattern_[5])));
    return _mm_movemask_epi8(hit) != 0;
  }
#endif
  void next_element() {
    ++owed_elements_;
    owed_inner_ = 0;
  }
  void owe_inner(char separator) {
    if (owed_inner_ == inner_.size()) inner_.push_back(separator);
    else inner_[owed_inner_] = separator;
    ++owed_inner_;
  }
  // Writes the separators a non-empty value needs before it.
  // (Locals throughout: a store to a char may alias any member.)
  [[gnu::always_inline]] void flush() {
    const uint32_t k = owed_elements_, m = owed_inner_;
    if (k + m == 0) return;
    room(k + m);
    write_owed(buf_.data() + n_, k, m);
    n_ += k + m;
  }
  // The k element separators and m inner ones owed, at p (room made).
  [[gnu::always_inline]] void write_owed(char* p, uint32_t k, uint32_t m) {
    if (k <= kSlack / 2) {
      // Eight separators at once (room() keeps the slack), of which k count.
      const uint64_t eight = 0x0101010101010101ull * static_cast<unsigned char>(d_.element);
      std::memcpy(p, &eight, 8);
    } else {
      std::memset(p, d_.element, k);
    }
    if (m != 0) copy_bytes(p + k, inner_.data(), m);
    owed_elements_ = owed_inner_ = 0;
  }
  // A value's bytes, delimiters written as spaces.
  [[gnu::always_inline]] void text(std::string_view value) {
    if (value.empty()) return;
    const uint32_t k = owed_elements_, m = owed_inner_;
    room(k + m + value.size());
    char* const base = buf_.data();
    size_t at = n_;
    if (k + m != 0) {
      write_owed(base + at, k, m);
      at += k + m;
    }
    const bool special = copy_checked(base + at, value.data(), value.size());
    n_ = at + value.size();
    if (special) substitute(at);
  }
  void substitute(size_t at);
  void digits(uint64_t n, int width);
  // Starts a signed number element: its separators and sign; returns |raw|.
  uint64_t signed_element(int64_t raw);
  void fixed(std::string_view value, size_t width);

  Delimiters d_;
  LineBreak line_break_;
  std::string buf_;  // its size is the capacity; n_ bytes are written
  size_t n_ = 0;
  bool special_[256] = {};  // bytes written as spaces
#if defined(__SSE2__)
  __m128i pattern_[6];  // each special byte 16 times (the last repeated when fewer)
#endif
  // Separators not written yet: they are written before the next non-empty
  // value, and dropped at the end of the element (inner) or segment.
  uint32_t owed_elements_ = 0;
  std::string inner_;  // the component and repetition separators owed: inner_[0, owed_inner_)
  uint32_t owed_inner_ = 0;
  uint64_t segments_ = 0, substituted_ = 0;
  // Envelopes: where counting started, and the control numbers to repeat.
  uint64_t set_start_ = 0, sets_ = 0, groups_ = 0;
  char set_control_[24] = {};
  size_t set_control_size_ = 0;
  uint64_t group_control_ = 0, interchange_control_ = 0;
};

}  // namespace perdiem::x12
