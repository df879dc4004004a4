// The ordered, bounded, multi-threaded check pipeline, and mapped inputs.
#include "perdiem/pipeline.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "input/duplicate_ids.h"
#include "input/pieces.h"

namespace perdiem {

namespace {

void add_totals(Totals& a, const Totals& b) {
  a.claims += b.claims;
  a.checked += b.checked;
  a.out_of_scope += b.out_of_scope;
  a.rejected += b.rejected;
  a.lines += b.lines;
  for (int i = 0; i < 5; ++i) {
    a.by_decision[i] += b.by_decision[i];
    a.charge_by_decision[i] += b.charge_by_decision[i];
  }
  a.charge += b.charge;
  a.file_problems += b.file_problems;
}

// Takes back what add_totals(a, b) added (a claim's totals, to be redone).
void sub_totals(Totals& a, const Totals& b) {
  a.claims -= b.claims;
  a.checked -= b.checked;
  a.out_of_scope -= b.out_of_scope;
  a.rejected -= b.rejected;
  a.lines -= b.lines;
  for (int i = 0; i < 5; ++i) {
    a.by_decision[i] -= b.by_decision[i];
    a.charge_by_decision[i] = a.charge_by_decision[i] - b.charge_by_decision[i];
  }
  a.charge = a.charge - b.charge;
  a.file_problems -= b.file_problems;
}

constexpr size_t kNoPiece = SIZE_MAX;

}  // namespace

struct Pipeline::Impl {
  struct Batch {
    uint64_t seq = 0;
    uint64_t first_index = 0;  // global index of its first claim
    // claims[0, count) are this batch's; the rest are spent claims kept so
    // that the reader can swap them in and refill them (no allocation).
    std::vector<Claim> claims;
    size_t count = 0;
    std::vector<std::pair<std::string, Problem>> file_problems;  // in input order, before its claims
    const std::function<void(uint64_t)>* release = nullptr;
    uint64_t release_offset = 0;  // every claim before this offset is in this or an earlier batch
    std::string out;
    Totals totals;
    bool unreadable = false, some_not_paid = false;
    // A piece of an X12 input (input/pieces.h), read by the worker itself.
    size_t piece = kNoPiece;
    PieceResult piece_result;
    struct Key {
      uint64_t hash, segment, offset;  // ClaimIdTracker::hash_of(claim_id), claim.source
      bool has_id;
    };
    std::vector<Key> keys;               // each claim's, for duplicate claim ids
    std::vector<size_t> claim_ends;      // out.size() after each claim
    std::vector<size_t> problem_claims;  // claims read before each file problem

    // Counts a checked claim in the totals and the run's flags.
    void tally(const Claim& c, const ClaimResult& r) {
      totals.add(c, r);
      if (r.status == ClaimStatus::kRejected) unreadable = true;
      for (const auto& l : r.lines)
        if (l.decision != Decision::kPay) some_not_paid = true;
    }

    // Ready to be filled again; keeps the claims and the output's capacity.
    void recycle() {
      count = 0;
      piece = kNoPiece;
      keys.clear();
      claim_ends.clear();
      problem_claims.clear();
      file_problems.clear();
      release = nullptr;
      release_offset = 0;
      out.clear();
      totals = Totals{};
      unreadable = some_not_paid = false;
    }
  };

  const Engine& engine;
  PipelineOptions opt;
  std::unique_ptr<ResultWriter> writer;
  unsigned workers_wanted = 1;

  // Reading side (calling thread only).
  std::unique_ptr<Batch> current;
  uint64_t next_seq = 0;
  uint64_t claims_read = 0;

  // Shared.
  std::mutex mu;
  std::condition_variable work_cv, space_cv, done_cv;
  std::deque<std::unique_ptr<Batch>> queue;
  std::vector<std::unique_ptr<Batch>> spare;  // written batches, to be filled again
  size_t in_flight = 0;
  size_t capacity = 4;
  bool stopping = false;
  std::vector<std::thread> threads;

