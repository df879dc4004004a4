// Private helpers for the result writers: appending numbers, exact decimals,
// dates and sanitized text to a std::string without temporary strings.
//
// Every writer's output is valid UTF-8: input bytes that are not valid UTF-8
// become U+FFFD, one per maximal ill-formed subsequence (Unicode §3.9 "best
// practice"), so the same input always gives the same bytes.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "perdiem/date.h"
#include "perdiem/money.h"

namespace perdiem::output {

inline void append_int(std::string& out, int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

inline void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Fixed<Scale>::fixed_text() (trim = false) or short_text() (trim = true),
// appended in place.
template <int Scale>
void append_fixed(std::string& out, Fixed<Scale> f, bool trim) {
  constexpr uint64_t kOne = static_cast<uint64_t>(Fixed<Scale>::kOne);
  const int64_t raw = f.raw();
  const bool neg = raw < 0;
  const uint64_t mag = neg ? 0 - static_cast<uint64_t>(raw) : static_cast<uint64_t>(raw);
  uint64_t frac = mag % kOne;
  if (neg) out += '-';
  append_uint(out, mag / kOne);
  if (Scale == 0) return;
  int digits = Scale;
  if (trim) {
    if (frac == 0) return;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
  }
  char buf[8];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out += '.';
  out.append(buf, static_cast<size_t>(digits));
}

inline void append_money(std::string& out, Money m) { append_fixed(out, m, false); }
inline void append_quantity(std::string& out, Quantity q) { append_fixed(out, q, true); }

inline void append_date(std::string& out, Date d) {
  char buf[10];
  d.write_iso(buf);
  out.append(buf, 10);
}

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

// Appends s with ill-formed UTF-8 replaced. When `controls` is false, C0/C1
// control characters and DEL also become '?' (text for a terminal, where an
// escape sequence from an input file must not reach the screen).
inline void append_clean(std::string& out, std::string_view s, bool controls) {
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
    out.append(s.data() + run, i - run);
    if (n == 0) {
      out += kReplacement;
      i += skip;
    } else {
      out += '?';
      i += n;
    }
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace perdiem::output
