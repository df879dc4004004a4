// Exact decimal and calendar-date primitives.
#include <gtest/gtest.h>

#include "perdiem/date.h"
#include "perdiem/money.h"

using namespace perdiem;

TEST(Money, ParsesDecimalTextExactly) {
  EXPECT_EQ(Money::parse("1400.00")->raw(), 140000);
  EXPECT_EQ(Money::parse("682.5")->raw(), 68250);
  EXPECT_EQ(Money::parse("0.1")->raw(), 10);
  EXPECT_EQ(Money::parse("-3")->raw(), -300);
  EXPECT_EQ(Money::parse(".05")->raw(), 5);
  EXPECT_EQ(Money::parse("1.230")->raw(), 123);  // trailing zero past the scale is exact
}

TEST(Money, RejectsWhatIsNotAnExactAmount) {
  EXPECT_FALSE(Money::parse(""));
  EXPECT_FALSE(Money::parse("1e3"));
  EXPECT_FALSE(Money::parse("1.234"));  // a tenth of a cent cannot be represented
  EXPECT_FALSE(Money::parse("12a"));
  EXPECT_FALSE(Money::parse("1.2.3"));
  EXPECT_FALSE(Money::parse("-"));
  EXPECT_FALSE(Money::parse("1234567890123456"));  // 16 integer digits would overflow
}

TEST(Money, SumsWithoutBinaryRounding) {
  Money total;
  for (int i = 0; i < 10; ++i) total += *Money::parse("0.10");
  EXPECT_EQ(total.fixed_text(), "1.00");
  EXPECT_EQ(Money::parse("-0.5")->fixed_text(), "-0.50");
}

TEST(Quantity, ShortTextDropsTrailingZeros) {
  EXPECT_EQ(Quantity::parse("7")->short_text(), "7");
  EXPECT_EQ(Quantity::parse("1.500")->short_text(), "1.5");
  EXPECT_EQ(Quantity::parse("0.25")->short_text(), "0.25");
  EXPECT_TRUE(Quantity::parse("7")->is_integer());
  EXPECT_FALSE(Quantity::parse("7.5")->is_integer());
}

TEST(Date, ParsesCompactAndIso) {
  auto a = Date::parse_compact("20240601");
  auto b = Date::parse_iso("2024-06-01");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->iso(), "2024-06-01");
  EXPECT_EQ(*Date::parse_iso("2024-06-07") - *a, 6);
}

TEST(Date, RejectsImpossibleDates) {
  EXPECT_FALSE(Date::parse_compact("20240230"));
  EXPECT_FALSE(Date::parse_compact("20231301"));
  EXPECT_FALSE(Date::parse_compact("2024061"));
  EXPECT_FALSE(Date::parse_iso("2024-6-01"));
  EXPECT_FALSE(Date::parse_iso("2024/06/01"));
  EXPECT_TRUE(Date::parse_compact("20240229"));   // leap year
  EXPECT_FALSE(Date::parse_compact("20230229"));  // not a leap year
  EXPECT_FALSE(Date::parse_compact("21000229"));  // century, not leap
}

TEST(Date, RoundTripsEveryDayOfAWideRange) {
  const Date start = *Date::parse_iso("1999-12-25");
  for (int i = 0; i < 20000; ++i) {
    const Date d = start + i;
    EXPECT_EQ(*Date::parse_iso(d.iso()), d);
  }
}

// Date::ymd has a fast form for years 0000-9999 and a general one outside;
// from_ymd (days_from_civil) is computed independently. Every day of that
// range and beyond it on both sides must come back to itself.
TEST(Date, YmdInvertsFromYmdOnEveryDayInAndAroundTheFastRange) {
  for (int32_t days = -800000; days <= 3000000; ++days) {
    const Date d = Date::from_days(days);
    int y;
    unsigned m, dd;
    d.ymd(y, m, dd);
    ASSERT_TRUE(m >= 1 && m <= 12 && dd >= 1 && dd <= 31) << days;
    ASSERT_EQ(Date::from_ymd(y, m, dd).days(), days) << y << "-" << m << "-" << dd;
  }
  int y;
  unsigned m, d;
  Date::from_days(0).ymd(y, m, d);
  EXPECT_EQ(y * 10000 + static_cast<int>(m * 100 + d), 19700101);
  Date::from_days(-719468).ymd(y, m, d);  // the first day of the fast form
  EXPECT_EQ(y * 10000 + static_cast<int>(m * 100 + d), 301);
  EXPECT_EQ(Date::from_days(2932896).iso(), "9999-12-31");  // its last
  EXPECT_EQ(Date::from_days(2932897).iso(), "0000-01-01");  // past it: year 10000, printed mod 10000
}

TEST(DateSpan, CountsAndOverlaps) {
  DateSpan a{*Date::parse_iso("2024-06-01"), *Date::parse_iso("2024-06-07")};
  DateSpan b{*Date::parse_iso("2024-06-07"), *Date::parse_iso("2024-06-09")};
  DateSpan c{*Date::parse_iso("2024-06-08"), *Date::parse_iso("2024-06-09")};
  EXPECT_EQ(a.days(), 7);
  EXPECT_TRUE(a.overlaps(b));
  EXPECT_FALSE(a.overlaps(c));
}
