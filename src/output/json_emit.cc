// JSON string literals: put_json_string() and the public append_json_string().
//
// Most text in a result needs no escaping at all (codes, ids, the messages
// of the pack): it is copied eight bytes at a time while it is checked, and
// only text that needs escaping (or does not fit the buffer) goes the slow
// way, one piece at a time.
#include <bit>
#include <cstdint>
#include <cstring>

#include "json_emit.h"
#include "perdiem/writer.h"

namespace perdiem {
namespace output {
namespace {

// True for the bytes a JSON string can hold as they are: printable ASCII
// other than '"' and '\\'. The rest are escaped or, from 0x80 up, checked as
// UTF-8.
constexpr bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// Eight bytes at a time (SWAR), in little-endian words: the lowest marked
// byte of not_plain(w) is w's first byte that is not plain(), and w has none
// when nothing is marked. (x - 0x01..01 * n) & 0x80..80 marks the bytes of x
// below n (n <= 0x80), and those from 0x80 + n up; a borrow can also mark
// bytes above a byte below n, never below one. The bytes from 0x80 up are
// marked anyway (| w; the XOR-ed x keep w's top bit), so the lowest mark of
// the OR of the four tests is a true one.
constexpr bool kWords = std::endian::native == std::endian::little;
constexpr uint64_t kOnes = 0x0101010101010101;

constexpr uint64_t not_plain(uint64_t w) {
  const uint64_t control = w - kOnes * 0x20;
  const uint64_t quote = (w ^ (kOnes * '"')) - kOnes;
  const uint64_t backslash = (w ^ (kOnes * '\\')) - kOnes;
  return (control | quote | backslash | w) & (kOnes * 0x80);
}

size_t first_mark(uint64_t marks) { return static_cast<size_t>(std::countr_zero(marks) / 8); }

// The n < 8 bytes at s as the low bytes of a word, the others zero, reading
// only those bytes: two overlapping 4-byte loads put the same byte in the
// same place, so OR-ing them is harmless.
uint64_t load_short(const char* s, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, s, 4);
    std::memcpy(&hi, s + n - 4, 4);
    return lo | (uint64_t{hi} << (8 * (n - 4)));
  }
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return w;
}

// Copies the plain bytes at the start of s to p and returns how many there
// are; the bytes after them may be written too. REQUIRES: room for
// s.size() + 8 bytes at p.
size_t copy_plain(char* p, std::string_view s) {
  size_t i = 0;
  if constexpr (kWords) {
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      std::memcpy(p + i, &w, 8);
      if (const uint64_t marks = not_plain(w)) return i + first_mark(marks);
    }
    const size_t rest = s.size() - i;
    if (rest == 0) return i;
    const uint64_t w = load_short(s.data() + i, rest);
    std::memcpy(p + i, &w, 8);
    // Only the `rest` low bytes are text (the zeros above would be marked).
    const uint64_t marks = not_plain(w) & ((uint64_t{1} << (8 * rest)) - 1);
    return marks != 0 ? i + first_mark(marks) : s.size();
  }
  for (; i < s.size() && plain(static_cast<unsigned char>(s[i])); ++i) p[i] = s[i];
  return i;
}

// The position of the first byte at or after i that is not plain(), or
// s.size().
size_t plain_run_end(std::string_view s, size_t i) {
  if constexpr (kWords) {
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (const uint64_t marks = not_plain(w)) return i + first_mark(marks);
    }
  }
  while (i < s.size() && plain(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// put_json_string() for any text: escapes, U+FFFD for ill-formed UTF-8, and
// well-formed UTF-8 as it is, in pieces of any length.
[[gnu::noinline]] void put_escaped(OutBuffer& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.put('"');
  size_t run = 0;  // start of the pending bytes to copy as they are
  size_t i = 0;
  while ((i = plain_run_end(s, i)) < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      uint32_t cp = 0;
      size_t skip = 0;
      const size_t n = utf8_decode(s, i, cp, skip);
      if (n != 0 && cp != 0x2028 && cp != 0x2029) {
        i += n;
        continue;
      }
      out.write(s.data() + run, i - run);
      if (n == 0) {
        out.write(kReplacement);
        i += skip;
      } else {
        // Valid JSON either way; escaped so the text is also safe inside a
        // <script> of the web page.
        out.write(cp == 0x2028 ? std::string_view("\\u2028") : std::string_view("\\u2029"));
        i += n;
      }
      run = i;
      continue;
    }
    out.write(s.data() + run, i - run);
    switch (c) {
      case '"': out.write("\\\"", 2); break;
      case '\\': out.write("\\\\", 2); break;
      case '\n': out.write("\\n", 2); break;
      case '\r': out.write("\\r", 2); break;
      case '\t': out.write("\\t", 2); break;
      case '\b': out.write("\\b", 2); break;
      case '\f': out.write("\\f", 2); break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.write(esc, 6);
      }
    }
    ++i;
    run = i;
  }
  out.write(s.data() + run, s.size() - run);
  out.put('"');
}

}  // namespace

void put_json_string(OutBuffer& out, std::string_view s) {
  // The usual case, text that needs nothing and fits: copied while it is
  // checked. Anything else starts over in put_escaped(), as a tail call, so
  // that this stays a leaf function.
  if (char* p = out.room_if_free(s.size() + 10)) {
    if (copy_plain(p + 1, s) == s.size()) {
      p[0] = '"';
      p[s.size() + 1] = '"';
      out.commit(p + s.size() + 2);
      return;
    }
  }
  put_escaped(out, s);
}

}  // namespace output

void append_json_string(std::string& out, std::string_view s) {
  output::OutBuffer buf(out);
  output::put_json_string(buf, s);
}

}  // namespace perdiem
