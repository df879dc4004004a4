// X12 lexical layer, private to the X12 reader: the ISA header (which declares
// the delimiters), segment and composite splitting, segment ids as integers.
// Nothing here allocates.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "perdiem/claim.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace perdiem::x12 {

// The claim model's (perdiem/claim.h): a claim keeps the delimiters it was read with.
using Delimiters = X12Delimiters;

inline bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
// Element and component separators must be visible punctuation-like bytes:
// not letters, digits, blanks (space, tab, CR, LF) or NUL.
inline bool usable_separator(char c) {
  return !is_alnum(c) && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\0';
}

// What parse_isa() read from an interchange header.
struct IsaHeader {
  Delimiters delims;
  size_t length = 0;            // bytes from "ISA" through its segment terminator
  bool standard_length = true;  // the ISA is the standard 106 bytes
  std::string_view control;     // ISA13, the interchange control number
};

// Reads the ISA at data[pos]. REQUIRES: data.substr(pos, 3) == "ISA".
// The delimiters are found by counting ISA elements: ISA16 (the component
// separator) follows the 16th element separator and the segment terminator
// follows ISA16. For a well-formed 106-byte ISA that is bytes 104 and 105 as the
// standard says; counting also reads an ISA whose fixed-width fields are padded
// wrongly. Returns false, with a plain reason in *why, when the header is cut
// off or its delimiters are unusable (letters, digits, spaces, or one character
// in two roles).
bool parse_isa(std::string_view data, size_t pos, IsaHeader& out, std::string* why);

// True when data[pos] starts an ISA segment: "ISA" followed by a byte that can
// be an element separator. Inline: the reader asks before every segment.
inline bool starts_isa(std::string_view data, size_t pos) {
  return pos + 3 < data.size() && data[pos] == 'I' && data[pos + 1] == 'S' &&
         data[pos + 2] == 'A' && usable_separator(data[pos + 3]);
}

// Position of the next "ISA" at or after pos that starts an ISA segment and is
// not the tail of a longer word; npos when there is none.
size_t find_isa(std::string_view data, size_t pos);

// The elements of one segment (element 0 is the segment id), found by
// scan() and finish() in one pass over the segment's bytes, or by split().
// Only where each element ends is kept, so reading a segment costs a few
// pointer stores and no allocation. At most kMax elements are kept; the last
// one kept runs to the end of the segment, separators and all.
class Elements {
 public:
  static constexpr size_t kMax = 64;

  // The element separator, and the bytes that stop scan(): the segment
  // terminator and, unless it is itself a line break, CR and LF (a segment
  // with a line break inside is read the slow way). Set before scanning.
  void set_delimiters(char element, char terminator);

  // Scans [p, end) up to the first stop byte, noting where elements end on
  // the way. Returns that byte's position, or end. Call finish() next.
  // Inline (below): it runs once a segment, and a short segment's scan costs
  // little more than a call.
  const char* scan(const char* p, const char* end);
  // The segment ends at `end`: at or before where scan() stopped, with no
  // separator between. REQUIRES: scan() from the segment's first byte.
  void finish(const char* end) { ends_[count_++] = end; }
  // Splits a whole segment: the same result as scan() and finish() over a
  // segment without stop bytes.
  void split(std::string_view segment);

  size_t size() const { return count_; }
  // Where the last element ends (for a segment scan() and finish() read,
  // its terminator). REQUIRES: size() > 0.
  const char* last_end() const { return ends_[count_ - 1]; }
  // Element i; empty when the segment has fewer elements.
  std::string_view at(size_t i) const {
    if (i >= count_) return {};
    const char* begin = i == 0 ? begin_ : ends_[i - 1] + 1;
    return {begin, static_cast<size_t>(ends_[i] - begin)};
  }

 private:
  // Each byte 16 times over, as scan() compares 16 bytes at a time.
  struct alignas(16) Pattern {
    char bytes[16];
  };
  Pattern separator_{};
  Pattern stop_a_{}, stop_b_{}, stop_c_{};  // the terminator, CR, LF (see set_delimiters)
  const char* begin_ = nullptr;
  size_t count_ = 0;  // elements (after finish), separators noted (before)
  // Where element i ends: its separator, or the segment end. scan() notes
  // every separator of a 32-byte block before it caps the count at kMax - 1,
  // so up to 32 more are written past that.
  const char* ends_[kMax + 32]{};
};

inline const char* Elements::scan(const char* p, const char* const end) {
  begin_ = p;
  // The count stops at kMax - 1 separators; any after them are written at or
  // past ends_[count], where finish() puts the segment end over them, so the
  // last element kept runs to the end of the segment.
  size_t count = 0;
  const char** const ends = ends_;
#if defined(__SSE2__)
  // 32 bytes at a time: a mask of stop bytes and one of separators; the
  // separators before the first stop byte are noted, lowest bit first.
  // Segments average 25 bytes, so most take one round. Loads never reach
  // past `end` (the input may end at a page boundary); the last bytes of the
  // input are left to the byte loop below.
  auto load = [](const void* at) { return _mm_loadu_si128(static_cast<const __m128i*>(at)); };
  const __m128i sep = load(separator_.bytes), a = load(stop_a_.bytes), b = load(stop_b_.bytes),
                c = load(stop_c_.bytes);
  auto masks = [&](const char* at, uint32_t& stop_mask, uint32_t& sep_mask) {
    const __m128i x = load(at);
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(x, b)),
                                      _mm_cmpeq_epi8(x, c));
    stop_mask = static_cast<uint32_t>(_mm_movemask_epi8(stop));
    sep_mask = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, sep)));
  };
  while (end - p >= 32) {
    uint32_t stop_lo, sep_lo, stop_hi, sep_hi;
    masks(p, stop_lo, sep_lo);
    masks(p + 16, stop_hi, sep_hi);
    const uint32_t stop_mask = stop_lo | stop_hi << 16;
    uint32_t sep_mask = sep_lo | sep_hi << 16;
    if (stop_mask != 0) sep_mask &= (stop_mask & (0 - stop_mask)) - 1;  // those before the stop
    for (; sep_mask != 0; sep_mask &= sep_mask - 1)
      ends[count++] = p + static_cast<unsigned>(std::countr_zero(sep_mask));
    count = std::min(count, kMax - 1);
    if (stop_mask != 0) {
      count_ = count;
      return p + std::countr_zero(stop_mask);
    }
    p += 32;
  }