  // Ordered output (guarded by out_mu).
  std::mutex out_mu;
  std::map<uint64_t, std::unique_ptr<Batch>> done;
  uint64_t next_to_write = 0;
  uint64_t claims_out = 0;  // claims written
  PipelineResult result;

  // The input being read in pieces, if any (set by the reading thread while
  // no batch is in flight).
  PieceReader* pieces = nullptr;
  ClaimIdTracker* piece_ids = nullptr;
  std::string_view piece_file;
  std::atomic<bool> pieces_failed{false};

  Impl(const Engine& e, PipelineOptions o) : engine(e), opt(std::move(o)) {
    writer = ResultWriter::make(opt.format, engine.headline_pack());
    unsigned n = opt.threads ? opt.threads : std::thread::hardware_concurrency();
    workers_wanted = n == 0 ? 1 : n;
    if (opt.batch_claims == 0) opt.batch_claims = 1;
    capacity = 2 * static_cast<size_t>(workers_wanted) + 2;
    if (workers_wanted > 1)
      for (unsigned i = 0; i < workers_wanted; ++i) threads.emplace_back([this] { work(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> l(mu);
      stopping = true;
    }
    work_cv.notify_all();
    for (auto& t : threads) t.join();
  }

  void emit(std::string_view s) {
    if (s.empty() || result.write_failed) return;
    if (opt.write && !opt.write(s)) result.write_failed = true;
  }

  void process(Batch& b) const {
    if (b.piece != kNoPiece) return process_piece(b);
    // One result per thread, refilled for every claim (no allocation once warm).
    thread_local ClaimResult r;
    for (size_t i = 0; i < b.count; ++i) {
      const Claim& c = b.claims[i];
      engine.check(c, r);
      b.tally(c, r);
      writer->write_claim(b.out, c, r, b.first_index + i == 0);
    }
  }

  // Checks and renders a piece's claims a few at a time as they are read,
  // while they are in the cache, keeping only what stitch() needs (not the
  // claims): where each claim's output ends, and its id's hash and place.
  // A few at a time rather than one by one: reading, checking and rendering
  // each keep their own code and tables warm for a while (one by one cost
  // about a tenth more; all of a piece's claims at the end, more again, as
  // they no longer fit in the cache).
  class PieceSink : public ClaimSink {
   public:
    static constexpr size_t kGroup = 32;
    PieceSink(const Impl& p, Batch& b) : p_(p), b_(b) {}
    void on_claim(Claim&& c) override {
      b_.keys.push_back({ClaimIdTracker::hash_of(c.claim_id), c.source.segment, c.source.offset,
                         !c.claim_id.empty()});
      ++b_.count;
      // Swapped, so that the reader refills a claim spent earlier (ClaimSink).
      if (held_ < b_.claims.size())
        std::swap(b_.claims[held_], c);
      else
        b_.claims.push_back(std::move(c));
      if (++held_ == kGroup) flush();
    }
    void on_file_problem(const Problem& problem) override {
      b_.file_problems.emplace_back(std::string(p_.piece_file), problem);
      b_.problem_claims.push_back(b_.count);
    }
    // Checks and renders the claims held.
    void flush() {
      // One result per thread, refilled for every claim.
      thread_local ClaimResult r;
      for (size_t k = 0; k < held_; ++k) {
        const Claim& c = b_.claims[k];
        p_.engine.check(c, r);
        b_.tally(c, r);
        p_.writer->write_claim(b_.out, c, r, false);
        b_.claim_ends.push_back(b_.out.size());
      }
      held_ = 0;
    }

   private:
    const Impl& p_;
    Batch& b_;
    size_t held_ = 0;
  };

  void process_piece(Batch& b) const {
    PieceSink sink(*this, b);
    pieces->read(b.piece, sink, b.piece_result);
    sink.flush();
  }

  // Renders again the claims of a piece read again whose output depends on
  // the pieces before it: a duplicate claim id (the claim gets the warning)
  // or the first claim of the output (json writes it without a comma).
  class RedoSink : public ClaimSink {
   public:
    // `dups`: (claim index, earlier claim) in order; `first`: claim 0 is the output's first.
    RedoSink(Impl& p, Batch& b, const std::vector<std::pair<size_t, uint32_t>>& dups, bool first,
             std::vector<std::pair<size_t, std::string>>& redo)
        : p_(p), b_(b), dups_(dups), first_(first), redo_(redo) {}
    void on_claim(Claim&& c) override {
      const size_t k = index_++;
      const bool first = first_ && k == 0;
      const bool dup = next_dup_ < dups_.size() && dups_[next_dup_].first == k;
      if (!dup && !first) return;
      thread_local ClaimResult r;
      if (dup) {
        // Its totals as counted without the warning, then with it.
        p_.engine.check(c, r);
        Totals before;
        before.add(c, r);
        sub_totals(b_.totals, before);
        c.problems.push_back(p_.piece_ids->duplicate_of(c, dups_[next_dup_++].second));
        p_.engine.check(c, r);
        b_.tally(c, r);
      } else {
        p_.engine.check(c, r);
      }
      std::string s;
      p_.writer->write_claim(s, c, r, first);
      redo_.emplace_back(k, std::move(s));
    }
    void on_file_problem(const Problem&) override {}  // already kept the first time

   private:
    Impl& p_;
    Batch& b_;
    const std::vector<std::pair<size_t, uint32_t>>& dups_;
    bool first_;
    std::vector<std::pair<size_t, std::string>>& redo_;
    size_t index_ = 0, next_dup_ = 0;
  };

  // REQUIRES: out_mu held, b is the next batch in order and a piece. Writes
  // it if its reading is the reading from the start (PieceReader::accept);
  // else abandons the pieces, and the reading thread reads the rest.
  void stitch(Batch& b) {
    if (pieces_failed.load() || !pieces->accept(b.piece, b.piece_result)) {
      if (!pieces_failed.exchange(true)) pieces->abandon();
      return;
    }
    // Duplicate claim ids, in input order.
    for (const auto& key : b.keys) piece_ids->prefetch(key.hash);
    std::vector<std::pair<size_t, uint32_t>> dups;
    for (size_t k = 0; k < b.count; ++k) {
      const auto& key = b.keys[k];
      if (!key.has_id) continue;
      bool full_now = false;
      const uint32_t earlier =
          piece_ids->record(piece_file, key.hash, key.segment, key.offset, full_now);
      if (earlier != ClaimIdTracker::kNone) dups.emplace_back(k, earlier);
      if (full_now) {
        Claim at;
        at.source = {key.segment, key.offset};
        size_t i = 0;
        while (i < b.problem_claims.size() && b.problem_claims[i] <= k) ++i;
        b.file_problems.insert(b.file_problems.begin() + static_cast<ptrdiff_t>(i),
                               {std::string(piece_file), tracker_full(at)});
        b.problem_claims.insert(b.problem_claims.begin() + static_cast<ptrdiff_t>(i), k);
      }
    }
    const bool first = claims_out == 0 && b.count > 0 && writer->first_is_different();
    std::vector<std::pair<size_t, std::string>> redo;
    if (!dups.empty() || first) {
      RedoSink sink(*this, b, dups, first, redo);
      pieces->reread(b.piece, b.piece_result, sink);
    }
    b.release_offset = b.piece_result.end;
    ++result.pieces;
    write_out(b, &redo);
    if (opt.on_progress) opt.on_progress(claims_out, b.piece_result.end);
  }

  // The reading thread is the pipeline's one producer: when it waits for a
  // core, every worker soon waits for it. With as many workers as cores, a
  // fair scheduler gives the reader only cores/(cores+1) of a core, which
  // caps the run at the reader's speed before the cores are full. A worker
  // therefore runs at a lower priority (nice +10, which needs no privilege):
  // the reader gets a core whenever it has work and the workers everything
  // else. Measured on 2 cores and 458 MB (docs/benchmarks.md): 1.16 s at
  // +0, 1.02 s at +5, 0.95 s at +10 and at +19.
  static void lower_priority() {
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int now = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0) ::setpriority(PRIO_PROCESS, tid, std::min(now + 10, 19));
  }

  // REQUIRES: out_mu held, b is the next batch in order. `redo`: claims
  // (by index in b) written as given instead of as rendered in b.out.
  void write_out(Batch& b, const std::vector<std::pair<size_t, std::string>>* redo = nullptr) {
    for (const auto& [file, p] : b.file_problems) {
      ++result.totals.file_problems;
      if (p.severity == Severity::kError) result.unreadable = true;
      std::string s;
      writer->file_problem(s, file, p);
      emit(s);
      if (opt.on_file_problem) opt.on_file_problem(file, p);
    }
    if (redo == nullptr || redo->empty()) {
      emit(b.out);
    } else {
      const std::string_view out = b.out;
      size_t at = 0;
      for (const auto& [k, text] : *redo) {
        const size_t begin = k == 0 ? 0 : b.claim_ends[k - 1];
        emit(out.substr(at, begin - at));
        emit(text);
        at = b.claim_ends[k];
      }
      emit(out.substr(at));
    }
    claims_out += b.count;
    add_totals(result.totals, b.totals);
    result.unreadable = result.unreadable || b.unreadable;
    result.some_not_paid = result.some_not_paid || b.some_not_paid;
    if (b.release && *b.release && b.release_offset) (*b.release)(b.release_offset);
  }

  void complete(std::unique_ptr<Batch> b) {
    size_t written = 0;
    std::vector<std::unique_ptr<Batch>> written_batches;
    {
      std::lock_guard<std::mutex> l(out_mu);
      done.emplace(b->seq, std::move(b));
      for (auto it = done.find(next_to_write); it != done.end(); it = done.find(next_to_write)) {
        if (it->second->piece != kNoPiece) stitch(*it->second);
        else write_out(*it->second);
        it->second->recycle();
        written_batches.push_back(std::move(it->second));
        done.erase(it);
        ++next_to_write;
        ++written;
      }
    }
    if (written) {
      std::lock_guard<std::mutex> l(mu);
      in_flight -= written;
      for (auto& w : written_batches) spare.push_back(std::move(w));
    }
    if (written) {
      space_cv.notify_all();
      done_cv.notify_all();
    }
  }

  void work() {
    bool lowered = false;
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> l(mu);
        work_cv.wait(l, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;
        b = std::move(queue.front());
        queue.pop_front();
      }
      // Only behind a reading thread: a piece is read by the worker itself,
      // and a worker at nice +10 would give way to any other program's.
      // (An unprivileged thread cannot undo it, so it stays for the run.)
      if (!lowered && b->piece == kNoPiece) {
        lower_priority();
        lowered = true;
      }
      process(*b);
      complete(std::move(b));
    }
  }

