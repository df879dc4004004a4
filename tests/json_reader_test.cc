// The JSON and NDJSON claim reader (SPEC §2 "JSON claim"): every field,
// defaults, exact money, normalised codes, documents, arrays and NDJSON lines.
#include <gtest/gtest.h>

#include <string>

#include "json_test_util.h"
#include "perdiem/input.h"

using namespace perdiem;
using namespace perdiem::json_testing;

TEST(JsonReader, SpecExampleClaimReadsEveryField) {
  auto sink = read(kExample);
  ASSERT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  EXPECT_TRUE(c.problems.empty()) << all_messages(c);
  EXPECT_EQ(c.claim_id, "C1");
  EXPECT_EQ(c.member_id, "M1");
  EXPECT_EQ(c.place_of_service, "12");
  EXPECT_EQ(c.frequency, "1");
  ASSERT_EQ(c.diagnoses.size(), 1u);
  EXPECT_EQ(c.diagnoses[0], "A419");
  EXPECT_EQ(c.billing_taxonomy, "3336H0001X");
  EXPECT_EQ(c.rendering_taxonomy, "163W00000X");
  EXPECT_EQ(c.file, "in.json");
  EXPECT_EQ(c.source.segment, 0u);
  EXPECT_EQ(c.source.offset, 0u);
  EXPECT_EQ(c.total_charge.raw(), 70000);  // absent: the sum of the lines
  ASSERT_EQ(c.lines.size(), 1u);
  const ServiceLine& l = c.lines[0];
  EXPECT_EQ(l.number, 1u);
  EXPECT_EQ(l.code, "S9500");
  EXPECT_EQ(l.qualifier, "");
  ASSERT_EQ(l.modifier_count, 1);
  EXPECT_EQ(l.modifiers[0], "SH");
  EXPECT_TRUE(l.has_modifier("SH"));
  EXPECT_EQ(l.dates.from, iso("2024-06-01"));
  EXPECT_EQ(l.dates.to, iso("2024-06-07"));
  EXPECT_EQ(l.dates.days(), 7);
  EXPECT_EQ(l.units, Quantity::from_int(7));
  EXPECT_EQ(l.units.raw(), 7000);
  EXPECT_EQ(l.charge.raw(), 70000);
  EXPECT_EQ(l.unit_basis, "UN");
  EXPECT_EQ(l.ndc, "00409733201");
  EXPECT_EQ(l.description, "...");
  EXPECT_EQ(l.place_of_service, "12");
  EXPECT_EQ(l.rendering_taxonomy, "163W00000X");
  EXPECT_EQ(l.source.offset, kExample.find(R"({"code")"));
}

TEST(JsonReader, ClaimOutlivesTheInputBufferAndTheReader) {
  CollectingSink sink;
  {
    std::string text = "[" + kExample + "]";
    read_json(text, std::string("temp-name.json"), sink, false);
    text.assign(text.size(), 'x');  // scribble over the input
  }
  ASSERT_EQ(sink.claims.size(), 1u);
  Claim moved = std::move(sink.claims[0]);
  EXPECT_EQ(moved.claim_id, "C1");
  EXPECT_EQ(moved.file, "temp-name.json");
  EXPECT_EQ(moved.lines[0].code, "S9500");
  EXPECT_EQ(moved.lines[0].description, "...");
  EXPECT_EQ(moved.diagnoses[0], "A419");
}

TEST(JsonReader, ArrayOfClaimsKeepsOrderAndObjectOffsets) {
  const std::string a = claim("A"), b = claim("B"), c = claim("C");
  const std::string text = "[\n  " + a + ",\n  " + b + " ,  " + c + "\n]\n";
  auto sink = read(text);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_EQ(sink.claims[0].claim_id, "A");
  EXPECT_EQ(sink.claims[1].claim_id, "B");
  EXPECT_EQ(sink.claims[2].claim_id, "C");
  EXPECT_EQ(sink.claims[0].source.offset, text.find(a));
  EXPECT_EQ(sink.claims[1].source.offset, text.find(b));
  EXPECT_EQ(sink.claims[2].source.offset, text.find(c));
  for (const auto& cl : sink.claims) {
    EXPECT_EQ(cl.source.segment, 0u);
    EXPECT_FALSE(cl.has_errors()) << all_messages(cl);
  }
}