#endif
  const char e = separator_.bytes[0], t = stop_a_.bytes[0], cr = stop_b_.bytes[0],
             lf = stop_c_.bytes[0];
  for (; p != end; ++p) {
    const char ch = *p;
    if (ch == t || ch == cr || ch == lf) break;
    if (ch == e) {
      ends[count] = p;
      count += count < kMax - 1;
    }
  }
  count_ = count;
  return p;
}

// The first N components of a composite element, in one pass. part(k) is
// component k (1-based), empty when absent: "HC:J1170" has part(2) "J1170"
// and an empty part(3).
template <size_t N>
class Composite {
 public:
  Composite(std::string_view element, char sep) {
    const char* p = element.data();
    const char* const end = p + element.size();
    for (count_ = 0; count_ < N;) {
      const char* q = p;
      while (q != end && *q != sep) ++q;
      begins_[count_] = p;
      ends_[count_++] = q;
      if (q == end) break;
      p = q + 1;
    }
  }
  // How many components the element has, at most N: 1 when it has no separator.
  size_t count() const { return count_; }
  // REQUIRES: 1 <= k <= N.
  std::string_view part(size_t k) const {
    if (k > count_) return {};
    return {begins_[k - 1], static_cast<size_t>(ends_[k - 1] - begins_[k - 1])};
  }

 private:
  // Only the first count_ of each are set: a composite is split for every
  // SV1, and zeroing what is not read would cost more than the split.
  size_t count_;
  const char* begins_[N];
  const char* ends_[N];
};

// A 2- or 3-byte segment id as an integer, for switch statements: its bytes
// and its length packed together, so that each id has a key of its own; 0 for
// text of another length. segment_key("SV1") is a constant expression. The
// key does not say whether the id is well formed (is_segment_key does), so a
// switch checks that only for the ids it does not know.
constexpr uint32_t segment_key(std::string_view id) {
  const size_t n = id.size();
  if (n != 2 && n != 3) return 0;
  auto byte = [&](size_t i) { return uint32_t{static_cast<unsigned char>(id[i])}; };
  return byte(0) | byte(1) << 8 | (n == 3 ? byte(2) << 16 : 0) | static_cast<uint32_t>(n) << 24;
}

// A segment id: 2 or 3 upper-case letters or digits, beginning with a letter.
constexpr bool is_id_letter(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_id_char(char c) { return is_id_letter(c) || (c >= '0' && c <= '9'); }
constexpr bool is_segment_id(std::string_view id) {
  return (id.size() == 2 || id.size() == 3) && is_id_letter(id[0]) && is_id_char(id[1]) &&
         (id.size() == 2 || is_id_char(id[2]));
}
// is_segment_id() of the id whose segment_key() this is.
constexpr bool is_segment_key(uint32_t key) {
  const uint32_t n = key >> 24;
  auto byte = [&](int i) { return static_cast<char>((key >> (8 * i)) & 0xFF); };
  return (n == 2 || n == 3) && is_id_letter(byte(0)) && is_id_char(byte(1)) &&
         (n == 2 || is_id_char(byte(2)));
}

// A place in text that could not be read as segments (an interchange whose
// ISA is unusable, text outside any interchange, a segment that swallowed
// others) where a CLM segment seems to begin, so that the claim is still
// reported: "CLM" at the start of the text, or after a line break or
// punctuation (blanks between are allowed), followed by a separator byte
// (not a letter, digit or blank) other than the byte before it.
struct ClmStart {
  size_t offset = 0;             // of the 'C'
  std::string_view claim_id;     // up to the next separator; empty unless printable
};
// The first such place in data[pos, end); false when there is none.
bool next_clm_start(std::string_view data, size_t pos, size_t end, ClmStart& out);

// True when text[0..] is a segment id that 837 files use (ST, NM1, CLM, SV1,
// ...) followed by `element`: a line break before it means the line break
// ended a segment.
bool starts_known_segment(std::string_view text, char element);

// Short, printable rendering of an input value for a message: at most 40
// bytes, control and non-ASCII bytes shown as '?', in single quotes.
std::string quote(std::string_view value);

// A claim value for a message. Member data must never reach a message, and a
// damaged or misaligned file can put a name, an id or a birth date where a
// code, a date or a number belongs, so by default only a plain number (a
// sign, digits, one point) is quoted; anything else is described by its
// length: "[value of 5 bytes, not shown]". With `echo`
// (ReadLimits::echo_values, local debugging) every value is quoted.
std::string quote_value(std::string_view value, bool echo);
// A sign, digits and at most one point, with at least one digit.
bool plain_number(std::string_view s);

}  // namespace perdiem::x12
