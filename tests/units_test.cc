// Per diem units: CPCP019's examples table, row by row, and the edges.
#include <gtest/gtest.h>

#include "perdiem/units.h"

using namespace perdiem;

namespace {

Interval iv(const char* text) {
  std::string error;
  auto r = parse_interval(text, error);
  EXPECT_TRUE(r.has_value()) << text << ": " << error;
  return r.value_or(Interval{});
}

UnitsAnswer units(const char* every, const char* duration) {
  return per_diem_units(iv(every), iv(duration));
}

UnitsAnswer recurring(const char* every) { return per_diem_units(iv(every), std::nullopt); }

std::string parse_error(const char* text) {
  std::string error;
  auto r = parse_interval(text, error);
  EXPECT_FALSE(r.has_value()) << text;
  return error;
}

}  // namespace

// ---- The policy's table: "Prescribed Therapy / Units of Service".

TEST(UnitsPolicyTable, Every4HoursFor7DaysIs7) {
  const auto a = units("4h", "7d");
  EXPECT_EQ(a.units, 7);
  EXPECT_EQ(a.per, "");
}

TEST(UnitsPolicyTable, Every8HoursFor7DaysIs7) {
  const auto a = units("8h", "7d");
  EXPECT_EQ(a.units, 7);
  EXPECT_EQ(a.per, "");
}

TEST(UnitsPolicyTable, Every12HoursFor7DaysIs7) {
  const auto a = units("12h", "7d");
  EXPECT_EQ(a.units, 7);
  EXPECT_EQ(a.per, "");
}

TEST(UnitsPolicyTable, Every24HoursFor7DaysIs7) {
  const auto a = units("24h", "7d");
  EXPECT_EQ(a.units, 7);
  EXPECT_EQ(a.per, "");
}

TEST(UnitsPolicyTable, Every10DaysFor30DaysIs3) {
  const auto a = units("10d", "30d");
  EXPECT_EQ(a.units, 3);
  EXPECT_EQ(a.per, "");
  EXPECT_EQ(a.explanation,
            "An infusion every 10 days for 30 days falls on days 1, 11 and 21, and a per diem is "
            "one unit per calendar day with an infusion, so 3 units.");
}

TEST(UnitsPolicyTable, OncePerWeekIs1PerWeek) {
  const auto a = recurring("1w");
  EXPECT_EQ(a.units, 1);
  EXPECT_EQ(a.per, "week");
  EXPECT_EQ(a.explanation,
            "An infusion once a week falls on one day in each week, and a per diem is one unit "
            "per calendar day with an infusion, so 1 unit per week.");
}

TEST(UnitsPolicyTable, OncePerMonthIs1PerMonth) {
  const auto a = recurring("1mo");
  EXPECT_EQ(a.units, 1);
  EXPECT_EQ(a.per, "month");
}

TEST(UnitsPolicyTable, SpelledOutFormsGiveTheSameAnswers) {
  EXPECT_EQ(units("every 8 hours", "7 days").units, 7);
  EXPECT_EQ(units("10 days", "30 days").units, 3);
  EXPECT_EQ(recurring("weekly").per, "week");
  EXPECT_EQ(recurring("1 month").per, "month");
  EXPECT_EQ(recurring("once per week").per, "week");
  EXPECT_EQ(recurring("once per month").per, "month");
}

// ---- Explanations are one plain sentence.

TEST(UnitsExplanation, SaysManyDosesADayAreStillOneUnit) {
  EXPECT_EQ(units("8h", "7d").explanation,
            "An infusion every 8 hours for 7 days falls on every one of its 7 calendar days, and "
            "a per diem is one unit per calendar day with an infusion, however many doses that day "
            "has, so 7 units.");
}

TEST(UnitsExplanation, IsOneSentence) {
  for (const auto& a : {units("4h", "7d"), units("10d", "30d"), units("36h", "7d"),
                        units("1w", "1mo"), units("1mo", "3mo"), recurring("1w"),
                        recurring("36h"), units("1d", "400d")}) {
    ASSERT_FALSE(a.explanation.empty());
    EXPECT_EQ(a.explanation.back(), '.') << a.explanation;
    EXPECT_EQ(a.explanation.find(". "), std::string::npos) << a.explanation;
    EXPECT_EQ(a.explanation.find('\n'), std::string::npos) << a.explanation;
  }
}

// ---- Weeks and months.

TEST(UnitsCalendar, WeeklyForFourWeeksIs4) {
  const auto a = units("1w", "4w");
  EXPECT_EQ(a.units, 4);
  EXPECT_NE(a.explanation.find("days 1, 8, 15 and 22"), std::string::npos) << a.explanation;
}

