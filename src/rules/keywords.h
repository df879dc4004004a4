// A keyword list ready to search a text for, built once from a pack list.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace perdiem::rules {

// The keywords by first character, so that one pass over the text finds
// whether it contains any. Holds views of the words: the list it was built
// from (a pack's) must outlive it.
class Keywords {
 public:
  Keywords() = default;
  explicit Keywords(const std::vector<std::string>& words);
  // Some keyword occurs in `text`.
  bool found_in(std::string_view text) const;

 private:
  std::vector<std::string_view> words_;  // non-empty, by first character
  std::array<uint32_t, 257> first_{};    // words_ beginning with c: [first_[c], first_[c + 1])
};

}  // namespace perdiem::rules

namespace perdiem::rules {

// Keywords found only as whole words (a keyword may hold spaces; a plural
// "s" or "es" after it still counts) and only where the text does not
// negate them: not after a negation word ("no lipids", "without insulin",
// "non-lipid") and not before a negating suffix ("lipid-free", "lipid
// free"). For reading what a TPN product is (SPEC §4: "a keyword counts only
// as a whole word and not when negated").
class WordKeywords {
 public:
  WordKeywords() = default;
  WordKeywords(const std::vector<std::string>& words, const std::vector<std::string>& negations,
               const std::vector<std::string>& suffixes);
  // Some keyword occurs in `text` (lower case) as a word, not negated. When
  // `at` is given, it receives where the first one found begins.
  bool found_in(std::string_view text, size_t* at = nullptr) const;
  // The keyword, if any, that begins at text[pos] as a word (not negated);
  // its length, else 0.
  size_t match_at(std::string_view text, size_t pos) const;

 private:
  std::vector<std::string_view> words_;  // non-empty, by first character (the list's order within one)
  std::array<uint32_t, 257> first_{};    // words_ beginning with c: [first_[c], first_[c + 1])
  std::vector<std::string_view> negations_, suffixes_;
};

// The strength of a product's amino acid written in its description (lower
// case), as a percentage, or -1: a "N%" whose nearest product word is one
// of `amino` ("aminosyn 15%", "15% amino acids", never "dextrose 20%"), or
// the first number of an "N/M" premix name after one ("clinimix 5/15": N
// is the amino acid). `others` are the words of other components, which
// take a strength from the amino acid ("travasol 5.5% in dextrose 20%").
double amino_acid_strength(std::string_view text, const WordKeywords& amino, const WordKeywords& others);

}  // namespace perdiem::rules