TEST(JsonReader, EmptyArrayGivesNoClaimsAndNoProblem) {
  for (const char* text : {"[]", "  [ \n ]  \n", "\xEF\xBB\xBF[]"}) {
    auto sink = read(text);
    EXPECT_TRUE(sink.claims.empty()) << text;
    EXPECT_TRUE(sink.file_problems.empty()) << text;
  }
}

TEST(JsonReader, NdjsonWithCrlfAndBlankLinesNumbersLinesFromOne) {
  const std::string text = claim("A") + "\r\n\r\n   \r\n" + claim("B") + "\r\n" + claim("C");
  auto sink = read(text, true);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_EQ(sink.claims[0].claim_id, "A");
  EXPECT_EQ(sink.claims[0].source.segment, 1u);
  EXPECT_EQ(sink.claims[0].source.offset, 0u);
  EXPECT_EQ(sink.claims[1].claim_id, "B");
  EXPECT_EQ(sink.claims[1].source.segment, 4u);
  EXPECT_EQ(sink.claims[1].source.offset, text.find(R"({"claim_id":"B")"));
  EXPECT_EQ(sink.claims[1].lines[0].source.segment, 4u);
  EXPECT_EQ(sink.claims[2].claim_id, "C");
  EXPECT_EQ(sink.claims[2].source.segment, 5u);
  for (const auto& c : sink.claims) EXPECT_FALSE(c.has_errors()) << all_messages(c);
}

TEST(JsonReader, ByteOrderMarkIsSkippedInJsonAndNdjson) {
  const std::string bom = "\xEF\xBB\xBF";
  auto json = read(bom + kExample);
  ASSERT_EQ(json.claims.size(), 1u);
  EXPECT_TRUE(json.file_problems.empty());
  EXPECT_FALSE(json.claims[0].has_errors());
  EXPECT_EQ(json.claims[0].source.offset, 3u);

  auto nd = read(bom + claim("A") + "\n" + claim("B") + "\n", true);
  ASSERT_EQ(nd.claims.size(), 2u);
  EXPECT_FALSE(nd.claims[0].has_errors()) << all_messages(nd.claims[0]);
  EXPECT_EQ(nd.claims[0].claim_id, "A");
  EXPECT_EQ(nd.claims[1].source.segment, 2u);
}

TEST(JsonReader, ReadInputDetectsJsonAndNdjson) {
  CollectingSink a, b;
  EXPECT_EQ(read_input("[" + kExample + "]", "x", a), InputFormat::kJson);
  EXPECT_EQ(read_input(claim("A") + "\n" + claim("B") + "\n", "x", b), InputFormat::kNdjson);
  EXPECT_EQ(a.claims.size(), 1u);
  EXPECT_EQ(b.claims.size(), 2u);
}

TEST(JsonReader, ToDefaultsToFrom) {
  auto sink = read(claim("A", R"("code":"s9500","from":"2024-06-03","units":"1")"));
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto& l = sink.claims[0].lines[0];
  EXPECT_FALSE(sink.claims[0].has_errors()) << all_messages(sink.claims[0]);
  EXPECT_EQ(l.dates.from, iso("2024-06-03"));
  EXPECT_EQ(l.dates.to, iso("2024-06-03"));
  EXPECT_EQ(l.code, "S9500");  // upper-cased
  EXPECT_EQ(l.charge.raw(), 0);
}

TEST(JsonReader, ChargeIsExactFromNumberOrString) {
  const std::string text = "[" +
      claim("A", R"("code":"S9500","from":"2024-06-01","units":1,"charge":"700.1")") + "," +
      claim("B", R"("code":"S9500","from":"2024-06-01","units":1,"charge":700.1)") + "," +
      claim("C", R"("code":"S9500","from":"2024-06-01","units":1,"charge":700.10000)") + "," +
      claim("D", R"("code":"S9500","from":"2024-06-01","units":1,"charge":0.07)") + "," +
      claim("E", R"("code":"S9500","from":"2024-06-01","units":1,"charge":123456789012.34)") + "," +
      claim("F", R"("code":"S9500","from":"2024-06-01","units":1,"charge":700.123)") + "," +
      claim("G", R"("code":"S9500","from":"2024-06-01","units":1,"charge":"700.123")") + "," +
      claim("H", R"("code":"S9500","from":"2024-06-01","units":1,"charge":7e2)") + "]";
  auto sink = read(text);
  ASSERT_EQ(sink.claims.size(), 8u);
  const int64_t want[] = {70010, 70010, 70010, 7, 12345678901234};
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(sink.claims[i].has_errors()) << all_messages(sink.claims[i]);
    EXPECT_EQ(sink.claims[i].lines[0].charge.raw(), want[i]) << i;
  }
  for (int i = 5; i < 7; ++i) {
    const Problem& p = only_problem(sink.claims[i]);
    EXPECT_EQ(p.element, "lines[0].charge");
    EXPECT_NE(p.message.find("700.123 is not an exact amount in cents"), std::string::npos) << p.message;
    EXPECT_NE(p.message.find("array element " + std::to_string(i)), std::string::npos) << p.message;
    EXPECT_EQ(p.offset, text.find("700.123", sink.claims[i].source.offset) - (i == 6 ? 1 : 0));
  }
  const Problem& e = only_problem(sink.claims[7]);
  EXPECT_EQ(e.element, "lines[0].charge");
  EXPECT_NE(e.message.find("exponent"), std::string::npos) << e.message;
}

