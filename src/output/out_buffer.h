// Private: the buffer the result writers write through.
//
// Writers produce about 1.75 output bytes per input byte, in pieces of a few
// bytes ("key": value, commas, digits), so the cost is in the bookkeeping of
// each piece, not in the bytes. Appending each piece to the std::string
// checks its capacity and size every time; OutBuffer instead collects the
// pieces in a buffer on the stack, written through a raw pointer after one
// room() check for a whole piece, and appends the buffer to the string when it
// is full and when the OutBuffer goes away.
//
// Not thread-safe (an OutBuffer lives on one writer call's stack). The string
// must not be touched by anything else while an OutBuffer writes to it.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace perdiem::output {

class OutBuffer {
 public:
  // The largest piece room() can promise.
  static constexpr size_t kCapacity = 4096;

  explicit OutBuffer(std::string& out) : out_(out) {}
  OutBuffer(const OutBuffer&) = delete;  // cur_ points into buf_
  OutBuffer& operator=(const OutBuffer&) = delete;
  ~OutBuffer() { flush(); }

  // At least n writable bytes at the returned pointer; write them and pass
  // the end of what was written to commit(). REQUIRES: n <= kCapacity.
  char* room(size_t n) {
    if (static_cast<size_t>(buf_ + kCapacity - cur_) < n) flush();
    return cur_;
  }
  void commit(char* end) { cur_ = end; }
  // Like room(), but null instead of flushing: for a fast path that stays a
  // leaf function (no call, so no registers to save).
  char* room_if_free(size_t n) {
    return static_cast<size_t>(buf_ + kCapacity - cur_) >= n ? cur_ : nullptr;
  }

  void put(char c) {
    room(1);
    *cur_++ = c;
  }
  // Any length: what does not fit goes straight to the string.
  void write(const char* s, size_t n) {
    if (static_cast<size_t>(buf_ + kCapacity - cur_) >= n) {
      // An empty view may have no data at all (a null pointer), which
      // memcpy must not be given even for 0 bytes.
      if (n != 0) std::memcpy(cur_, s, n);
      cur_ += n;
      return;
    }
    write_long(s, n);
  }
  void write(std::string_view s) { write(s.data(), s.size()); }

  // Out of line, as the rare case, so that the inlined room() and write()
  // stay small.
  void flush();

 private:
  void write_long(const char* s, size_t n);

  std::string& out_;
  char* cur_ = buf_;
  char buf_[kCapacity];  // not initialised: only [buf_, cur_) is ever read
};

}  // namespace perdiem::output
