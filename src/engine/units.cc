// Per diem units for a prescribed schedule (SPEC §4 "Units", CPCP019's
// examples table). This file's external interface is just parse_interval()
// and per_diem_units().
//
// The model: the first dose is at hour 0 of day 1 and a dose follows every
// `every`, for as long as the dose starts before the end of `duration`. A per
// diem is one unit per calendar day on which a dose falls, however many doses
// that day has. Weeks are exactly 7 days. A month is a calendar month when
// both the interval and the duration are in months ("every month for 3
// months" is 3); mixed with hours, days or weeks a month counts as 30 days,
// and the explanation says so.
//
// Everything is closed-form integer arithmetic (no loop over doses), so any
// amount the parser accepts answers at once.
#include "perdiem/units.h"

#include <numeric>
#include <vector>

namespace perdiem {
namespace {

// The largest amount parse_interval() accepts (any unit): 100000 months is
// far beyond any course of therapy and keeps hour arithmetic far from overflow.
constexpr int64_t kMaxAmount = 100000;
// per_diem_units() guards its own arithmetic for Intervals built by hand.
constexpr int64_t kMaxComputable = 1'000'000'000;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool unit_from_word(std::string_view w, Interval::Unit& unit) {
  static constexpr struct {
    std::string_view word;
    Interval::Unit unit;
  } kWords[] = {
      {"h", Interval::Unit::kHour},    {"hr", Interval::Unit::kHour},
      {"hrs", Interval::Unit::kHour},  {"hour", Interval::Unit::kHour},
      {"hours", Interval::Unit::kHour}, {"d", Interval::Unit::kDay},
      {"day", Interval::Unit::kDay},   {"days", Interval::Unit::kDay},
      {"w", Interval::Unit::kWeek},    {"wk", Interval::Unit::kWeek},
      {"wks", Interval::Unit::kWeek},  {"week", Interval::Unit::kWeek},
      {"weeks", Interval::Unit::kWeek}, {"mo", Interval::Unit::kMonth},
      {"mos", Interval::Unit::kMonth}, {"mon", Interval::Unit::kMonth},
      {"month", Interval::Unit::kMonth}, {"months", Interval::Unit::kMonth},
  };
  for (const auto& e : kWords) {
    if (e.word == w) {
      unit = e.unit;
      return true;
    }
  }
  return false;
}

const char* unit_word(Interval::Unit u, bool plural) {
  switch (u) {
    case Interval::Unit::kHour: return plural ? "hours" : "hour";
    case Interval::Unit::kDay: return plural ? "days" : "day";
    case Interval::Unit::kWeek: return plural ? "weeks" : "week";
    case Interval::Unit::kMonth: return plural ? "months" : "month";
  }
  return "";
}

// "8 hours", "1 week"
std::string amount_text(const Interval& iv) {
  return std::to_string(iv.amount) + " " + unit_word(iv.unit, iv.amount != 1);
}

// "every 8 hours", "every day", "once a week", "once a month"
std::string every_text(const Interval& iv) {
  if (iv.amount == 1) {
    switch (iv.unit) {
      case Interval::Unit::kHour: return "every hour";
      case Interval::Unit::kDay: return "every day";
      case Interval::Unit::kWeek: return "once a week";
      case Interval::Unit::kMonth: return "once a month";
    }
  }
  return "every " + amount_text(iv);
}

// "week" or "2 weeks": the recurring unit an answer is given per.
std::string per_text(int64_t amount, Interval::Unit unit) {
  if (amount == 1) return unit_word(unit, false);
  return std::to_string(amount) + " " + unit_word(unit, true);
}

int64_t hours_of(const Interval& iv) {
  switch (iv.unit) {
    case Interval::Unit::kHour: return iv.amount;
    case Interval::Unit::kDay: return iv.amount * 24;
    case Interval::Unit::kWeek: return iv.amount * 24 * 7;
    case Interval::Unit::kMonth: return iv.amount * 24 * 30;  // calendar-agnostic month
  }
  return 0;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::string units_text(int64_t n) { return std::to_string(n) + (n == 1 ? " unit" : " units"); }

// "1", "1 and 3", "1, 11 and 21"
std::string join_numbers(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) s += i + 1 == v.size() ? " and " : ", ";
    s += std::to_string(v[i]);
  }
  return s;
}

constexpr size_t kListAll = 7;  // list every day up to this many; beyond, the first few

// The calendar day (1-based) of dose k, doses every `e` hours from hour 0.
int64_t dose_day(int64_t k, int64_t e) { return k * e / 24 + 1; }

constexpr const char* kRule = "a per diem is one unit per calendar day with an infusion";

}  // namespace

