// Private helpers for the result writers: writing numbers, exact decimals,
// dates and sanitized text to a raw buffer, an OutBuffer or a std::string,
// without temporary strings.
//
// Every writer's output is valid UTF-8: input bytes that are not valid UTF-8
// become U+FFFD, one per maximal ill-formed subsequence (Unicode §3.9 "best
// practice"), so the same input always gives the same bytes.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "out_buffer.h"
#include "perdiem/date.h"
#include "perdiem/money.h"

namespace perdiem::output {

// ---------------------------------------------------------------- numbers and dates
//
// The put_* functions write to a raw buffer and return the end of what they
// wrote, so that a writer checks for room once per value (OutBuffer::room);
// write_* are the same for an OutBuffer, append_* for a std::string.

// The most put_uint or put_fixed write: "-9223372036854775808.000".
inline constexpr size_t kMaxNumberChars = 24;
// What put_date writes: "YYYY-MM-DD".
inline constexpr size_t kDateChars = 10;

// "00" "01" ... "99": two digits per table read instead of a division each.
inline constexpr auto kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[static_cast<size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    t[static_cast<size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

// REQUIRES: v < 100.
inline char* put_2digits(char* p, unsigned v) {
  std::memcpy(p, &kDigitPairs[2 * v], 2);
  return p + 2;
}

// Most numbers in a result have a few digits (line numbers, units, the
// whole part of a charge); those are written two digits per table read.
inline char* put_uint(char* p, uint64_t v) {
  if (v < 100) {
    if (v < 10) {
      *p = static_cast<char>('0' + v);
      return p + 1;
    }
    return put_2digits(p, static_cast<unsigned>(v));
  }
  if (v < 10000) {
    const auto hi = static_cast<unsigned>(v / 100), lo = static_cast<unsigned>(v % 100);
    if (hi < 10) {
      *p++ = static_cast<char>('0' + hi);
    } else {
      p = put_2digits(p, hi);
    }
    return put_2digits(p, lo);
  }
  return std::to_chars(p, p + kMaxNumberChars, v).ptr;
}

// Fixed<Scale>::fixed_text() (trim = false) or short_text() (trim = true).
template <int Scale>
char* put_fixed(char* p, Fixed<Scale> f, bool trim) {
  static_assert(Scale == 2 || Scale == 3);
  constexpr uint64_t kOne = static_cast<uint64_t>(Fixed<Scale>::kOne);
  const int64_t raw = f.raw();
  const bool neg = raw < 0;
  const uint64_t mag = neg ? 0 - static_cast<uint64_t>(raw) : static_cast<uint64_t>(raw);
  if (neg) *p++ = '-';
  p = put_uint(p, mag / kOne);
  const auto frac = static_cast<unsigned>(mag % kOne);
  if (trim && frac == 0) return p;
  // '.' and all Scale digits, then (trim) without the trailing zeros.
  *p = '.';
  char* end;
  if constexpr (Scale == 2) {
    end = put_2digits(p + 1, frac);
  } else {
    p[1] = static_cast<char>('0' + frac / 100);
    end = put_2digits(p + 2, frac % 100);
  }
  if (trim)
    while (end[-1] == '0') --end;  // stops at a nonzero digit: frac != 0
  return end;
}

// Date::write_iso(), with two digits per table read: the writers print two
// dates per line. Years outside 0000-9999 (never a valid claim's) go to
// write_iso itself; writer_test checks the two agree on every day.
inline char* put_date(char* p, Date date) {
  int year;
  unsigned month, day;
  date.ymd(year, month, day);
  if (year < 0 || year > 9999) {
    date.write_iso(p);
    return p + kDateChars;
  }
  const auto y = static_cast<unsigned>(year);
  p = put_2digits(p, y / 100);
  p = put_2digits(p, y % 100);
  *p++ = '-';
  p = put_2digits(p, month);
  *p++ = '-';
  return put_2digits(p, day);
}

inline void write_uint(OutBuffer& out, uint64_t v) { out.commit(put_uint(out.room(kMaxNumberChars), v)); }
inline void write_money(OutBuffer& out, Money m) { out.commit(put_fixed(out.room(kMaxNumberChars), m, false)); }
inline void write_quantity(OutBuffer& out, Quantity q) { out.commit(put_fixed(out.room(kMaxNumberChars), q, true)); }
inline void write_date(OutBuffer& out, Date d) { out.commit(put_date(out.room(kDateChars), d)); }

inline void append_uint(std::string& out, uint64_t v) {
  char buf[kMaxNumberChars];
  out.append(buf, put_uint(buf, v));
}

inline void append_money(std::string& out, Money m) {
  char buf[kMaxNumberChars];
  out.append(buf, put_fixed(buf, m, false));
}

inline void append_quantity(std::string& out, Quantity q) {
  char buf[kMaxNumberChars];
  out.append(buf, put_fixed(buf, q, true));
}

inline void append_date(std::string& out, Date d) {
  char buf[kDateChars];
  out.append(buf, put_date(buf, d));
}

// ---------------------------------------------------------------- text

// Decodes the UTF-8 sequence at s[i]. Returns its length (1-4) and sets cp,
// or returns 0 when it is ill-formed and sets `skip` to the length of the
// maximal ill-formed subsequence (at least 1) to replace with U+FFFD.
inline size_t utf8_decode(std::string_view s, size_t i, uint32_t& cp, size_t& skip) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // the valid range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    cp = c & 0x0Fu;
    if (c == 0xE0) lo = 0xA0;       // no overlongs
    if (c == 0xED) hi = 0x9F;       // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    cp = c & 0x07u;
    if (c == 0xF0) lo = 0x90;       // no overlongs
    if (c == 0xF4) hi = 0x8F;       // nothing above U+10FFFF
  } else {
    skip = 1;
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      skip = k;
      return 0;
    }
    const unsigned char b = byte(i + k);
    const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    if (!ok) {
      skip = k;
      return 0;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return need + 1;
}

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Writes s with ill-formed UTF-8 replaced. When `controls` is false, C0/C1
// control characters and DEL also become '?' (text for a terminal, where an
// escape sequence from an input file must not reach the screen).
inline void write_clean(OutBuffer& out, std::string_view s, bool controls) {
  size_t run = 0;  // start of the pending run of bytes to copy as they are
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t skip = 0;
    const size_t n = utf8_decode(s, i, cp, skip);
    const bool control = n != 0 && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F));
    if (n != 0 && (controls || !control)) {
      i += n;
      continue;
    }
    out.write(s.data() + run, i - run);
    if (n == 0) {
      out.write(kReplacement);
      i += skip;
    } else {
      out.put('?');
      i += n;
    }
    run = i;
  }
  out.write(s.data() + run, s.size() - run);
}

inline void append_clean(std::string& out, std::string_view s, bool controls) {
  OutBuffer buf(out);
  write_clean(buf, s, controls);
}

}  // namespace perdiem::output
