// MappedInput (include/perdiem/mapped_input.h): files mapped read-only, pipes
// spooled to an unlinked temporary file and mapped, pages dropped behind the
// claims written.
#include "perdiem/mapped_input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace perdiem {

std::unique_ptr<MappedInput> MappedInput::open(const std::string& path, std::string& error) {
  std::unique_ptr<MappedInput> m(new MappedInput());
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open " + path;
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = "cannot read " + path;
    if (fd != STDIN_FILENO) ::close(fd);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    error = path + " is a folder, not a file";
    ::close(fd);
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) {
    // A pipe or terminal: spool to an unlinked temporary file, then map it.
    const char* tmpdir = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/perdiem-input-XXXXXX";
    int tfd = ::mkstemp(tmpl.data());
    if (tfd < 0) {
      error = "cannot create a temporary file to hold " + path;
      return nullptr;
    }
    ::unlink(tmpl.c_str());
    std::vector<char> buf(1 << 20);
    for (;;) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n == 0) break;
      if (n < 0) {
        error = "reading " + path + " failed";
        ::close(tfd);
        return nullptr;
      }
      for (ssize_t w = 0; w < n;) {
        const ssize_t k = ::write(tfd, buf.data() + w, static_cast<size_t>(n - w));
        if (k <= 0) {
          error = "cannot spool " + path + " to a temporary file (disk full?)";
          ::close(tfd);
          return nullptr;
        }
        w += k;
      }
    }
    if (fd != STDIN_FILENO) ::close(fd);
    fd = tfd;
    if (::fstat(fd, &st) != 0) {
      error = "cannot read the spooled input";
      ::close(fd);
      return nullptr;
    }
  }
  m->fd_ = fd;
  m->size_ = static_cast<size_t>(st.st_size);
  if (m->size_ > 0) {
    void* a = ::mmap(nullptr, m->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (a == MAP_FAILED) {
      error = "cannot map " + path + " into memory";
      return nullptr;
    }
    m->addr_ = a;
    ::madvise(a, m->size_, MADV_SEQUENTIAL);
  }
  return m;
}

MappedInput::~MappedInput() {
  if (addr_) ::munmap(addr_, size_);
  if (fd_ >= 0 && fd_ != STDIN_FILENO) ::close(fd_);
}

void MappedInput::release_before(uint64_t offset) {
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  // Keep a margin: claims still point at their envelope's opening segments.
  constexpr uint64_t kKeep = 8ull << 20;
  if (!addr_ || offset < kKeep) return;
  const uint64_t upto = (offset - kKeep) / page * page;
  if (upto <= released_ + (16ull << 20)) return;  // in 16 MiB steps
  ::madvise(static_cast<char*>(addr_) + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

}  // namespace perdiem
