// MappedInput: a file mapped read-only into memory, the way the check
// session (CheckSession::add_file) and the tools read their inputs.
//
// A pipe such as standard input is spooled to an unlinked temporary file
// first and mapped from there, so memory stays flat whatever its size.
// THREAD-COMPATIBLE: data() may be read from any thread; release_before()
// from one at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace perdiem {

class MappedInput {
 public:
  // "-" is standard input. On failure returns nullptr and sets `error`.
  static std::unique_ptr<MappedInput> open(const std::string& path, std::string& error);
  ~MappedInput();
  MappedInput(const MappedInput&) = delete;
  MappedInput& operator=(const MappedInput&) = delete;
  std::string_view data() const { return {static_cast<const char*>(addr_), size_}; }
  // Drops the pages before `offset` from memory; they are read again from
  // the file if touched.
  void release_before(uint64_t offset);

 private:
  MappedInput() = default;
  void* addr_ = nullptr;
  size_t size_ = 0;
  uint64_t released_ = 0;
  int fd_ = -1;
};

}  // namespace perdiem
