// A calendar date, with no time zone: the day a service was rendered.
//
// Stored as a count of days since 1970-01-01 (proleptic Gregorian), so that
// day arithmetic and overlap tests are integer operations. Cheap to copy;
// immutable; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perdiem {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(int32_t days) { Date d; d.days_ = days; return d; }
  // REQUIRES: a valid civil date (checked by the parse functions, not here).
  static Date from_ymd(int year, unsigned month, unsigned day);

  // "CCYYMMDD" (X12 D8). nullopt when not 8 digits or not a real date.
  static std::optional<Date> parse_compact(std::string_view s);
  // "YYYY-MM-DD" (ISO 8601 calendar date). nullopt when malformed or not a real date.
  static std::optional<Date> parse_iso(std::string_view s);

  constexpr int32_t days() const { return days_; }
  // Inline: the writers print every date of every line through it.
  void ymd(int& year, unsigned& month, unsigned& day) const {
    if (days_ >= kFastFirst && days_ <= kFastLast) return ymd_fast(year, month, day);
    ymd_general(year, month, day);
  }
  std::string iso() const;  // "YYYY-MM-DD"
  // Writes exactly 10 characters "YYYY-MM-DD" to out (the year modulo 10000;
  // 0000 before year 0).
  void write_iso(char* out) const;

  friend constexpr bool operator==(Date a, Date b) = default;
  friend constexpr auto operator<=>(Date a, Date b) = default;
  friend constexpr Date operator+(Date a, int32_t n) { return from_days(a.days_ + n); }
  friend constexpr int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
  // Days from 0000-03-01 to 9999-12-31 (every date a claim can hold, and far
  // beyond) take the algorithm of Neri and Schneider ("Euclidean affine
  // functions and their application to calendar algorithms", 2022): a few
  // multiplications and shifts, no division by a variable. Other days take
  // Hinnant's general civil_from_days (date.cc).
  static constexpr int32_t kFastFirst = -719468;  // 0000-03-01
  static constexpr int32_t kFastLast = 2932896;   // 9999-12-31
  void ymd_fast(int& year, unsigned& month, unsigned& day) const {
    // Day 0 of this count is 0000-03-01, so that years run March to
    // February and the leap day is the last day of a year.
    const uint32_t n = static_cast<uint32_t>(days_ - kFastFirst);
    const uint32_t n1 = 4 * n + 3;
    const uint32_t century = n1 / 146097;
    const uint32_t n2 = (n1 % 146097) | 3;  // 4 * (day of the century) + 3
    const uint64_t p2 = uint64_t{2939745} * n2;
    const uint32_t year_of_century = static_cast<uint32_t>(p2 >> 32);
    const uint32_t day_of_year = static_cast<uint32_t>(p2) / 2939745 / 4;
    const uint32_t n3 = 2141 * day_of_year + 197913;
    const uint32_t march_based_month = n3 >> 16;  // 3 = March ... 14 = February
    const bool jan_or_feb = day_of_year >= 306;
    day = (n3 & 0xFFFF) / 2141 + 1;
    month = jan_or_feb ? march_based_month - 12 : march_based_month;
    year = static_cast<int>(100 * century + year_of_century + jan_or_feb);
  }
  void ymd_general(int& year, unsigned& month, unsigned& day) const;

  int32_t days_ = 0;
};

// An inclusive span of days [from, to]. REQUIRES: from <= to.
struct DateSpan {
  Date from;
  Date to;
  constexpr int32_t days() const { return to - from + 1; }
  constexpr bool contains(Date d) const { return from <= d && d <= to; }
  constexpr bool overlaps(const DateSpan& o) const { return from <= o.to && o.from <= to; }
};

}  // namespace perdiem
