// Private: a small streaming JSON emitter for the result writers.
//
// Compact mode (indent < 0) writes no whitespace at all (NDJSON lines, the
// API). Pretty mode writes one member or element per line, `indent` spaces
// per level, `"key": value`, and `[]`/`{}` for empty containers; arrays
// opened with begin_array(true) ("inline") keep their elements on one line,
// for short lists of scalars such as modifiers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "perdiem/writer.h"
#include "text_out.h"

namespace perdiem::output {

class JsonEmitter {
 public:
  // `depth` is the nesting level the first value is written at (pretty mode
  // indents it that far when it is a container's member).
  JsonEmitter(std::string& out, int indent, int depth = 0) : out_(out), indent_(indent), depth_(depth) {}

  void begin_object() { open('{', false); }
  void end_object() { close('}'); }
  void begin_array(bool inline_elements = false) { open('[', inline_elements); }
  void end_array() { close(']'); }

  // `k` must need no escaping (the writers' keys are literals).
  void key(std::string_view k) {
    separator();
    out_ += '"';
    out_ += k;
    out_ += indent_ < 0 ? "\":" : "\": ";
    after_key_ = true;
  }

  void string(std::string_view s) { value_prefix(); append_json_string(out_, s); }
  void integer(int64_t v) { value_prefix(); append_int(out_, v); }
  void uinteger(uint64_t v) { value_prefix(); append_uint(out_, v); }
  void boolean(bool b) { value_prefix(); out_ += b ? "true" : "false"; }
  void money(Money m) { value_prefix(); out_ += '"'; append_money(out_, m); out_ += '"'; }
  void quantity(Quantity q) { value_prefix(); append_quantity(out_, q); }
  void date(Date d) { value_prefix(); out_ += '"'; append_date(out_, d); out_ += '"'; }

  // Shorthands for a member.
  void kv(std::string_view k, std::string_view s) { key(k); string(s); }
  void kv_uint(std::string_view k, uint64_t v) { key(k); uinteger(v); }

 private:
  static constexpr int kMaxDepth = 32;

  void newline_indent(int depth) {
    out_ += '\n';
    out_.append(static_cast<size_t>(depth * indent_), ' ');
  }

  // Before a key or an array element: the comma and (pretty) the line break.
  void separator() {
    const int level = depth_ - base_depth_;
    if (level <= 0) return;  // the top-level value has no separator
    const size_t idx = static_cast<size_t>(level);
    if (!first_[idx]) out_ += ',';
    first_[idx] = false;
    if (indent_ < 0) return;
    if (inline_[idx]) {
      if (out_.back() == ',') out_ += ' ';
      return;
    }
    newline_indent(depth_);
  }

  void value_prefix() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    separator();
  }

  void open(char bracket, bool inline_elements) {
    value_prefix();
    out_ += bracket;
    ++depth_;
    const size_t idx = static_cast<size_t>(depth_ - base_depth_);
    if (idx < first_.size()) {
      first_[idx] = true;
      inline_[idx] = inline_elements;
    }
  }

  void close(char bracket) {
    const size_t idx = static_cast<size_t>(depth_ - base_depth_);
    const bool empty = first_[idx];
    const bool was_inline = inline_[idx];
    --depth_;
    if (!empty && indent_ >= 0 && !was_inline) newline_indent(depth_);
    out_ += bracket;
  }

  std::string& out_;
  int indent_;
  int depth_;
  int base_depth_ = depth_;
  bool after_key_ = false;
  std::array<bool, kMaxDepth> first_{};
  std::array<bool, kMaxDepth> inline_{};
};

}  // namespace perdiem::output
