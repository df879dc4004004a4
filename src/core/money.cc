#include "perdiem/money.h"

#include <cstdlib>

namespace perdiem {

template <int Scale>
std::optional<Fixed<Scale>> Fixed<Scale>::parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
  }
  int64_t whole = 0;
  int int_digits = 0, frac_digits = 0;
  int64_t frac = 0;
  bool any = false, point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (point) return std::nullopt;
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any = true;
    const int dgt = c - '0';
    if (!point) {
      if (whole == 0 && dgt == 0) continue;  // leading zeros do not count
      if (++int_digits > 15) return std::nullopt;
      whole = whole * 10 + dgt;
    } else if (frac_digits < Scale) {
      frac = frac * 10 + dgt;
      ++frac_digits;
    } else if (dgt != 0) {
      return std::nullopt;  // more precision than the scale can hold exactly
    }
  }
  if (!any) return std::nullopt;
  for (int k = frac_digits; k < Scale; ++k) frac *= 10;
  const int64_t raw = whole * kOne + frac;
  return from_raw(neg ? -raw : raw);
}

template <int Scale>
std::string Fixed<Scale>::fixed_text() const {
  const bool neg = raw_ < 0;
  const uint64_t mag = neg ? 0 - static_cast<uint64_t>(raw_) : static_cast<uint64_t>(raw_);
  std::string out = std::to_string(mag / static_cast<uint64_t>(kOne));
  if (Scale > 0) {
    std::string frac = std::to_string(mag % static_cast<uint64_t>(kOne));
    out += '.';
    out.append(static_cast<size_t>(Scale) - frac.size(), '0');
    out += frac;
  }
  return neg ? "-" + out : out;
}

template <int Scale>
std::string Fixed<Scale>::short_text() const {
  std::string s = fixed_text();
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

template class Fixed<2>;
template class Fixed<3>;

}  // namespace perdiem
