// JSON string escaping, as every JSON the writers emit depends on it
// (append_json_string, src/output/json_emit.cc): quotes, backslashes and
// controls escaped, valid UTF-8 kept byte for byte, ill-formed UTF-8 replaced
// (U+FFFD per maximal ill-formed subpart), and the fast path against a
// simple reference written from the rules, on every byte at every place.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <random>
#include <string>

#include "perdiem/writer.h"
#include "writer_fixture.h"

using namespace perdiem;
using namespace perdiem::testing;

// ---------------------------------------------------------------- escaping

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json(""), "\"\"");
  EXPECT_EQ(json("plain"), "\"plain\"");
  EXPECT_EQ(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(json(std::string_view("\0\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(json("\x7f"), "\"\x7f\"");  // DEL is legal in JSON
  EXPECT_EQ(json("/"), "\"/\"");
}

TEST(JsonString, KeepsValidUtf8) {
  EXPECT_EQ(json("caf\xC3\xA9"), "\"caf\xC3\xA9\"");                   // é
  EXPECT_EQ(json("\xE2\x86\x92"), "\"\xE2\x86\x92\"");                  // →
  EXPECT_EQ(json("\xF0\x9F\x92\x89"), "\"\xF0\x9F\x92\x89\"");          // 💉
  EXPECT_EQ(json("\xEF\xBF\xBF"), "\"\xEF\xBF\xBF\"");                  // U+FFFF
  EXPECT_EQ(json("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");          // U+10FFFF
  EXPECT_EQ(json("\xE2\x80\xA8\xE2\x80\xA9"), "\"\\u2028\\u2029\"");    // line/paragraph separators
}

TEST(JsonString, ReplacesIllFormedUtf8) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(json("\xFF"), "\"" + r + "\"");
  EXPECT_EQ(json("a\x80z"), "\"a" + r + "z\"");                    // lone continuation
  EXPECT_EQ(json("\xC0\x80"), "\"" + r + r + "\"");                // overlong NUL
  EXPECT_EQ(json("\xED\xA0\x80"), "\"" + r + r + r + "\"");        // surrogate
  EXPECT_EQ(json("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(json("\xE2\x86"), "\"" + r + "\"");                    // truncated at the end
  EXPECT_EQ(json("\xE2\x86x"), "\"" + r + "x\"");                  // truncated mid-text
  EXPECT_EQ(json("\xF0\x9F\x92"), "\"" + r + "\"");                // maximal subpart is one U+FFFD
  EXPECT_EQ(json("\xC3\""), "\"" + r + "\\\"\"");                  // the quote is still escaped
}

TEST(JsonString, AnyBytesGiveValidJson) {
  std::mt19937 rng(19);
  for (int i = 0; i < 3000; ++i) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    std::string doc = "[" + json(s) + "]";
    ASSERT_TRUE(valid_utf8(doc));
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(doc).get(e), simdjson::SUCCESS) << doc;
    // Valid input comes back unchanged.
    std::string_view back;
    ASSERT_EQ(e.at(0).get(back), simdjson::SUCCESS);
    if (valid_utf8(s)) {
      EXPECT_EQ(back, s);
    }
  }
}

TEST(JsonString, ValidTextRoundTripsExactly) {
  std::mt19937 rng(7);
  const auto put = [](std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    for (int n = static_cast<int>(rng() % 30); n > 0; --n) {
      uint32_t cp;
      switch (rng() % 4) {
        case 0: cp = rng() % 0x80; break;
        case 1: cp = rng() % 0x800; break;
        case 2: cp = rng() % 0x10000; break;
        default: cp = 0x10000 + rng() % 0x100000; break;
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
      put(s, cp);
    }
    const std::string doc = "[" + json(s) + "]";
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(doc).get(e), simdjson::SUCCESS) << doc;
    std::string_view back;
    ASSERT_EQ(e.at(0).get(back), simdjson::SUCCESS);
    ASSERT_EQ(back, s);
  }
}

// ---------------------------------------------------------------- fast paths against the reference

TEST(JsonString, EveryByteAtEveryPositionMatchesTheReference) {
  // The fast path reads eight bytes at a time and the last few together:
  // every byte value, at every place in and around those words.
  for (size_t n = 1; n <= 24; ++n) {
    for (size_t k = 0; k < n; ++k) {
      for (int b = 0; b < 256; ++b) {
        std::string s(n, 'a');
        s[k] = static_cast<char>(b);
        ASSERT_EQ(json(s), reference_json(s)) << "length " << n << ", byte " << b << " at " << k;
      }
    }
  }
}

TEST(JsonString, SequencesAcrossWordBoundariesMatchTheReference) {
  const std::vector<std::string> seqs = {"\xC3\xA9", "\xE2\x86\x92", "\xF0\x9F\x92\x89", "\xE2\x80\xA8",
                                         "\xE2\x80\xA9", "\xE2\x86", "\xF0\x9F\x92", "\xED\xA0\x80",
                                         "\xC0\x80", "\"\\", "\x1f\x7f", "\r\n"};
  for (const std::string& seq : seqs) {
    for (size_t before = 0; before <= 17; ++before) {
      for (size_t after = 0; after <= 9; ++after) {
        const std::string s = std::string(before, 'x') + seq + std::string(after, 'y');
        ASSERT_EQ(json(s), reference_json(s)) << before << " + " << seq.size() << " + " << after;
      }
    }
  }
}

TEST(JsonString, RandomTextOfAnyLengthMatchesTheReference) {
  std::mt19937 rng(23);
  for (int i = 0; i < 2000; ++i) {
    // Mostly printable text, some specials and UTF-8 lead bytes, lengths up
    // to past the writers' 4096-byte buffer.
    const size_t n = i % 50 == 0 ? 4000 + rng() % 9000 : rng() % 80;
    std::string s(n, ' ');
    for (char& c : s) {
      const unsigned r = rng() % 100;
      c = static_cast<char>(r < 90 ? 0x20 + rng() % 0x5F : r < 95 ? rng() % 0x20 : 0x80 + rng() % 0x80);
      if (rng() % 200 == 0) c = '"';
    }
    ASSERT_EQ(json(s), reference_json(s)) << i;
  }
}

TEST(JsonString, AppendsToWhatIsThere) {
  std::string out = "prefix:";
  append_json_string(out, "a\"b");
  EXPECT_EQ(out, "prefix:\"a\\\"b\"");
  const std::string big(10000, 'z');
  append_json_string(out, big);
  EXPECT_EQ(out, "prefix:\"a\\\"b\"\"" + big + "\"");
}
