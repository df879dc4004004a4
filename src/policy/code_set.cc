// CodeSet: sorted, merged ranges of packed code keys; binary search look-up.
#include <algorithm>

#include "perdiem/pack.h"

namespace perdiem {

CodeKey code_key(std::string_view code) {
  if (code.empty() || code.size() > 7) return 0;
  // The length leads, so a range holds codes of its own length only; the
  // characters follow from the top, zeros fill the rest.
  CodeKey k = CodeKey{code.size()} << 56;
  for (size_t i = 0; i < code.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(code[i]);
    if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
    k |= CodeKey{c} << (48 - 8 * i);
  }
  return k;
}

namespace {
bool valid_code(std::string_view s) {
  if (s.empty() || s.size() > 7) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.'))
      return false;
  return true;
}
}  // namespace

bool CodeSet::add(std::string_view item, std::string& error) {
  const size_t dash = item.find('-');
  std::string_view lo = item, hi = item;
  if (dash != std::string_view::npos) {
    lo = item.substr(0, dash);
    hi = item.substr(dash + 1);
    if (lo.size() != hi.size()) {
      error = "range \"" + std::string(item) + "\" has ends of different lengths";
      return false;
    }
  }
  if (!valid_code(lo) || !valid_code(hi)) {
    error = "\"" + std::string(item) + "\" is not a code or a range of codes (e.g. S9500 or S9497-S9504)";
    return false;
  }
  const CodeKey a = code_key(lo), b = code_key(hi);
  if (a > b) {
    error = "range \"" + std::string(item) + "\" is reversed";
    return false;
  }
  ranges_.push_back({a, b});
  items_.emplace_back(item);
  return true;
}

void CodeSet::add_all(const CodeSet& other) {
  ranges_.insert(ranges_.end(), other.ranges_.begin(), other.ranges_.end());
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void CodeSet::finish() {
  std::sort(ranges_.begin(), ranges_.end(), [](const Range& x, const Range& y) { return x.lo < y.lo; });
  std::vector<Range> merged;
  for (const Range& r : ranges_) {
    if (!merged.empty() && r.lo <= merged.back().hi) merged.back().hi = std::max(merged.back().hi, r.hi);
    else merged.push_back(r);
  }
  ranges_ = std::move(merged);
}

bool CodeSet::contains_key(CodeKey k) const {
  if (k == 0) return false;
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), k,
                             [](CodeKey key, const Range& r) { return key < r.lo; });
  if (it == ranges_.begin()) return false;
  --it;
  return k <= it->hi;
}

}  // namespace perdiem
