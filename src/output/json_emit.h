// Private: a small streaming JSON emitter for the result writers.
//
// Compact style writes no whitespace at all (NDJSON lines, the API). Pretty
// style writes one member or element per line, 2 spaces per level,
// `"key": value`, and `[]`/`{}` for empty containers; arrays opened with
// begin_array(true) ("inline") keep their elements on one line, for short
// lists of scalars such as modifiers.
//
// Speed: the writers emit about a dozen members per service line, so a
// member costs a few instructions: one OutBuffer::room() check and stores of
// constant size (a key's length is a compile-time constant once key() is
// inlined). The emitter keeps no per-level state (a comma is due exactly when
// the last thing written was a complete value), and the style is a template
// parameter, so that the compact emitter carries no tests for the pretty one.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "out_buffer.h"
#include "perdiem/date.h"
#include "perdiem/money.h"
#include "text_out.h"

namespace perdiem::output {

// Writes s as a JSON string literal, quotes included: ill-formed UTF-8
// becomes U+FFFD, and U+2028/U+2029 are escaped (see append_json_string).
void put_json_string(OutBuffer& out, std::string_view s);

// A member name, checked at compile time: it comes from a literal and is
// written as it is, so it must be printable ASCII other than '"' and '\\'
// (a name that is not fails to compile).
class JsonKey {
 public:
  // Implicit, so that key("code") reads as what it writes.
  consteval JsonKey(const char* name) : name_(name) {
    for (const char c : name_)
      if (!(c >= 0x20 && c < 0x7F && c != '"' && c != '\\')) throw "JsonKey: the name needs escaping";
  }
  constexpr std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

enum class JsonStyle {
  kCompact,  // no whitespace at all: NDJSON lines, the API
  kPretty,   // one member or element per line, indented 2 spaces per level
};

template <JsonStyle kStyle>
class JsonEmitter {
 public:
  // `depth` is the nesting level the first value is written at (pretty mode
  // indents it that far when it is a container's member).
  explicit JsonEmitter(OutBuffer& out, int depth = 0) : out_(out), depth_(depth), top_depth_(depth) {}

  // The small members are inlined (always_inline: the compiler's estimate
  // leaves them out of the large emit_ functions), as a call would cost
  // about as much as their work, and key() needs its name's length known.
  [[gnu::always_inline]] void begin_object() { open('{', false); }
  [[gnu::always_inline]] void end_object() { close('}'); }
  [[gnu::always_inline]] void begin_array(bool inline_elements = false) { open('[', inline_elements); }
  [[gnu::always_inline]] void end_array() { close(']'); }

  [[gnu::always_inline]] void key(JsonKey k) {
    const std::string_view name = k.name();
    // A comma is written always and kept when it is due: no branch. (Pretty
    // mode: a key is never the top-level value nor in an inline array, so
    // its separator is always the comma and a line break.)
    char* p;
    if constexpr (kPretty) {
      p = out_.room(line_break_room(depth_) + name.size() + 5);
      *p = ',';
      p = put_line_break(p + (comma_due_ ? 1 : 0), depth_);
    } else {
      p = out_.room(name.size() + 5);
      *p = ',';
      p += comma_due_ ? 1 : 0;
    }
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());  // a constant size once inlined
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    if constexpr (kPretty) *p++ = ' ';
    out_.commit(p);
    comma_due_ = false;
    after_key_ = true;
  }

  [[gnu::always_inline]] void string(std::string_view s) {
    value_prefix();
    put_json_string(out_, s);
  }
  [[gnu::always_inline]] void uinteger(uint64_t v) {
    value_prefix();
    out_.commit(put_uint(out_.room(kMaxNumberChars), v));
  }
  void boolean(bool b) {
    value_prefix();
    out_.write(b ? std::string_view("true") : std::string_view("false"));
  }
  void null() {
    value_prefix();
    out_.write(std::string_view("null"));
  }
  void money(Money m) {
    value_prefix();
    char* p = out_.room(kMaxNumberChars + 2);
    *p++ = '"';
    p = put_fixed(p, m, false);
    *p++ = '"';
    out_.commit(p);
  }
  void quantity(Quantity q) {
    value_prefix();
    out_.commit(put_fixed(out_.room(kMaxNumberChars), q, true));
  }
  void date(Date d) {
    value_prefix();
    char* p = out_.room(kDateChars + 2);
    *p++ = '"';
    p = put_date(p, d);
    *p++ = '"';
    out_.commit(p);
  }

  // Shorthands for a member.
  [[gnu::always_inline]] void kv(JsonKey k, std::string_view s) {
    key(k);
    string(s);
  }
  [[gnu::always_inline]] void kv_uint(JsonKey k, uint64_t v) {
    key(k);
    uinteger(v);
  }

 private:
  static constexpr bool kPretty = kStyle == JsonStyle::kPretty;
  static constexpr int kIndent = 2;

  // A line break and the indentation of `depth`, in pretty mode, as one
  // fixed-size copy of kLineBreak when it is that short.
  static constexpr size_t kLineBreakCopy = 32;
  static constexpr std::array<char, kLineBreakCopy> kLineBreak = [] {
    std::array<char, kLineBreakCopy> a{};
    a.fill(' ');
    a[0] = '\n';
    return a;
  }();
  static size_t line_break_room(int depth) {
    return std::max(kLineBreakCopy, 1 + static_cast<size_t>(depth * kIndent));
  }
  // REQUIRES: line_break_room(depth) bytes at p.
  static char* put_line_break(char* p, int depth) {
    const size_t n = 1 + static_cast<size_t>(depth * kIndent);
    if (n <= kLineBreakCopy) {
      std::memcpy(p, kLineBreak.data(), kLineBreakCopy);
    } else {
      *p = '\n';
      std::memset(p + 1, ' ', n - 1);
    }
    return p + n;
  }

  void newline_indent(int depth) { out_.commit(put_line_break(out_.room(line_break_room(depth)), depth)); }

  // Before an array element (and the top-level value): the comma when due
  // and, in pretty mode, the line break (also before the first element).
  void separator() {
    if (depth_ == top_depth_) return;  // the top-level value has no separator
    if constexpr (!kPretty) {
      if (comma_due_) out_.put(',');
    } else if (in_inline_) {
      if (comma_due_) out_.write(", ", 2);
    } else {
      if (comma_due_) out_.put(',');
      newline_indent(depth_);
    }
  }

  // Before every value: the separator, unless the value is a member's.
  // Afterwards a comma is due.
  [[gnu::always_inline]] void value_prefix() {
    if (!after_key_) separator();
    after_key_ = false;
    comma_due_ = true;
  }

  // REQUIRES: not inside an inline array (they hold scalars).
  [[gnu::always_inline]] void open(char bracket, bool inline_elements) {
    value_prefix();
    out_.put(bracket);
    ++depth_;
    comma_due_ = false;
    in_inline_ = inline_elements;
  }

  [[gnu::always_inline]] void close(char bracket) {
    const bool empty = !comma_due_;
    --depth_;
    if (kPretty && !empty && !in_inline_) newline_indent(depth_);
    out_.put(bracket);
    comma_due_ = true;
    in_inline_ = false;
  }

  OutBuffer& out_;
  int depth_;
  const int top_depth_;
  bool comma_due_ = false;  // the last thing written was a complete value
  bool after_key_ = false;  // ... or a key, whose value comes next
  bool in_inline_ = false;  // in an inline array
};

using CompactJson = JsonEmitter<JsonStyle::kCompact>;
using PrettyJson = JsonEmitter<JsonStyle::kPretty>;

}  // namespace perdiem::output