std::optional<Interval> parse_interval(std::string_view text, std::string& error) {
  const std::string original(trim(text));
  std::string s = lowered(original);
  std::string_view v = s;
  if (v.empty()) {
    error = "The interval is empty; give an amount and a unit such as 8h, 10d, 1w or 1mo.";
    return std::nullopt;
  }
  if (v.starts_with("every ")) v = trim(v.substr(6));
  // The policy's wording: "once per week", "once a month".
  for (std::string_view once : {"once per ", "once a ", "once every "}) {
    if (v.starts_with(once)) {
      Interval::Unit unit;
      if (unit_from_word(trim(v.substr(once.size())), unit)) return Interval{1, unit};
    }
  }
  // Single words: "daily", "weekly", "monthly", "hourly", and a bare unit ("week").
  static constexpr struct {
    std::string_view word;
    Interval::Unit unit;
  } kAdverbs[] = {{"hourly", Interval::Unit::kHour},
                  {"daily", Interval::Unit::kDay},
                  {"weekly", Interval::Unit::kWeek},
                  {"monthly", Interval::Unit::kMonth}};
  for (const auto& a : kAdverbs) {
    if (v == a.word) return Interval{1, a.unit};
  }
  // Pharmacy shorthand "q8h" (every 8 hours).
  if (v.size() > 1 && v[0] == 'q' && v[1] >= '0' && v[1] <= '9') v.remove_prefix(1);

  size_t i = 0;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    if (v[0] == '-') {
      error = "The interval \"" + original + "\" is negative; it must be a positive whole number of hours, days, weeks or months.";
      return std::nullopt;
    }
    i = 1;
  }
  const size_t digits_start = i;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
  const std::string_view digits = v.substr(digits_start, i - digits_start);
  std::string_view unit_part = trim(v.substr(i));

  Interval out;
  if (digits.empty()) {
    Interval::Unit unit;
    // A bare unit word means one of it: "week", "month" (not "w" or "mo").
    if (digits_start == 0 && (unit_part == "hour" || unit_part == "day" || unit_part == "week" ||
                              unit_part == "month") &&
        unit_from_word(unit_part, unit))
      return Interval{1, unit};
    error = "The interval \"" + original + "\" does not start with a whole number; write it like 8h, 10d, 1w or 1mo.";
    return std::nullopt;
  }
  if (!unit_part.empty() && (unit_part[0] == '.' || unit_part[0] == ',')) {
    error = "The interval \"" + original + "\" is not a whole number; use a smaller unit (for example 36h instead of 1.5d).";
    return std::nullopt;
  }
  // Leading zeros are fine; the magnitude is checked before it can overflow.
  int64_t amount = 0;
  for (char c : digits) {
    amount = amount * 10 + (c - '0');
    if (amount > kMaxAmount) {
      error = "The interval \"" + original + "\" is too long; the largest amount is " +
              std::to_string(kMaxAmount) + ".";
      return std::nullopt;
    }
  }
  if (amount == 0) {
    error = "The interval \"" + original + "\" is zero; it must be a positive whole number of hours, days, weeks or months.";
    return std::nullopt;
  }
  if (unit_part.empty()) {
    error = "The interval \"" + original + "\" has no unit; add h (hours), d (days), w (weeks) or mo (months).";
    return std::nullopt;
  }
  if (unit_part == "m") {
    error = "The unit \"m\" in \"" + original + "\" is ambiguous; write mo for months (minutes are not a per diem interval).";
    return std::nullopt;
  }
  if (!unit_from_word(unit_part, out.unit)) {
    error = "The unit in \"" + original + "\" is not one of h (hours), d (days), w (weeks) or mo (months).";
    return std::nullopt;
  }
  out.amount = amount;
  return out;
}