  void dispatch() {
    if (!current) return;
    std::unique_ptr<Batch> b = std::move(current);
    b->seq = next_seq++;
    if (threads.empty()) {
      process(*b);
      {
        std::lock_guard<std::mutex> l(out_mu);
        write_out(*b);
        ++next_to_write;
      }
      b->recycle();
      spare.push_back(std::move(b));
      return;
    }
    std::unique_lock<std::mutex> l(mu);
    space_cv.wait(l, [&] { return in_flight < capacity; });
    ++in_flight;
    queue.push_back(std::move(b));
    l.unlock();
    work_cv.notify_one();
  }

  Batch& batch() {
    if (!current) {
      {
        std::lock_guard<std::mutex> l(mu);
        if (!spare.empty()) {
          current = std::move(spare.back());
          spare.pop_back();
        }
      }
      if (!current) {
        current = std::make_unique<Batch>();
        current->claims.reserve(opt.batch_claims);
      }
      current->first_index = claims_read;
    }
    return *current;
  }

  // Reads an X12 input in pieces on the workers (x12/pieces.h); where a
  // piece cannot be accepted, reads the rest on this thread as usual.
  void read_in_pieces(PieceReader& plan, std::string_view data, std::string_view name,
                      const std::function<void(uint64_t)>* release) {
    ClaimIdTracker local_ids;  // as read_input(): the caller's tracker, else this input's
    ClaimIdTracker& ids = opt.limits.claim_ids ? *opt.limits.claim_ids : local_ids;
    ids.reserve_for_input(data.size());
    dispatch();
    wait_all_written();
    pieces = &plan;
    piece_ids = &ids;
    piece_file = name;
    pieces_failed = false;
    for (size_t i = 0; i < plan.pieces() && !pieces_failed.load(); ++i) {
      Batch& b = batch();
      b.piece = i;
      b.release = release;
      dispatch();
    }
    wait_all_written();
    pieces = nullptr;
    piece_ids = nullptr;
    {
      std::lock_guard<std::mutex> l(out_mu);
      claims_read = claims_out;  // the count the reading thread numbers claims from
      if (pieces_failed.load()) ++result.piece_fallbacks;
    }
    if (!pieces_failed.load()) return;
    Sink sink(*this, name, release);
    DuplicateIdSink dup(sink, ids);
    plan.read_rest(dup);
    dup.flush();
  }

