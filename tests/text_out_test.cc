// The writers' own formatting (src/output): OutBuffer, numbers, exact
// decimals and dates against the standard library and the core types, and
// the JSON emitter's compact and pretty styles at any depth.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <limits>
#include <random>
#include <string>

#include "output/json_emit.h"
#include "output/out_buffer.h"
#include "output/text_out.h"
#include "perdiem/writer.h"
#include "writer_fixture.h"

using namespace perdiem;
using namespace perdiem::testing;

TEST(OutBuffer, PiecesOfAnySizeArriveInOrder) {
  std::mt19937 rng(5);
  std::string out = "start;", expected = "start;";
  {
    output::OutBuffer buf(out);
    for (int i = 0; i < 400; ++i) {
      const size_t n = i % 37 == 0 ? 5000 + rng() % 5000 : rng() % 300;
      const std::string piece(n, static_cast<char>('a' + i % 26));
      if (n == 1) {
        buf.put(piece[0]);
      } else {
        buf.write(piece);
      }
      expected += piece;
    }
  }  // flushed here
  EXPECT_EQ(out, expected);
}

TEST(TextOut, UnsignedNumbersMatchToString) {
  std::vector<uint64_t> values;
  for (uint64_t v = 0; v <= 20000; ++v) values.push_back(v);
  uint64_t p = 1;
  for (int e = 1; e <= 19; ++e) {
    p *= 10;
    values.push_back(p - 1);
    values.push_back(p);
    values.push_back(p + 1);
  }
  values.push_back(std::numeric_limits<uint64_t>::max());
  for (uint64_t v : values) {
    std::string out;
    output::append_uint(out, v);
    ASSERT_EQ(out, std::to_string(v));
  }
}

TEST(TextOut, MoneyAndUnitsMatchFixedText) {
  // Fixed::fixed_text() and short_text() are the reference.
  std::vector<int64_t> raws;
  for (int64_t r = -20000; r <= 20000; ++r) raws.push_back(r);
  int64_t p = 1;
  for (int e = 1; e <= 18; ++e) {
    p *= 10;
    for (int64_t r : {p - 1, p, p + 1, p * 5 + 10}) {
      raws.push_back(r);
      raws.push_back(-r);
    }
  }
  raws.push_back(std::numeric_limits<int64_t>::max());
  raws.push_back(std::numeric_limits<int64_t>::min());
  for (int64_t r : raws) {
    std::string money, units;
    output::append_money(money, Money::from_raw(r));
    output::append_quantity(units, Quantity::from_raw(r));
    ASSERT_EQ(money, Money::from_raw(r).fixed_text()) << r;
    ASSERT_EQ(units, Quantity::from_raw(r).short_text()) << r;
  }
  std::string s;
  output::append_money(s, *Money::parse("-0.99"));
  EXPECT_EQ(s, "-0.99");
  s.clear();
  output::append_quantity(s, *Quantity::parse("1.100"));
  EXPECT_EQ(s, "1.1");
  s.clear();
  output::append_quantity(s, Quantity{});
  EXPECT_EQ(s, "0");
}

TEST(TextOut, DatesMatchWriteIsoOnEveryDay) {
  // Every day of years 0000 to 9999 (the fast range) and beyond it on both
  // sides (Date::write_iso itself).
  for (int32_t days = -800000; days <= 3000000; ++days) {
    const Date d = Date::from_days(days);
    char want[10];
    d.write_iso(want);
    std::string got;
    output::append_date(got, d);
    ASSERT_EQ(got, std::string_view(want, 10)) << days;
  }
}

TEST(JsonEmitter, CompactAndPrettyAtAnyDepth) {
  const auto emit = [](auto& e) {
    e.begin_object();
    e.kv("a", "x");
    e.key("empty");
    e.begin_array();
    e.end_array();
    e.key("inline");
    e.begin_array(true);
    e.string("p");
    e.uinteger(7);
    e.end_array();
    e.key("list");
    e.begin_array();
    e.begin_object();
    e.key("units");
    e.quantity(*Quantity::parse("0"));
    e.key("charge");
    e.money(*Money::parse("-12.5"));
    e.key("on");
    e.date(*Date::parse_iso("2024-02-29"));
    e.key("yes");
    e.boolean(true);
    e.end_object();
    e.begin_object();
    e.end_object();
    e.end_array();
    e.end_object();
  };
  std::string compact;
  {
    output::OutBuffer buf(compact);
    output::CompactJson e(buf);
    emit(e);
  }
  EXPECT_EQ(compact,
            R"({"a":"x","empty":[],"inline":["p",7],"list":[{"units":0,"charge":"-12.50","on":"2024-02-29","yes":true},{}]})");
  EXPECT_TRUE(parses(compact));

  // Depth 1 (the json writer's members) and depth 20 (past the fixed-size
  // copy of a line break and its indentation).
  for (int depth : {0, 1, 20}) {
    std::string pretty;
    {
      output::OutBuffer buf(pretty);
      output::PrettyJson e(buf, depth);
      emit(e);
    }
    const auto nl = [&](int level) { return "\n" + std::string(static_cast<size_t>(2 * (depth + level)), ' '); };
    const std::string expected = "{" + nl(1) + R"("a": "x",)" + nl(1) + R"("empty": [],)" + nl(1) +
                                 R"("inline": ["p", 7],)" + nl(1) + R"("list": [)" + nl(2) + "{" + nl(3) +
                                 R"("units": 0,)" + nl(3) + R"("charge": "-12.50",)" + nl(3) +
                                 R"("on": "2024-02-29",)" + nl(3) + R"("yes": true)" + nl(2) + "}," + nl(2) +
                                 "{}" + nl(1) + "]" + nl(0) + "}";
    EXPECT_EQ(pretty, expected) << "depth " << depth;
    EXPECT_TRUE(parses(pretty));
  }
}