TEST(UnitsCalendar, MonthlyForThreeMonthsIs3WithoutThirtyDayCaveat) {
  const auto a = units("1mo", "3mo");
  EXPECT_EQ(a.units, 3);
  EXPECT_EQ(a.explanation,
            "An infusion once a month for 3 months falls on one day in each of months 1, 2 and 3, "
            "and a per diem is one unit per calendar day with an infusion, so 3 units.");
}

TEST(UnitsCalendar, EveryTwoMonthsForThreeMonthsIs2) {
  EXPECT_EQ(units("2mo", "3mo").units, 2);
  EXPECT_EQ(units("2mo", "4mo").units, 2);
  EXPECT_EQ(units("3mo", "1mo").units, 1);
}

TEST(UnitsCalendar, MonthsMixedWithDaysCountThirtyDaysAndSaySo) {
  const auto a = units("1w", "1mo");  // days 1, 8, 15, 22, 29 of 30
  EXPECT_EQ(a.units, 5);
  EXPECT_NE(a.explanation.find("counting a month as 30 days"), std::string::npos);
  EXPECT_EQ(units("1mo", "90d").units, 3);
  EXPECT_EQ(units("1mo", "89d").units, 3);
  EXPECT_EQ(units("1mo", "60d").units, 2);
  EXPECT_EQ(units("10d", "1mo").units, 3);
  EXPECT_EQ(units("8h", "1mo").units, 30);
  EXPECT_EQ(units("1mo", "1w").units, 1);
  EXPECT_EQ(units("10d", "30d").explanation.find("30 days,"), std::string::npos);
}

TEST(UnitsCalendar, RecurringMultiplesKeepTheirUnit) {
  EXPECT_EQ(recurring("2w").per, "2 weeks");
  EXPECT_EQ(recurring("2w").units, 1);
  EXPECT_EQ(recurring("3mo").per, "3 months");
  EXPECT_EQ(recurring("10d").per, "10 days");
  EXPECT_EQ(recurring("1d").per, "day");
  EXPECT_EQ(recurring("48h").per, "2 days");
}

// ---- Hours.

TEST(UnitsHours, EveryHourOrLessThanADayIsOnePerDay) {
  for (const char* e : {"1h", "4h", "5h", "7h", "8h", "12h", "23h", "24h"}) {
    EXPECT_EQ(units(e, "7d").units, 7) << e;
    EXPECT_EQ(recurring(e).units, 1) << e;
    EXPECT_EQ(recurring(e).per, "day") << e;
  }
}

TEST(UnitsHours, ThirtySixHoursForSevenDaysCountsDistinctDays) {
  const auto a = units("36h", "7d");  // hours 0, 36, 72, 108, 144
  EXPECT_EQ(a.units, 5);
  EXPECT_EQ(a.explanation,
            "An infusion every 36 hours for 7 days, with the first dose at the start of day 1, "
            "falls on days 1, 2, 4, 5 and 7, and a per diem is one unit per calendar day with an "
            "infusion, so 5 units.");
}

TEST(UnitsHours, RecurringHoursThatDoNotDivideADay) {
  const auto a = recurring("36h");
  EXPECT_EQ(a.units, 2);
  EXPECT_EQ(a.per, "3 days");
  const auto b = recurring("25h");  // 24 doses in 25 days, each on its own day
  EXPECT_EQ(b.units, 24);
  EXPECT_EQ(b.per, "25 days");
}

TEST(UnitsHours, DurationInHours) {
  EXPECT_EQ(units("8h", "24h").units, 1);
  EXPECT_EQ(units("8h", "25h").units, 2);   // the dose at hour 24 is on day 2
  EXPECT_EQ(units("20h", "25h").units, 1);  // hours 0 and 20: both on day 1
  EXPECT_EQ(units("12h", "36h").units, 2);  // hours 0, 12, 24
  EXPECT_EQ(units("1d", "36h").units, 2);
  EXPECT_EQ(units("48h", "7d").units, 4);   // days 1, 3, 5, 7
}

// ---- Agreement with a plain dose-by-dose count.

namespace {
int64_t hours(const Interval& i) {
  switch (i.unit) {
    case Interval::Unit::kHour: return i.amount;
    case Interval::Unit::kDay: return i.amount * 24;
    case Interval::Unit::kWeek: return i.amount * 168;
    case Interval::Unit::kMonth: return i.amount * 720;
  }
  return 0;
}
int64_t reference_units(const Interval& e, const Interval& d) {
  int64_t count = 0, last_day = -1;
  for (int64_t t = 0; t < hours(d); t += hours(e)) {
    if (t / 24 != last_day) ++count;
    last_day = t / 24;
  }
  return count;
}
}  // namespace

