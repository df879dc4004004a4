// Keyword search (keywords.h).
#include "rules/keywords.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace perdiem::rules {

namespace {

// Sorts non-empty `words` by their first character, keeping the order of
// words that share one, and fills `first` with where each character's begin.
void by_first_character(std::vector<std::string_view>& words, std::array<uint32_t, 257>& first) {
  std::stable_sort(words.begin(), words.end(), [](std::string_view a, std::string_view b) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  });
  for (size_t c = 0, w = 0; c <= 256; ++c) {
    while (w < words.size() && static_cast<unsigned char>(words[w][0]) < c) ++w;
    first[c] = static_cast<uint32_t>(w);
  }
}

}  // namespace

Keywords::Keywords(const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (!w.empty()) words_.push_back(w);
  by_first_character(words_, first_);
}

bool Keywords::found_in(std::string_view text) const {
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    for (uint32_t w = first_[c]; w < first_[c + 1]; ++w) {
      // The first characters are equal; most candidates differ right after.
      const std::string_view word = words_[w];
      if (word.size() > text.size() - pos) continue;
      size_t k = 1;
      while (k < word.size() && text[pos + k] == word[k]) ++k;
      if (k == word.size()) return true;
    }
  }
  return false;
}

}  // namespace perdiem::rules

namespace perdiem::rules {

namespace {

bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

// The word that ends just before `pos` (skipping spaces and punctuation), or "".
std::string_view word_before(std::string_view t, size_t pos) {
  size_t end = pos;
  while (end > 0 && !is_word_char(t[end - 1])) --end;
  size_t begin = end;
  while (begin > 0 && is_word_char(t[begin - 1])) --begin;
  return t.substr(begin, end - begin);
}

}  // namespace

WordKeywords::WordKeywords(const std::vector<std::string>& words, const std::vector<std::string>& negations,
                           const std::vector<std::string>& suffixes) {
  for (const std::string& w : words)
    if (!w.empty()) words_.push_back(w);
  // Only the words beginning with the text's character at a position can
  // match there, and they keep the list's order: the same first match.
  by_first_character(words_, first_);
  for (const std::string& n : negations)
    if (!n.empty()) negations_.push_back(n);
  for (const std::string& n : suffixes)
    if (!n.empty()) suffixes_.push_back(n);
}

size_t WordKeywords::match_at(std::string_view t, size_t pos) const {
  if (pos >= t.size() || (pos > 0 && is_word_char(t[pos - 1]))) return 0;  // not the start of a word
  const auto c = static_cast<unsigned char>(t[pos]);
  for (uint32_t k = first_[c]; k < first_[c + 1]; ++k) {
    const std::string_view w = words_[k];
    if (w.size() > t.size() - pos || t.compare(pos, w.size(), w) != 0) continue;
    size_t end = pos + w.size();
    if (end < t.size() && t[end] == 's') ++end;                            // plural
    else if (end + 1 < t.size() && t[end] == 'e' && t[end + 1] == 's') end += 2;
    if (end < t.size() && is_word_char(t[end])) continue;                  // not the end of a word
    // Negated: "no lipids", "non-lipid", "without insulin"; "lipid-free".
    const std::string_view before = word_before(t, pos);
    bool negated = false;
    for (std::string_view n : negations_) negated = negated || before == n;
    size_t after = end;
    while (after < t.size() && (t[after] == '-' || t[after] == ' ')) ++after;
    for (std::string_view n : suffixes_)
      if (t.compare(after, n.size(), n) == 0 && (after + n.size() == t.size() || !is_word_char(t[after + n.size()])))
        negated = true;
    if (!negated) return end - pos;
  }
  return 0;
}

bool WordKeywords::found_in(std::string_view t, size_t* at) const {
  for (size_t pos = 0; pos < t.size(); ++pos)
    if (match_at(t, pos) != 0) {
      if (at) *at = pos;
      return true;
    }
  return false;
}

double amino_acid_strength(std::string_view t, const WordKeywords& amino, const WordKeywords& others) {
  // Walk the text: remember the last product word seen (amino acid or
  // another component); a strength belongs to the amino acid when that
  // word is an amino acid, or, when no product word came since the last
  // strength, when the next product word is.
  enum class Last : uint8_t { kNone, kAmino, kOther };
  Last last = Last::kNone;
  bool fresh = true;  // no product word since the last strength
  for (size_t pos = 0; pos < t.size();) {
    if (size_t n = amino.match_at(t, pos)) {
      last = Last::kAmino;
      fresh = false;
      pos += n;
      continue;
    }
    if (size_t n = others.match_at(t, pos)) {
      last = Last::kOther;
      fresh = false;
      pos += n;
      continue;
    }
    const char c = t[pos];
    const bool starts_number = (c >= '0' && c <= '9') && (pos == 0 || !is_word_char(t[pos - 1]) || t[pos - 1] == ' ');
    if (!starts_number) {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < t.size() && ((t[end] >= '0' && t[end] <= '9') || t[end] == '.')) ++end;
    const double value = std::atof(std::string(t.substr(pos, end - pos)).c_str());
    size_t next = end;
    while (next < t.size() && t[next] == ' ') ++next;
    const bool percent = next < t.size() && t[next] == '%';
    const bool premix = next < t.size() && t[next] == '/' && next + 1 < t.size() && t[next + 1] >= '0' && t[next + 1] <= '9';
    if (percent || premix) {
      Last owner = last;
      if (fresh && percent) {
        // "15% amino acids": the next product word says.
        owner = Last::kNone;
        for (size_t p = next + 1; p < t.size() && owner == Last::kNone; ++p) {
          if (amino.match_at(t, p)) owner = Last::kAmino;
          else if (others.match_at(t, p)) owner = Last::kOther;
        }
      }
      if (owner == Last::kAmino) return value;
      fresh = true;
    }
    pos = end;
    if (premix) {  // skip the second number of N/M
      pos = next + 1;
      while (pos < t.size() && ((t[pos] >= '0' && t[pos] <= '9') || t[pos] == '.')) ++pos;
    }
  }
  return -1;
}

}  // namespace perdiem::rules
