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
  void ymd(int& year, unsigned& month, unsigned& day) const;
  std::string iso() const;  // "YYYY-MM-DD"
  // Writes exactly 10 characters "YYYY-MM-DD" to out.
  void write_iso(char* out) const;

  friend constexpr bool operator==(Date a, Date b) = default;
  friend constexpr auto operator<=>(Date a, Date b) = default;
  friend constexpr Date operator+(Date a, int32_t n) { return from_days(a.days_ + n); }
  friend constexpr int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
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
