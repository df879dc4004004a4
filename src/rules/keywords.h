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