TEST(UnitsHours, MatchesADoseByDoseCount) {
  for (int64_t e = 1; e <= 24 * 15; ++e) {
    for (int64_t d = 1; d <= 24 * 40; d += 7) {
      const Interval every{e, Interval::Unit::kHour};
      const Interval dur{d, Interval::Unit::kHour};
      ASSERT_EQ(per_diem_units(every, dur).units, reference_units(every, dur)) << e << "h for " << d << "h";
    }
  }
  for (int64_t e = 1; e <= 40; ++e)
    for (int64_t d = 1; d <= 400; ++d)
      ASSERT_EQ(per_diem_units({e, Interval::Unit::kDay}, Interval{d, Interval::Unit::kDay}).units,
                (d + e - 1) / e);
}

TEST(UnitsHours, LongCoursesSummarizeTheDays) {
  const auto a = units("1w", "52w");
  EXPECT_EQ(a.units, 52);
  EXPECT_NE(a.explanation.find("52 of its 364 calendar days (days 1, 8, 15, and so on to day 358)"),
            std::string::npos)
      << a.explanation;
  EXPECT_EQ(units("1d", "400d").units, 400);
  EXPECT_EQ(units("1h", "100000mo").units, 3000000);  // closed form, answers at once
}

TEST(UnitsEdges, IntervalLongerThanTheCourseIsOneUnit) {
  EXPECT_EQ(units("10d", "5d").units, 1);
  EXPECT_EQ(units("1mo", "1d").units, 1);
}

TEST(UnitsEdges, ZeroOrNegativeIntervalsBuiltByHandAnswerZero) {
  const auto a = per_diem_units({0, Interval::Unit::kDay}, Interval{7, Interval::Unit::kDay});
  EXPECT_EQ(a.units, 0);
  EXPECT_FALSE(a.explanation.empty());
  EXPECT_EQ(per_diem_units({-8, Interval::Unit::kHour}, std::nullopt).units, 0);
  EXPECT_EQ(per_diem_units({8, Interval::Unit::kHour}, Interval{0, Interval::Unit::kDay}).units, 0);
}

// ---- parse_interval.

TEST(ParseInterval, AcceptsShortAndSpelledOutForms) {
  struct Case {
    const char* text;
    int64_t amount;
    Interval::Unit unit;
  } cases[] = {
      {"4h", 4, Interval::Unit::kHour},        {"8h", 8, Interval::Unit::kHour},
      {"24h", 24, Interval::Unit::kHour},      {"10d", 10, Interval::Unit::kDay},
      {"1w", 1, Interval::Unit::kWeek},        {"1mo", 1, Interval::Unit::kMonth},
      {"2 weeks", 2, Interval::Unit::kWeek},   {"1 month", 1, Interval::Unit::kMonth},
      {"30 days", 30, Interval::Unit::kDay},   {"8 hours", 8, Interval::Unit::kHour},
      {"1 hour", 1, Interval::Unit::kHour},    {"12 hrs", 12, Interval::Unit::kHour},
      {"3 MONTHS", 3, Interval::Unit::kMonth}, {" 7D ", 7, Interval::Unit::kDay},
      {"every 12h", 12, Interval::Unit::kHour}, {"q8h", 8, Interval::Unit::kHour},
      {"week", 1, Interval::Unit::kWeek},      {"month", 1, Interval::Unit::kMonth},
      {"daily", 1, Interval::Unit::kDay},      {"weekly", 1, Interval::Unit::kWeek},
      {"monthly", 1, Interval::Unit::kMonth},  {"2wk", 2, Interval::Unit::kWeek},
      {"007d", 7, Interval::Unit::kDay},       {"+3d", 3, Interval::Unit::kDay},
      {"once a week", 1, Interval::Unit::kWeek}, {"once per month", 1, Interval::Unit::kMonth},
  };
  for (const auto& c : cases) {
    std::string error;
    const auto r = parse_interval(c.text, error);
    ASSERT_TRUE(r.has_value()) << c.text << ": " << error;
    EXPECT_EQ(r->amount, c.amount) << c.text;
    EXPECT_EQ(r->unit, c.unit) << c.text;
  }
}

TEST(ParseInterval, RejectsZeroNegativeAndMalformed) {
  EXPECT_NE(parse_error("0h").find("zero"), std::string::npos);
  EXPECT_NE(parse_error("0 days").find("zero"), std::string::npos);
  EXPECT_NE(parse_error("-8h").find("negative"), std::string::npos);
  EXPECT_NE(parse_error("1.5d").find("whole number"), std::string::npos);
  EXPECT_NE(parse_error("8").find("no unit"), std::string::npos);
  EXPECT_NE(parse_error("3m").find("mo"), std::string::npos);
  EXPECT_NE(parse_error("8 minutes").find("not one of"), std::string::npos);
  EXPECT_NE(parse_error("").find("empty"), std::string::npos);
  EXPECT_NE(parse_error("abc").find("whole number"), std::string::npos);
  EXPECT_NE(parse_error("8x").find("not one of"), std::string::npos);
  EXPECT_NE(parse_error("99999999999999999999999h").find("too long"), std::string::npos);
  parse_error("100001d");
  parse_error("h");
  parse_error("q");
}
