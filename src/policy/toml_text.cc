// Making a pack.toml safe for toml++ to parse (toml_text.h).
#include "policy/toml_text.h"

#include <cstdio>

namespace perdiem::policy {

// toml++ 3.3 (Debian 12) reaches __builtin_unreachable() — undefined behaviour
// — when it tests some non-ASCII characters for whitespace: outside a string
// (where TOML allows no such character anyway), after a line-ending
// backslash in a multi-line string, and in text that is not UTF-8 (upstream
// issues 190 and 295). Found by fuzz/fuzz_pack. So the text is checked
// first: not UTF-8, or non-ASCII outside strings and comments, is a pack
// error; non-ASCII inside basic strings ("...", """...""") is rewritten as
// \uXXXX escapes, which toml++ reads back as the same characters. Lines do
// not move, so toml++'s line numbers stay right.
bool safe_toml_text(std::string_view in, const std::string& file, std::string& out, std::vector<PackError>& errors) {
  enum class In : uint8_t { kCode, kComment, kBasic, kMultiBasic, kLiteral, kMultiLiteral };
  In state = In::kCode;
  uint32_t line = 1;
  out.clear();
  out.reserve(in.size() + in.size() / 8);
  auto run = [&](size_t i, char q) {
    size_t n = 0;
    while (i + n < in.size() && in[i + n] == q) ++n;
    return n;
  };
  for (size_t i = 0; i < in.size();) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c >= 0x80) {
      // Decode one UTF-8 sequence.
      size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
      bool ok = len != 0 && i + len <= in.size();
      for (size_t k = 1; ok && k < len; ++k) {
        const auto cc = static_cast<unsigned char>(in[i + k]);
        ok = (cc & 0xC0) == 0x80;
        cp = (cp << 6) | (cc & 0x3F);
      }
      ok = ok && !((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                   cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF));
      if (!ok) {
        errors.push_back({file, line, "the text is not valid UTF-8 here"});
        return false;
      }
      if (state == In::kCode) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", cp);
        errors.push_back({file, line, std::string("the character ") + hex +
                                          " is outside a quoted string or a comment, which TOML does not allow"});
        return false;
      }
      if (state == In::kBasic || state == In::kMultiBasic) {
        char esc[16];
        std::snprintf(esc, sizeof esc, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X", cp);
        out += esc;
      } else {
        out.append(in.substr(i, len));
      }
      i += len;
      continue;
    }
    const char ch = in[i];
    if (ch == '\n') ++line;
    switch (state) {
      case In::kCode:
        if (ch == '#') state = In::kComment;
        else if (ch == '"') {
          const size_t n = run(i, '"');
          if (n >= 3) { out.append(3, '"'); i += 3; state = In::kMultiBasic; continue; }
          if (n == 2) { out += "\"\""; i += 2; continue; }  // an empty string
          state = In::kBasic;
        } else if (ch == '\'') {
          const size_t n = run(i, '\'');
          if (n >= 3) { out.append(3, '\''); i += 3; state = In::kMultiLiteral; continue; }
          if (n == 2) { out += "''"; i += 2; continue; }
          state = In::kLiteral;
        }
        break;
      case In::kComment:
        if (ch == '\n') state = In::kCode;
        break;
      case In::kBasic:
      case In::kMultiBasic:
        if (ch == '\\' && i + 1 < in.size()) {
          const auto next = static_cast<unsigned char>(in[i + 1]);
          if (next >= 0x80) {
            errors.push_back({file, line, "a backslash before a non-ASCII character is not a TOML escape"});
            return false;
          }
          if (in[i + 1] == '\n') ++line;
          out += ch;
          out += in[i + 1];
          i += 2;
          continue;
        }
        if (state == In::kBasic && (ch == '"' || ch == '\n')) state = In::kCode;
        if (state == In::kMultiBasic && ch == '"' && run(i, '"') >= 3) {
          const size_t n = std::min<size_t>(run(i, '"'), 5);
          out.append(n, '"');
          i += n;
          state = In::kCode;
          continue;
        }
        break;
      case In::kLiteral:
        if (ch == '\'' || ch == '\n') state = In::kCode;
        break;
      case In::kMultiLiteral:
        if (ch == '\'' && run(i, '\'') >= 3) {
          const size_t n = std::min<size_t>(run(i, '\''), 5);
          out.append(n, '\'');
          i += n;
          state = In::kCode;
          continue;
        }
        break;
    }
    out += ch;
    ++i;
  }
  return true;
}

}  // namespace perdiem::policy
