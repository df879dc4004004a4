// Text-level JSON helpers (json/text.h): number grammar, UTF-8, quoting,
// the bracket scan, and finding claim ids in text that could not be parsed.
#include "json/text.h"

#include <cstring>

#include <fmt/format.h>

namespace perdiem::json {

bool json_number_ok(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (is_digit(s[i])) {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == n;
}

bool looks_numeric(std::string_view s) {
  bool digit = false;
  for (char c : s) {
    if (is_digit(c)) digit = true;
    else if (c != '.' && c != '+' && c != '-' && c != 'e' && c != 'E') return false;
  }
  return digit;
}

std::string quoted_text(std::string_view s) {
  constexpr size_t kMax = 40;
  bool cut = false;
  if (s.size() > kMax) {
    size_t n = kMax;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
    cut = true;
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  out += cut ? "...\"" : "\"";
  return out;
}

size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return kNpos;
}

ValueScan scan_value(std::string_view d, size_t i, uint32_t outer, uint32_t max_depth) {
  ValueScan s;
  uint64_t depth = 0;
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (c == '"') {
      // Jump to the closing quote: the first one preceded by an even number
      // of backslashes.
      const size_t open = i;
      for (;;) {
        const void* q = std::memchr(d.data() + i + 1, '"', d.size() - i - 1);
        if (q == nullptr) {
          i = d.size();
          break;
        }
        i = static_cast<size_t>(static_cast<const char*>(q) - d.data());
        size_t k = i;
        while (k > open + 1 && d[k - 1] == '\\') --k;
        if ((i - k) % 2 == 0) break;
      }
      if (i >= d.size()) break;
      if (depth == 0) { ++i; break; }
    } else if (c == '{' || c == '[') {
      ++depth;
      if (outer + depth > max_depth && s.too_deep_at == kNpos) s.too_deep_at = i;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;
      if (--depth == 0) { ++i; break; }
    } else if (depth == 0 && (c == ',' || is_space(c))) {
      break;
    }
  }
  s.end = i;
  return s;
}

std::string echo(std::string_view text, size_t at) {
  if (at >= text.size()) return {};
  std::string out = " [value: '";
  size_t i = at;
  for (; i < text.size() && i - at < kEchoBytes && text[i] != '\n'; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    out += (u < 0x20 || u >= 0x7f) ? '?' : text[i];
  }
  out += i < text.size() && text[i] != '\n' ? "...']" : "']";
  return out;
}

std::string_view sniff_claim_id(std::string_view text) {
  constexpr std::string_view kKey = "\"claim_id\"";
  for (size_t at = text.find(kKey); at != kNpos; at = text.find(kKey, at + 1)) {
    size_t i = at + kKey.size();
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != '"') continue;
    const size_t start = ++i;
    while (i < text.size() && i - start <= 80 && text[i] != '"' && text[i] != '\\' &&
           text[i] >= 0x20 && text[i] < 0x7F)
      ++i;
    if (i < text.size() && text[i] == '"' && i > start) return trim(text.substr(start, i - start));
  }
  return {};
}

size_t next_claim_key(std::string_view text, size_t from) {
  constexpr std::string_view kKey = "\"claim_id\"";
  for (size_t at = text.find(kKey, from); at != kNpos; at = text.find(kKey, at + 1)) {
    size_t i = at + kKey.size();
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && text[i] == ':') return at;
  }
  return kNpos;
}

}  // namespace perdiem::json
