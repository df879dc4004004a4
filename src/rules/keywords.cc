// Keyword search (keywords.h).
#include "rules/keywords.h"

#include <algorithm>

namespace perdiem::rules {

Keywords::Keywords(const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (!w.empty()) words_.push_back(w);
  std::stable_sort(words_.begin(), words_.end(), [](std::string_view a, std::string_view b) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  });
  for (size_t c = 0, w = 0; c <= 256; ++c) {
    while (w < words_.size() && static_cast<unsigned char>(words_[w][0]) < c) ++w;
    first_[c] = static_cast<uint32_t>(w);
  }
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
