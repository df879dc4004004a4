// OutBuffer's rare half: handing the buffer to the string.
#include "out_buffer.h"

namespace perdiem::output {

void OutBuffer::flush() {
  out_.append(buf_, static_cast<size_t>(cur_ - buf_));
  cur_ = buf_;
}

void OutBuffer::write_long(const char* s, size_t n) {
  flush();
  out_.append(s, n);
}

}  // namespace perdiem::output