UnitsAnswer per_diem_units(const Interval& every, const std::optional<Interval>& duration) {
  UnitsAnswer a;
  if (every.amount <= 0 || (duration && duration->amount <= 0)) {
    a.explanation = "The interval and the duration must both be positive amounts of time, so no units can be counted.";
    return a;
  }
  if (every.amount > kMaxComputable || (duration && duration->amount > kMaxComputable)) {
    a.explanation = "The interval or the duration is too long to count units for.";
    return a;
  }

  if (!duration) {
    // A recurring schedule: units per recurring period.
    const std::string lead = "An infusion " + every_text(every);
    if (every.unit != Interval::Unit::kHour) {
      a.units = 1;
      a.per = per_text(every.amount, every.unit);
      a.explanation = lead + " falls on one day in " + (a.per.find(' ') == std::string::npos ? "each " : "every ") + a.per + ", and " + kRule + ", so " +
                      units_text(1) + " per " + a.per + ".";
      return a;
    }
    const int64_t e = every.amount;
    if (e <= 24) {
      a.units = 1;
      a.per = "day";
      a.explanation = lead + " falls on every calendar day, and " + kRule +
                      ", however many doses that day has, so 1 unit per day.";
      return a;
    }
    if (e % 24 == 0) {
      a.units = 1;
      a.per = per_text(e / 24, Interval::Unit::kDay);
      a.explanation = lead + " falls on one day in " + (a.per.find(' ') == std::string::npos ? "each " : "every ") + a.per + ", and " + kRule + ", so " +
                      units_text(1) + " per " + a.per + ".";
      return a;
    }
    // The pattern of dose days repeats every lcm(e, 24) hours; e > 24 puts
    // each dose on its own day.
    const int64_t period_hours = std::lcm(e, int64_t{24});
    const int64_t period_days = period_hours / 24;
    a.units = period_hours / e;
    a.per = per_text(period_days, Interval::Unit::kDay);
    std::string days;
    if (static_cast<size_t>(a.units) <= kListAll) {
      std::vector<int64_t> v;
      for (int64_t k = 0; k < a.units; ++k) v.push_back(dose_day(k, e));
      days = " (days " + join_numbers(v) + ", and the same again in each later " +
             std::to_string(period_days) + "-day stretch)";
    }
    a.explanation = lead + ", with the first dose at the start of day 1, falls on " +
                    std::to_string(a.units) + " of every " + std::to_string(period_days) +
                    " calendar days" + days + ", and " + kRule + ", so " + units_text(a.units) +
                    " per " + a.per + ".";
    return a;
  }

  const Interval& dur = *duration;
  std::string lead = "An infusion " + every_text(every) + " for " + amount_text(dur);

  if (every.unit == Interval::Unit::kMonth && dur.unit == Interval::Unit::kMonth) {
    // Calendar months on both sides: one dose day in months 1, 1+E, 1+2E, ...
    a.units = ceil_div(dur.amount, every.amount);
    std::string where;
    if (a.units == 1) {
      where = "one day in month 1";
    } else if (static_cast<size_t>(a.units) <= kListAll) {
      std::vector<int64_t> v;
      for (int64_t k = 0; k < a.units; ++k) v.push_back(1 + k * every.amount);
      where = (every.amount == 1 ? "one day in each of months " : "one day in months ") +
              join_numbers(v);
    } else {
      where = "one day in each of " + std::to_string(a.units) + " months";
    }
    a.explanation = lead + " falls on " + where + ", and " + kRule + ", so " +
                    units_text(a.units) + ".";
    return a;
  }

  const bool thirty_day_months =
      every.unit == Interval::Unit::kMonth || dur.unit == Interval::Unit::kMonth;
  const int64_t e = hours_of(every);
  const int64_t d = hours_of(dur);
  const int64_t doses = ceil_div(d, e);
  // More than 24 hours apart, every dose is on a day of its own; 24 hours or
  // less apart, every day from day 1 to the day of the last dose has one.
  a.units = e >= 24 ? doses : (doses - 1) * e / 24 + 1;
  const int64_t course_days = ceil_div(d, 24);

  std::string clauses;
  if (thirty_day_months) clauses += ", counting a month as 30 days";
  if (e > 24 && e % 24 != 0) clauses += ", with the first dose at the start of day 1";
  if (!clauses.empty()) lead += clauses + ",";

  std::string where;
  if (a.units == course_days) {
    where = course_days == 1 ? "its one calendar day"
                             : "every one of its " + std::to_string(course_days) + " calendar days";
  } else if (a.units == 1) {
    where = "day 1";
  } else {
    std::vector<int64_t> v;
    const auto day_of = [&](int64_t k) { return e >= 24 ? dose_day(k, e) : k + 1; };
    if (static_cast<size_t>(a.units) <= kListAll) {
      for (int64_t k = 0; k < a.units; ++k) v.push_back(day_of(k));
      where = "days " + join_numbers(v);
    } else {
      std::string first;
      for (int64_t k = 0; k < 3; ++k) first += std::to_string(day_of(k)) + ", ";
      where = std::to_string(a.units) + " of its " + std::to_string(course_days) +
              " calendar days (days " + first + "and so on to day " +
              std::to_string(day_of(a.units - 1)) + ")";
    }
  }
  a.explanation = lead + " falls on " + where + ", and " + kRule +
                  (e < 24 ? ", however many doses that day has" : "") + ", so " +
                  units_text(a.units) + ".";
  return a;
}

}  // namespace perdiem