TEST(JsonReader, TotalChargeIsExactAndOptional) {
  auto sink = read("[" + claim("A", R"("code":"S9500","from":"2024-06-01","units":1,"charge":"0.10")",
                               R"("total_charge":"1400.00",)") +
                   "," + claim("B", R"("code":"S9500","from":"2024-06-01","units":1,"charge":"0.10")",
                               R"("total_charge":-1,)") + "]");
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_FALSE(sink.claims[0].has_errors());
  EXPECT_EQ(sink.claims[0].total_charge.raw(), 140000);
  EXPECT_EQ(only_problem(sink.claims[1]).element, "total_charge");
  EXPECT_NE(sink.claims[1].problems[0].message.find("total_charge is negative"), std::string::npos);
}

TEST(JsonReader, UnitsFromNumberOrNumericString) {
  auto sink = read("[" + claim("A", R"("code":"S9500","from":"2024-06-01","units":"1.5")") + "," +
                   claim("B", R"("code":"S9500","from":"2024-06-01","units":2.25)") + "," +
                   claim("C", R"("code":"S9500","from":"2024-06-01","units":1.2345)") + "]");
  ASSERT_EQ(sink.claims.size(), 3u);
  EXPECT_EQ(sink.claims[0].lines[0].units.raw(), 1500);
  EXPECT_EQ(sink.claims[1].lines[0].units.raw(), 2250);
  EXPECT_FALSE(sink.claims[1].has_errors());
  const Problem& p = only_problem(sink.claims[2]);
  EXPECT_EQ(p.element, "lines[0].units");
  EXPECT_NE(p.message.find("1.2345 has more than 3 decimal places"), std::string::npos) << p.message;
}

TEST(JsonReader, DiagnosisWithAndWithoutDotIsStoredUpperCaseWithoutDot) {
  auto sink = read(claim("A", R"("code":"S9500","from":"2024-06-01","units":1)",
                         R"("diagnoses":["A41.9","a419"," z79.2 ","E11.65"],)"));
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_FALSE(sink.claims[0].has_errors()) << all_messages(sink.claims[0]);
  const std::vector<std::string_view> want = {"A419", "A419", "Z792", "E1165"};
  EXPECT_EQ(sink.claims[0].diagnoses, want);
}

TEST(JsonReader, CodesModifiersAndNdcAreNormalised) {
  auto sink = read(claim("A", R"("code":" s9500 ","modifiers":["sh","","kx"],"qualifier":"hc",)"
                              R"("from":"2024-06-01","units":1,"ndc":"0409-7332-01")"));
  ASSERT_EQ(sink.claims.size(), 1u);
  const auto& l = sink.claims[0].lines[0];
  EXPECT_FALSE(sink.claims[0].has_errors()) << all_messages(sink.claims[0]);
  EXPECT_EQ(l.code, "S9500");
  EXPECT_EQ(l.qualifier, "HC");
  ASSERT_EQ(l.modifier_count, 2);
  EXPECT_EQ(l.modifiers[0], "SH");
  EXPECT_EQ(l.modifiers[1], "KX");
  EXPECT_EQ(l.ndc, "00409733201");  // 4-4-2 padded to 5-4-2
}

TEST(JsonReader, UnknownFieldsAreIgnoredButMustBeValidJson) {
  auto sink = read(claim("A", R"("code":"S9500","from":"2024-06-01","units":1,"x":{"y":[1,2,{"z":null}]})",
                         R"("extra":[true,false,"s",-1.5e3],)"));
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_FALSE(sink.claims[0].has_errors()) << all_messages(sink.claims[0]);
}
