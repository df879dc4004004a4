// Per diem units for a prescribed schedule: the policy's examples table.
//
// "The term per diem represents each day that a given member is provided
// access to a prescribed therapy" and is paid "only when a drug infusion is
// administered that day": one unit per calendar day with an infusion.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perdiem {

struct Interval {
  enum class Unit : uint8_t { kHour, kDay, kWeek, kMonth };
  int64_t amount = 0;
  Unit unit = Unit::kDay;
};

// "8h", "24h", "10d", "1w", "1mo" (also "8 hours", "2 weeks", "1 month").
std::optional<Interval> parse_interval(std::string_view text, std::string& error);

struct UnitsAnswer {
  int64_t units = 0;
  std::string per;          // "" for a whole course; "week" / "month" for a recurring unit
  std::string explanation;  // one sentence: which days carry a unit and why
};

// Units for an infusion every `every` over `duration` (nullopt: a recurring
// schedule, answered per week or per month).
UnitsAnswer per_diem_units(const Interval& every, const std::optional<Interval>& duration);

}  // namespace perdiem