  void wait_all_written() {
    std::unique_lock<std::mutex> l(mu);
    done_cv.wait(l, [&] { return in_flight == 0; });
  }

  // Cuts the claims of one input into batches as the reader hands them over.
  class Sink : public ClaimSink {
   public:
    Sink(Impl& p, std::string_view file, const std::function<void(uint64_t)>* release)
        : p_(p), file_(file), release_(release) {}

    void on_claim(Claim&& c) override {
      auto& b = p_.batch();
      b.release = release_;
      b.release_offset = c.source.offset;
      // Swap rather than move: the reader gets back a spent claim whose
      // vectors it refills (ClaimSink contract).
      if (b.count < b.claims.size())
        std::swap(b.claims[b.count], c);
      else
        b.claims.push_back(std::move(c));
      ++b.count;
      ++p_.claims_read;
      if (b.count >= p_.opt.batch_claims) {
        const uint64_t at = b.release_offset;
        p_.dispatch();
        if (p_.opt.on_progress) p_.opt.on_progress(p_.claims_read, at);
      }
    }

    void on_file_problem(const Problem& problem) override {
      p_.batch().file_problems.emplace_back(std::string(file_), problem);
    }

   private:
    Impl& p_;
    std::string_view file_;
    const std::function<void(uint64_t)>* release_;
  };
};


Pipeline::Pipeline(const Engine& engine, PipelineOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

Pipeline::~Pipeline() = default;

void Pipeline::begin() {
  std::string s;
  impl_->writer->begin(s);
  std::lock_guard<std::mutex> l(impl_->out_mu);
  impl_->emit(s);
}

void Pipeline::add_input(std::string_view data, std::string_view name,
                         const std::function<void(uint64_t)>& release) {
  const auto* rel = release ? &release : nullptr;
  if (!impl_->threads.empty()) {
    if (auto plan = PieceReader::plan(data, name, impl_->opt.limits, impl_->opt.piece_bytes)) {
      impl_->read_in_pieces(*plan, data, name, rel);
      impl_->dispatch();
      impl_->wait_all_written();
      return;
    }
  }
  Impl::Sink sink(*impl_, name, rel);
  read_input(data, name, sink, impl_->opt.limits);
  // A batch never spans two inputs: the claims' views point into this one.
  impl_->dispatch();
  impl_->wait_all_written();
}

void Pipeline::add_file_problem(std::string_view name, const Problem& problem) {
  impl_->batch().file_problems.emplace_back(std::string(name), problem);
  impl_->dispatch();
  impl_->wait_all_written();
}

PipelineResult Pipeline::finish() {
  impl_->dispatch();
  impl_->wait_all_written();
  std::string s;
  {
    std::lock_guard<std::mutex> l(impl_->out_mu);
    impl_->writer->end(s, impl_->result.totals);
    impl_->emit(s);
  }
  return impl_->result;
}

// ---------------------------------------------------------------- MappedInput

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
