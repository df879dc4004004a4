// The days of a claim, for rules that judge a line day by day (SPEC §4,
// "Days: a line is judged day by day").
//
// A claim's days are cut into stretches: runs of days over which the same
// lines are billed (every line's first day, and the day after its last,
// begin a stretch). Whatever a rule decides from what is billed on a day,
// it decides alike for every day of a stretch, so day-by-day judgement is
// done stretch by stretch. A claim whose lines all cover the same days has
// one stretch, and judging it day by day costs what judging it whole does.
//
// A DaySet is a set of a claim's stretches, as bits: inline for up to 64
// stretches (nearly every claim), on the heap beyond. Its days are counted
// through the Stretches it belongs to.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "perdiem/date.h"

namespace perdiem::rules {

class DaySet {
 public:
  DaySet() = default;

  bool empty() const {
    if (w0_ != 0) return false;
    for (uint64_t w : more_)
      if (w != 0) return false;
    return true;
  }
  bool any() const { return !empty(); }
  bool has(size_t k) const { return (word(k / 64) >> (k % 64)) & 1u; }
  void add(size_t k) { ref(k / 64) |= uint64_t{1} << (k % 64); }
  void clear() {
    w0_ = 0;
    for (uint64_t& w : more_) w = 0;
  }

  DaySet& operator&=(const DaySet& o) {
    w0_ &= o.w0_;
    for (size_t i = 0; i < more_.size(); ++i) more_[i] &= i < o.more_.size() ? o.more_[i] : 0;
    return *this;
  }
  DaySet& operator|=(const DaySet& o) {
    w0_ |= o.w0_;
    if (o.more_.size() > more_.size()) more_.resize(o.more_.size(), 0);
    for (size_t i = 0; i < o.more_.size(); ++i) more_[i] |= o.more_[i];
    return *this;
  }
  // Takes away the days of `o`.
  DaySet& operator-=(const DaySet& o) {
    w0_ &= ~o.w0_;
    for (size_t i = 0; i < more_.size() && i < o.more_.size(); ++i) more_[i] &= ~o.more_[i];
    return *this;
  }
  friend DaySet operator&(DaySet a, const DaySet& b) { return a &= b; }
  friend DaySet operator|(DaySet a, const DaySet& b) { return a |= b; }
  friend DaySet operator-(DaySet a, const DaySet& b) { return a -= b; }
  friend bool operator==(const DaySet& a, const DaySet& b) {
    if (a.w0_ != b.w0_) return false;
    const size_t n = std::max(a.more_.size(), b.more_.size());
    for (size_t i = 0; i < n; ++i)
      if (a.word(i + 1) != b.word(i + 1)) return false;
    return true;
  }
  // Shares a day with `o`.
  bool meets(const DaySet& o) const {
    if (w0_ & o.w0_) return true;
    for (size_t i = 0; i < more_.size() && i < o.more_.size(); ++i)
      if (more_[i] & o.more_[i]) return true;
    return false;
  }
  // Every day of it is in `o`.
  bool within(const DaySet& o) const { return (*this - o).empty(); }

  // The stretches in it, in order: for (size_t k = s.first(); k != npos; k = s.next(k)).
  static constexpr size_t npos = SIZE_MAX;
  size_t first() const { return next_from(0); }
  size_t next(size_t k) const { return next_from(k + 1); }

 private:
  uint64_t word(size_t i) const { return i == 0 ? w0_ : i - 1 < more_.size() ? more_[i - 1] : 0; }
  uint64_t& ref(size_t i) {
    if (i == 0) return w0_;
    if (more_.size() < i) more_.resize(i, 0);
    return more_[i - 1];
  }
  size_t next_from(size_t k) const {
    const size_t words = 1 + more_.size();
    for (size_t i = k / 64; i < words; ++i) {
      uint64_t w = word(i);
      if (i == k / 64) w &= ~uint64_t{0} << (k % 64);
      if (w) return i * 64 + static_cast<size_t>(__builtin_ctzll(w));
    }
    return npos;
  }

  uint64_t w0_ = 0;
  std::vector<uint64_t> more_;  // words 1.. (stretches 64..)
};

// A claim's stretches, in date order, and what a set of them comes to.
class Stretches {
 public:
  struct Stretch {
    Date from, to;  // inclusive
    int32_t days() const { return to - from + 1; }
  };

  // Cuts the days of `spans` (the claim's lines' spans that are judged)
  // into stretches. Reuses its memory.
  void cut(const std::vector<DateSpan>& spans);
  size_t size() const { return stretches_.size(); }
  const Stretch& at(size_t k) const { return stretches_[k]; }
  // The stretches a span covers. REQUIRES: the span was one cut() was given.
  DaySet of(const DateSpan& span) const;
  // How many days a set holds.
  int64_t days(const DaySet& s) const;
  // The days as messages write them: "2024-06-01", "2024-06-01 to
  // 2024-06-03", "2024-06-01 to 2024-06-02 and 2024-06-05" (runs of
  // consecutive days, joined), appended to `out`.
  void append_text(std::string& out, const DaySet& s) const;
  // The runs of consecutive days of a set, in order.
  void runs(const DaySet& s, std::vector<DateSpan>& out) const;

 private:
  std::vector<Stretch> stretches_;
  std::vector<std::pair<Date, int>> events_;  // scratch for cut()
};

}  // namespace perdiem::rules
