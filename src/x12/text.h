// Small text helpers of the X12 reader, private to src/x12: byte classes,
// plain counts and decimals read in a few instructions a byte, literal
// compares. Inline: the reader calls them for every SV1, DTP and CLM.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "perdiem/money.h"
#include "x12/segments.h"

namespace perdiem::x12 {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline bool has_text(std::string_view s) {
  for (char c : s)
    if (!is_space(c)) return true;
  return false;
}

inline bool has_bom(std::string_view d) {
  return d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0xEF &&
         static_cast<unsigned char>(d[1]) == 0xBB && static_cast<unsigned char>(d[2]) == 0xBF;
}

// UTF-16 (with or without a byte order mark) cannot be read in place.
inline bool looks_utf16(std::string_view d) {
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
inline constexpr std::array<uint8_t, 256> kCharClasses = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool alnum = lower || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    t[c] = static_cast<uint8_t>((lower ? kLower : 0) | (alnum ? 0 : kNotAlnum) |
                                (c == '.' ? kDot : 0));
  }
  return t;
}();
inline unsigned classes(std::string_view s) {
  unsigned c = 0;
  for (char ch : s) {
    c |= kCharClasses[static_cast<unsigned char>(ch)];
    // Nothing more to learn. (This also keeps the loop a plain one: the
    // vectorised form costs more than it saves on a 5-byte code.)
    if (c == kAllClasses) break;
  }
  return c;
}
inline bool has_lower(std::string_view s) { return (classes(s) & kLower) != 0; }

// Whole non-negative count such as SE01; nullopt when not plain digits.
inline std::optional<uint64_t> parse_count(std::string_view s) {
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
inline const char* number_trouble(std::string_view s, const char* otherwise) {
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
inline bool is(std::string_view s, const char (&literal)[N]) {
  if (s.size() != N - 1) return false;
  for (size_t i = 0; i + 1 < N; ++i)
    if (s[i] != literal[i]) return false;
  return true;
}

// a == b for short texts, 8 bytes at a time: cheaper than the call to memcmp
// that operator== makes.
inline bool same_text(std::string_view a, std::string_view b) {
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
inline std::optional<Fixed<Scale>> parse_decimal(std::string_view s) {
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
inline bool same_control(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const auto x = parse_count(a), y = parse_count(b);
  return x && y && *x == *y;
}

}  // namespace perdiem::x12
