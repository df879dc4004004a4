// The check session (include/perdiem/check.h): the worker threads, batches,
// writing in input order, and the one reading thread's way through (the
// calling thread reads and cuts claims into batches). Reading X12 in pieces
// on the workers is in session_pieces.cc.
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "perdiem/mapped_input.h"
#include "session.h"

namespace perdiem {

void CheckSession::Impl::Batch::recycle() {
  count = 0;
  piece = kNoPiece;
  keys.clear();
  claim_ends.clear();
  problem_claims.clear();
  file_problems.clear();
  release = nullptr;
  release_offset = 0;
  out.clear();
  counts = CheckCounts{};
}

CheckSession::Impl::Impl(const Engine& e, CheckSessionOptions o)
    : engine(e),
      opt(std::move(o)),
      keep_results(static_cast<bool>(opt.on_claim)),
      has_deadline(opt.deadline != Clock::time_point::max()) {
  if (opt.write) writer = ResultWriter::make(opt.format, engine.headline_pack());
  unsigned n = opt.threads ? opt.threads : std::thread::hardware_concurrency();
  workers_wanted = n == 0 ? 1 : n;
  if (opt.batch_claims == 0) opt.batch_claims = 1;
  capacity = 2 * static_cast<size_t>(workers_wanted) + 2;
  if (workers_wanted > 1)
    for (unsigned i = 0; i < workers_wanted; ++i) threads.emplace_back([this] { work(); });
}

CheckSession::Impl::~Impl() {
  {
    std::lock_guard<std::mutex> l(mu);
    stopping = true;
  }
  work_cv.notify_all();
  for (auto& t : threads) t.join();
}

void CheckSession::Impl::start() {
  if (begun) return;
  begun = true;
  if (!writer) return;
  std::string s;
  writer->begin(s);
  std::lock_guard<std::mutex> l(out_mu);
  emit(s);
}

void CheckSession::Impl::emit(std::string_view s) {
  if (s.empty() || result.write_failed) return;
  if (opt.write && !opt.write(s)) result.write_failed = true;
}

// Looking at the clock costs ~20 ns; a claim costs microseconds.
bool CheckSession::Impl::past_deadline() const {
  if (timed_out.load(std::memory_order_relaxed)) return true;
  if (Clock::now() <= opt.deadline) return false;
  timed_out.store(true);
  return true;
}

void CheckSession::Impl::process(Batch& b) const {
  if (b.piece != kNoPiece) return process_piece(b);
  ClaimResult& shared = thread_result();
  if (keep_results) b.keep_results_up_to_count();
  for (size_t i = 0; i < b.count; ++i) {
    if (has_deadline && past_deadline()) {
      b.count = i;  // the rest is not checked, nor written
      break;
    }
    const Claim& c = b.claims[i];
    ClaimResult& r = keep_results ? b.results[i] : shared;
    engine.check(c, r);
    b.counts.add(c, r);
    if (writer) writer->write_claim(b.out, c, r, b.first_index + i == 0);
  }
}

// The reading thread is the session's one producer: when it waits for a
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

// REQUIRES: out_mu held, b is the next batch in order. `redo`: claims (by
// index in b) written as given instead of as rendered in b.out.
void CheckSession::Impl::write_out(Batch& b, const std::vector<std::pair<size_t, std::string>>* redo) {
  for (const auto& [file, p] : b.file_problems) {
    result.add_file_problem(p);
    if (writer) {
      std::string s;
      writer->file_problem(s, file, p);
      emit(s);
    }
  }
  // The callbacks, in input order: each file problem after the claims read before it.
  if (opt.on_file_problem || opt.on_claim) {
    size_t k = 0;
    for (size_t i = 0; i < b.file_problems.size(); ++i) {
      for (; opt.on_claim && k < b.count && k < b.problem_claims[i]; ++k) opt.on_claim(b.claims[k], b.results[k]);
      if (opt.on_file_problem) opt.on_file_problem(b.file_problems[i].first, b.file_problems[i].second);
    }
    for (; opt.on_claim && k < b.count; ++k) opt.on_claim(b.claims[k], b.results[k]);
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
  result.add(b.counts);
  if (b.release && *b.release && b.release_offset) (*b.release)(b.release_offset);
}

void CheckSession::Impl::complete(std::unique_ptr<Batch> b) {
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

void CheckSession::Impl::work() {
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

void CheckSession::Impl::dispatch() {
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

CheckSession::Impl::Batch& CheckSession::Impl::batch() {
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
      // Behind a reading thread batches fill up; one checked on the calling
      // thread (the server's) is often a claim or two.
      if (!threads.empty()) current->claims.reserve(opt.batch_claims);
    }
    current->first_index = claims_read;
  }
  return *current;
}

void CheckSession::Impl::wait_all_written() {
  std::unique_lock<std::mutex> l(mu);
  done_cv.wait(l, [&] { return in_flight == 0; });
}

void CheckSession::Impl::Sink::on_claim(Claim&& c) {
  if (p_.timed_out.load(std::memory_order_relaxed)) return;  // nothing more is checked
  auto& b = p_.batch();
  b.release = release_;
  b.release_offset = c.source.offset;
  b.put(b.count++, c);
  ++p_.claims_read;
  if (b.count >= p_.opt.batch_claims) {
    const uint64_t at = b.release_offset;
    p_.dispatch();
    if (p_.opt.on_progress) p_.opt.on_progress(p_.claims_read, p_.bytes_before + at);
  }
}

// ---------------------------------------------------------------- CheckSession

CheckSession::CheckSession(const Engine& engine, CheckSessionOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

CheckSession::~CheckSession() = default;

void CheckSession::begin() { impl_->start(); }

void CheckSession::add_input(std::string_view data, std::string_view name,
                             const std::function<void(uint64_t)>& release) {
  Impl& s = *impl_;
  s.start();
  const auto* rel = release ? &release : nullptr;
  const uint64_t claims_before = s.claims_read;
  if (!s.read_in_pieces(data, name, rel)) {
    Impl::Sink sink(s, name, rel);
    read_input(data, name, sink, s.opt.limits);
  }
  // A batch never spans two inputs: the claims' views point into this one.
  s.dispatch();
  s.wait_all_written();
  s.bytes_before += data.size();
  ++s.result.inputs;
  if (s.claims_read == claims_before) ++s.result.inputs_without_claims;
}

void CheckSession::add_file(const std::string& path) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string error;
  std::unique_ptr<MappedInput> m = MappedInput::open(path, error);
  if (!m) {
    Problem p;
    p.message = error;
    add_file_problem(name, p);
    ++impl_->result.inputs;
    ++impl_->result.inputs_without_claims;
    return;
  }
  MappedInput* in = m.get();
  add_input(in->data(), name, [in](uint64_t offset) { in->release_before(offset); });
}

void CheckSession::add_claim(Claim&& claim) {
  Impl& s = *impl_;
  s.start();
  if (s.timed_out.load(std::memory_order_relaxed)) return;
  Impl::Batch& b = s.batch();
  b.put(b.count++, claim);
  ++s.claims_read;
  if (b.count >= s.opt.batch_claims) s.dispatch();
}

void CheckSession::add_file_problem(std::string_view name, const Problem& problem) {
  Impl& s = *impl_;
  s.start();
  s.batch().add_file_problem(name, problem);
  s.dispatch();
  s.wait_all_written();
}

CheckSummary CheckSession::finish() {
  Impl& s = *impl_;
  s.start();
  s.dispatch();
  s.wait_all_written();
  std::lock_guard<std::mutex> l(s.out_mu);
  if (s.writer) {
    std::string out;
    s.writer->end(out, s.result.totals);
    s.emit(out);
  }
  s.result.timed_out = s.timed_out.load();
  return s.result;
}

}  // namespace perdiem
